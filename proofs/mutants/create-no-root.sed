# function: vpool_create
# select: -wp-prop=@requires
# Seeded bug: a new root pool is not made its own root.
/^vpool_t \*vpool_create(/,/^}/s|^    p->root = p;$||
