# function: vpool__block_release
# select: -wp-no-split -wp-prop=count
# Seeded bug: a block goes to the root's cache without being counted, so
# the cache can outgrow cache_max.
/^static void vpool__block_release(/,/^}/ s|^        root->ncache++;$||
