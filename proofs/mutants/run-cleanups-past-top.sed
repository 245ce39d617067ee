# function: vpool__run_cleanups
# select: -wp-no-split -wp-prop=left,@requires
# Seeded bug (an off-by-one in teardown's walk): the walk starts one slot
# above the stack's top, so its first step reads a record that was never
# registered (past the array when the stack is full) and runs its handler.
/^static void vpool__run_cleanups(/,/^}/ s|^    size_t i = n;$|    size_t i = n + 1;|
