# function: vpool__cl_reserve
# select: -wp-prop=@requires
# Seeded bug: a cached first-size array is taken for any growth, so a
# stack of more than VPOOL_CL_MIN_CAP records is copied past its end.
s|^    from_cache = p->capcl == 0 \&\& p->root->ncl_cache > 0;$|    from_cache = p->root->ncl_cache > 0;|
