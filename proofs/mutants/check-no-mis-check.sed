# function: vpool_block_chain_valid
# select: -wp-no-split -wp-prop=rest
# Seeded bug: the checker no longer tests that a block's misalignment is a
# multiple of VPOOL_ALIGNMENT, so it accepts a chain vpool_valid rejects.
s#            || b->mis >= VPOOL_INBLOCK_MAX_ALIGN || b->mis % VPOOL_ALIGNMENT != 0) {#            || b->mis >= VPOOL_INBLOCK_MAX_ALIGN) {#
