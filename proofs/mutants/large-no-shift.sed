# function: vpool__large_link
# Seeded bug: the caller gets the unshifted base (wrong for align > 16).
s|l->mem = base + shift;|l->mem = base;|
