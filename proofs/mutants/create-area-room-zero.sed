# function: vpool_create
# select: -wp-prop=budget
# Seeded bug: a new root starts with no area room although it records a
# budget, so vpool_check would reject it (vpool_larea_budget_ok: the room
# plus the cached bytes is the budget); vpool_create's clause `valid`
# catches it at the precondition `budget` of the lemma behind it.
/^vpool_t \*vpool_create(/,/^}/s|^    p->larea_room = p->larea_budget;$|    p->larea_room = 0;|
