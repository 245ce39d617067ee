# function: vpool_cleanup_stack_valid
# select: -wp-prop=pending
# Seeded bug: the checker counts a pending record twice.
s#            pending++;#            pending += 2;#
