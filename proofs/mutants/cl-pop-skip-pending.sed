# function: vpool__cl_pop
# select: -wp-no-split -wp-prop=run_once
# Seeded bug (a skipped cleanup): teardown pops a pending record as if it
# had already run, so its handler never runs.
/^static struct vpool_cleanup_rec \*vpool__cl_pop(/,/^}/ s|^    if (rec->state != VPOOL_CL_PENDING) {$|    if (rec->state == VPOOL_CL_PENDING) {|
