# function: vpool__fd_register
# select: -wp-prop=@requires
# Seeded bug: the data is sized without the path's terminator, so filling
# it writes one byte past the allocation.
s|^    size = sizeof(struct vpool_fd_cl) + len + 1;$|    size = sizeof(struct vpool_fd_cl) + len;|
s|^    /\*@ assert size_exact: size == sizeof(struct vpool_fd_cl) + len + 1; \*/$|    /*@ assert size_exact: size == sizeof(struct vpool_fd_cl) + len; */|
