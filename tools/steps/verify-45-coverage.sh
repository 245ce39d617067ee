#!/usr/bin/env bash
# verify step: ./run coverage over the committed corpus, as a report section
# with the per-file table and every uncovered line and branch side.
set -euo pipefail
ROOT="${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
export VPOOL_ROOT="$ROOT"
REPORT="${VPOOL_REPORT_DIR:?VPOOL_REPORT_DIR must be set}"
mkdir -p "$REPORT/sections"
line=$(bash "$ROOT/tools/coverage.sh" --out "$REPORT/coverage" | grep '^coverage-result')
{
    echo "## Coverage of pool/ by the corpus replay"
    echo
    echo "clang source-based coverage (\`-fprofile-instr-generate -fcoverage-mapping\`, llvm-cov 14) of every"
    echo "file in \`corpus/\` replayed through its target, built without sanitizers so that the block cache is"
    echo "measured too (\`tools/coverage.sh\`). Goal: 100 % of lines, ≥ 95 % of branches. Why each remaining"
    echo "line or branch is not reached: [docs/fuzzing.md](../fuzzing.md#what-coverage-does-not-reach)."
    echo
    sed -e 's/^Uncovered lines/#### Uncovered lines/' -e 's/^Branch sides never taken/#### Branch sides never taken/' \
        "$REPORT/coverage/summary.md"
} >"$REPORT/sections/45-coverage.md"
echo "vpool-count: 1 0"
