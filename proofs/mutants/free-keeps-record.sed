# function: vpool_free
# select: -wp-no-split -wp-bhv=live_large -wp-prop=@ensures
# Seeded bug: a found large allocation is released but left in the list.
s|^            vpool__large_unlink(p, l);$||
