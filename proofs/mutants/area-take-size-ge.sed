# function: vpool__large_area_take
# select: -wp-prop=@ensures
# Seeded bug: a cached area at least as large is handed out (its record
# then disagrees with the size charged for it).
s|if (l->size == size) {|if (l->size >= size) {|
