# function: vpool_stats
# select: -wp-no-split -wp-prop=sums
# Seeded bug: the reported capacity leaves out the large allocations.
s#        st.capacity += p->large_held;#        st.capacity += 0;#
