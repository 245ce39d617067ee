# function: vpool_areas_valid
# select: -wp-prop=decides
# Seeded bug: the area check accepts cached bytes short of the budget, so
# an area taken off the cache without giving its room back (or a room
# never charged) goes unnoticed.
s#    return !over \&\& left == 0;#    return !over;#
