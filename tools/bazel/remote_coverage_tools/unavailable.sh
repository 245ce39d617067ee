#!/bin/sh
echo "bazel coverage is not supported offline; use ./run coverage" >&2
exit 1
