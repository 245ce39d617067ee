# function: vpool_free
# select: -wp-prop=stack_kept,cl_fields,cl_records,pending
# timeout: 10
# (Two control goals take 4.3 s and 4.6 s: at the base 5 s the control
# failed once in a clean-clone CI run.)
# Seeded bug: freeing a large allocation also clears the pending-cleanup
# count, so the count no longer matches the records. The selection
# includes the ghost walk's assertions and invariant: the ensures assumes
# them, and would pass vacuously without them.
/^vpool_status_t vpool_free(/,/^}/ s|^            vpool__large_release(p, l);|            vpool__large_release(p, l);\n            p->npending = 0;|
