# function: vpool_alloc
# select: -wp-prop=@requires
# Seeded bug: the fast path's room check lets the allocation end one byte
# past the block's payload.
s|if (off + n + VPOOL_REDZONE <= b->size) {|if (off + n + VPOOL_REDZONE <= b->size + 1) {|
