# function: vpool__cl_adopt
# select: -wp-prop=@ensures
# Seeded bug: growing the cleanup stack copies one record too few, so the
# newest registration is lost.
/loop variant p->ncl - i;/,/arr\[i\] = p->cl\[i\];/ s|    for (i = 0; i < p->ncl; i++) {|    for (i = 0; i + 1 < p->ncl; i++) {|
