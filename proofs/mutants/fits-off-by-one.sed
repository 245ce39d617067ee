# function: vpool__fits
# select: -wp-prop=@ensures
# Seeded bug: a request one byte larger than the room left is accepted.
s|return pad <= room \&\& n + VPOOL_REDZONE <= room - pad;|return pad <= room \&\& n + VPOOL_REDZONE <= room - pad + 1;|
