# function: vpool__child_unlink
# select: -wp-no-split -wp-prop=back
# Seeded bug: the next sibling keeps its back link to the dead child.
/^static void vpool__child_unlink(/,/^}/ s|^        p->next->prev = p->prev;$||
