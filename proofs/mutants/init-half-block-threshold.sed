# function: vpool__init
# select: -wp-prop=quarter
# Seeded bug: the in-block threshold goes back to half a block, above the
# quarter block vpool_accounting_valid checks (so vpool_check would reject
# every new pool); the earlier fresh_sizes clause (half a block) let it pass.
/^static void vpool__init(/,/^}/s|^    p->small_max = block_size / 4;$|    p->small_max = block_size / 2;|
