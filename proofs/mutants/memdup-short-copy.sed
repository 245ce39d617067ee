# function: vpool_memdup
# Seeded bug: the copy stops one byte short.
s|        memmove(r, src, n);|        memmove(r, src, n - 1);|
