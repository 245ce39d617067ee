# function: vpool__cl_reserve
# select: -wp-prop=taken_top
# Seeded bug: the stack takes the root's first cached array but the cache
# gives up its last entry, so the array in use is still listed as cached
# (and would be handed to the next pool that grows a stack). The cache
# invariant (vpool_cl_cache_ok) does not say cached arrays are apart from
# the one in use, so only the exact postcondition taken_top kills it.
s|^        arr = p->root->cl_cache\[p->root->ncl_cache - 1\];$|        arr = p->root->cl_cache[0];|
