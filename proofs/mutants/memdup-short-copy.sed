# function: vpool_memdup
# select: -wp-prop=copied
# Seeded bug: the copy stops one byte short.
s|        memmove(r, src, n);|        memmove(r, src, n - 1);|
