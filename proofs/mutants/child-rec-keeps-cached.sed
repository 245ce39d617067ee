# function: vpool__child_rec
# select: -wp-no-split -wp-prop=popped
# Seeded bug: the root's first cached pool record becomes the new child
# but stays in the cache, so the next child would get the same record.
/^static vpool_t \*vpool__child_rec(/,/^}/ s|^        root->pool_cache = p->next;$||
