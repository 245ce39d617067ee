# function: vpool__blocks_rewind
# select: -wp-no-split -wp-prop=rewound
# Seeded bug (a block not rewound on reset): the walk stops before the last
# block, whose old contents stay allocated after vpool_reset.
/^static void vpool__blocks_rewind(/,/^}/ s|^    for (b = p->first; b != NULL; b = b->next) {$|    for (b = p->first; b != NULL \&\& b->next != NULL; b = b->next) {|
