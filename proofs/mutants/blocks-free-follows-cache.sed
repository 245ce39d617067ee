# function: vpool__blocks_free
# select: -wp-prop=left
# Seeded bug (destroy follows a released block's link): the walk reads
# b->next after the release, when a cached block's next already points into
# the root's cache (and a freed block is gone), so it walks off the chain.
/^static void vpool__blocks_free(/,/^}/ s|^        b = next;$|        b = b->next;|
