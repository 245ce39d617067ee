# function: vpool__carve
# select: -wp-prop=root_apart
# Seeded bug: the in-block result is computed from the block record's
# address instead of its payload's (the header-in-block mistake), so a
# write through it may reach the record and, for all WP knows, the root's.
# WP's Typed model does not represent the cast this takes: every goal of
# vpool__carve, root_apart included, proved on the mutant (twenty-second
# session). It is killed by the gate's model rule instead: WP warns "Cast
# with incompatible pointers types" (proofs/model_warnings.txt), which
# fails the gate. The fuzzers' oracle mutant of the same bug is killed by
# the placement check ("new allocation overlaps pool metadata").
/^static char \*vpool__carve(/,/^}/ s|^    char \*r = b->mem + b->used + pad;|    char *r = (char *)b + b->used + pad;|
