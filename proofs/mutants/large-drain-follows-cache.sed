# function: vpool__large_drain
# select: -wp-prop=left
# Seeded bug (teardown follows a released record's link): the walk reads
# l->next after the release, when a cached record's next already points
# into the root's record cache, so it walks off the pool's list.
/^static void vpool__large_drain(/,/^}/ s|^        l = next;$|        l = l->next;|
