# function: vpool_caches_valid
# select: -wp-prop=rest,decides
# Seeded bug: the pool-record walk no longer tests that a cached record is
# dead, so a live record listed for reuse is accepted.
s#        if (k == p->npool_cache || r->magic != VPOOL_DEAD) {#        if (k == p->npool_cache) {#
