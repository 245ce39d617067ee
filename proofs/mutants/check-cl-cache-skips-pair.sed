# function: vpool_cl_cache_valid
# select: -wp-prop=seen
# Seeded bug: the pairwise test stops one entry short, so an array listed
# both just before entry k and at k is accepted.
s#        for (j = 0; j < k; j++) {#        for (j = 0; j + 1 < k; j++) {#
