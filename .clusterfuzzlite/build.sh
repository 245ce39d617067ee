#!/bin/bash -eu
# ClusterFuzzLite uses the same build as OSS-Fuzz.
exec "$SRC/vpool/fuzz/oss-fuzz/build.sh"
