# function: vpool_cleanup_add_sized
# select: -wp-prop=@ensures
# Seeded bug: on success the caller's slot is left NULL, so the caller
# never sees the data its cleanup will be handed.
s|^        vpool__cl_out(data, h != 0 ? (p->cl + p->ncl - 1)->data : NULL) /\*@ ghost (p) \*/;$|        vpool__cl_out(data, NULL) /*@ ghost (p) */;|
