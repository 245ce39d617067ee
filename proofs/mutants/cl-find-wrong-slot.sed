# function: vpool__cl_find
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: the 1-based slot of a handle is used as a 0-based index.
s|rec = &p->cl\[slot - 1\];|rec = \&p->cl[slot];|
