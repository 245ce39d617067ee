# function: vpool__large
# select: -wp-no-split -wp-prop=unsigned_overflow
# Seeded bug: the SIZE_MAX check before n + extra is gone.
s/|| n > SIZE_MAX - sizeof(struct vpool_large) - extra) {/|| n == 0) {/
