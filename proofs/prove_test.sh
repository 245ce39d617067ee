#!/usr/bin/env bash
# Bazel entry of the proof gate (proofs/BUILD): offline replay of the
# committed session, gated on the Report plug-in like ./run prove.
set -euo pipefail
export TMPDIR="${TEST_TMPDIR:-/tmp}"
exec bash "${TEST_SRCDIR}/vpool/tools/prove.sh" --replay --no-report
