# function: vpool__charge
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: the limit check lets one byte too many through.
s|if (n > p->limit - p->held) {|if (n > p->limit - p->held + 1) {|
