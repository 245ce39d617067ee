# function: vpool__large_link
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: the caller gets the unshifted base (wrong for align > 16).
s|l->mem = base + shift;|l->mem = base;|
