# function: vpool__cl_retire
# select: -wp-prop=@ensures
# Seeded bug: a retired cleanup is left pending (it could run twice).
/^static void vpool__cl_retire(/,/^}/ s|^    rec->state = VPOOL_CL_DONE;|    rec->state = VPOOL_CL_PENDING;|
