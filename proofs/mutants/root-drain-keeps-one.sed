# function: vpool__root_drain
# select: -wp-no-split -wp-prop=drained
# Seeded bug: a dying root's last cached cleanup stack is never given back
# to the backing allocator (a leak on every destroy).
/^static void vpool__root_drain(/,/^}/ s|^    while (p->ncl_cache > 0) {$|    while (p->ncl_cache > 1) {|
