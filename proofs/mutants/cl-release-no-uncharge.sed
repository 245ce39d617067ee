# function: vpool__cl_release
# select: -wp-no-split -wp-prop=gone
# Seeded bug: a released cleanup stack stays counted in held, so the pool's
# byte count drifts up on every destroy.
/^static void vpool__cl_release(/,/^}/ s|^    vpool__uncharge(p, p->capcl \* sizeof(struct vpool_cleanup_rec));$||
