# function: vpool__carve
# Seeded bug: the carved pointer ignores the alignment padding.
s|unsigned char \*r = b->mem + b->used + pad;|unsigned char *r = b->mem + b->used;|
