# function: vpool__large
# Seeded bug: the SIZE_MAX check before n + extra is gone.
s|if (n > SIZE_MAX - extra - sizeof(struct vpool_large)) {|if (n == 0) {|
