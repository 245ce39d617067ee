# function: vpool__bump
# Seeded bug: vpool_alloc's fast path lets the allocation end one byte past
# the block's payload.
s|if (end > b->size) {|if (end > b->size + 1) {|
