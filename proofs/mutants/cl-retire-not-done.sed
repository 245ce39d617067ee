# function: vpool__cl_retire
# select: -wp-prop=@ensures,above
# Seeded bug: a retired cleanup is left pending (it could run twice).
# The selection includes the ghost walk's invariant `above`: it is what
# breaks first, and the ensures, which assume it, would pass vacuously
# without it.
/^static void vpool__cl_retire(/,/^}/ s|^    rec->state = VPOOL_CL_DONE;|    rec->state = VPOOL_CL_PENDING;|
