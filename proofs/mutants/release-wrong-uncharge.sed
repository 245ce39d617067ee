# function: vpool__large_release
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: the record's own bytes are not given back to the accounting.
/^static void vpool__large_release/,/^}/ s|    vpool__uncharge(p, size + sizeof(struct vpool_large));|    vpool__uncharge(p, size);|
