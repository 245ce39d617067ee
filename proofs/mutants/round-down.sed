# function: vpool__round
# select: -wp-prop=@ensures
# Seeded bug: vpool_alloc's fast path rounds the offset down instead of up,
# so the result overlaps the previous allocation.
s|return (b->used + (VPOOL_ALIGNMENT - 1)) / VPOOL_ALIGNMENT \* VPOOL_ALIGNMENT;|return b->used / VPOOL_ALIGNMENT * VPOOL_ALIGNMENT;|
