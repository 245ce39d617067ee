# function: vpool__bump
# Seeded bug: vpool_alloc's fast path forgets to round the offset up, so a
# result after an odd-sized vpool_nalloc is misaligned.
s|size_t off = (b->used + (VPOOL_ALIGNMENT - 1)) / VPOOL_ALIGNMENT \* VPOOL_ALIGNMENT;|size_t off = b->used;|
