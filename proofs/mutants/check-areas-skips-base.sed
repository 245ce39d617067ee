# function: vpool_areas_valid
# select: -wp-prop=seen,decides
# Seeded bug: the area check no longer tests the area's bytes, so a cached
# record whose area is gone (NULL base) is accepted.
s#        if (l == NULL || l->base == NULL || l->size == 0) {#        if (l == NULL || l->size == 0) {#
