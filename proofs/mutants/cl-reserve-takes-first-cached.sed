# function: vpool__cl_reserve
# select: -wp-prop=taken_top,arr_apart
# Seeded bug: the stack takes the root's first cached array but the cache
# gives up its last entry, so the array in use is still listed as cached
# (and would be handed to the next pool that grows a stack). Until the
# seventeenth session only the exact postcondition taken_top killed it.
# Now the install's precondition arr_apart does (the array taken must be
# apart from every array the cache still lists, vpool_cl_distinct), and
# taken_top proves on the mutant: WP assumes a call's precondition after
# the call, and arr_apart is false on the mutant's path whenever the
# cache held two arrays or more (with one, first and last coincide).
s|^        arr = p->root->cl_cache\[p->root->ncl_cache - 1\];$|        arr = p->root->cl_cache[0];|
