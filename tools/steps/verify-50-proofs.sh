#!/usr/bin/env bash
# ./run verify step: regenerates the proof report (docs/proofs/report.md,
# .html, proofs/results/*.json) and writes its verdict as a section of the
# release report.
set -uo pipefail
ROOT=${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
: "${VPOOL_REPORT_DIR:?VPOOL_REPORT_DIR not set}"
mkdir -p "$VPOOL_REPORT_DIR/sections"
sec="$VPOOL_REPORT_DIR/sections/50-proofs.md"
gate=$(bash tools/prove.sh 2>&1); rc=$?
{
    echo "## Proofs (Frama-C WP)"
    echo
    if [ $rc -eq 0 ]; then echo "Gate: **passed**."; else echo "Gate: **FAILED**."; fi
    echo
    echo '```'
    echo "$gate" | head -40
    echo '```'
    echo
    echo "Coverage is partial: see [docs/proofs/report.md](../proofs/report.md) for the per-function"
    echo "goal table, the trusted base and the functions of pool/ not proven yet."
} >"$sec"
exit $rc
