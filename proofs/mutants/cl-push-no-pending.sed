# function: vpool__cl_push
# Seeded bug: the pending count is not incremented for a new record.
s|^    p->npending++;|    p->npending += 0;|
