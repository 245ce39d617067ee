# function: vpool_cleanup_run
# select: -wp-no-split -wp-prop=retired
# Seeded bug: the handler runs while its record is still pending (it could
# be run again through its handle, from inside the handler).
/^vpool_status_t vpool_cleanup_run(/,/^}/s|^    vpool__cl_retire(p, rec);$||
