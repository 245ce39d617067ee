# function: vpool__cl_reserve
# select: -wp-prop=arr_apart
# Seeded bug: the stack takes the root's top cached array but tells the
# install it is fresh, so the cache keeps listing it: the next pool of the
# tree that needs a first stack would be handed the same array, and two
# pools would write one array. Killed by the install's precondition
# arr_apart (a new array is apart from every array the cache still lists).
s|^    vpool__cl_install(p, arr, cap, from_cache);$|    vpool__cl_install(p, arr, cap, 0);|
