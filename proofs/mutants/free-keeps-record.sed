# function: vpool_free
# Seeded bug: a found large allocation is released but left in the list.
s|^            vpool__large_unlink(p, l);$||
