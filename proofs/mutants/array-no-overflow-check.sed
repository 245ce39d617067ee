# function: vpool_alloc_array
# select: -wp-prop=array_mono
# Seeded bug: count * size is not checked for wrap-around, so a huge
# count times size wraps to a small request.
s|if (size != 0 \&\& count > SIZE_MAX / size) {|if (size != 0 \&\& count > SIZE_MAX) {|
