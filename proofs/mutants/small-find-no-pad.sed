# function: vpool__small_find
# select: -wp-prop=@ensures
# Seeded bug: the room check forgets the alignment padding, so a block
# with too little room for the padded request is chosen.
s|if (vpool__fits(b, vpool__pad(b, align), n)) {|if (vpool__fits(b, 0, n)) {|
