# function: vpool__cl_retire
# select: -wp-prop=popped_done,counted
# Seeded bug: retire assumes the record is on top and pops one slot before
# the done ones; killing any record but the newest drops a pending record,
# whose handler is then never run, and the pending count no longer matches
# the stack (vpool_cleanup_stack_valid's count). `counted` alone would
# pass: its establishment assumes `popped_done`, which is what breaks.
/^static void vpool__cl_retire(/,/^}/ s|^    p->npending--;$|    p->npending--;\n    p->ncl--;|
