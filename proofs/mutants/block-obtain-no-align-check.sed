# function: vpool__block_obtain
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: a payload misaligned for VPOOL_ALIGNMENT is accepted.
s|if (\*mis % VPOOL_ALIGNMENT != 0) {|if (*mis > VPOOL_INBLOCK_MAX_ALIGN) {|
