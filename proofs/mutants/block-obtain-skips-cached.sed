# function: vpool__block_obtain
# select: -wp-prop=cl_apart
# Seeded bug: the block cache is read one entry too far (the root's second
# cached block is handed out when there is one). Only the first cached
# block is known to be apart from the pool's cleanup array
# (vpool_grow_avoids), so the new block may be a cleanup record's memory:
# the allocation frame's promise that no cleanup record is written fails.
/^static struct vpool_block \*vpool__block_obtain(/,/^}/ s|^    struct vpool_block \*b = root->cache;|    struct vpool_block *b = root->cache != NULL \&\& root->cache->next != NULL ? root->cache->next : root->cache;|
