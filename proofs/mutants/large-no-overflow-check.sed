# function: vpool__large
# Seeded bug: the SIZE_MAX check before n + extra is gone.
s/|| n > SIZE_MAX - sizeof(struct vpool_large) - extra) {/|| n == 0) {/
