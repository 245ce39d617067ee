# function: vpool__child_link
# select: -wp-no-split -wp-prop=linked
# Seeded bug: a new child is linked in without being counted, so the
# parent's child count disagrees with its child list.
/^static void vpool__child_link(/,/^}/ s|^    parent->nchildren++;$||
