# function: vpool__cl_push
# select: -wp-no-split -wp-prop=@ensures
# Seeded bug: the pending count is not incremented for a new record.
s|^    p->npending++;|    p->npending += 0;|
