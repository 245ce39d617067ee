# function: vpool__carve
# select: -wp-prop=@assert
# Seeded bug: the carved pointer ignores the alignment padding.
s|char \*r = b->mem + b->used + pad;|char *r = b->mem + b->used;|
