# function: vpool__large_unlink
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: the successor's prev link is set to the record being removed.
s|        l->next->prev = l->prev;|        l->next->prev = l;|
