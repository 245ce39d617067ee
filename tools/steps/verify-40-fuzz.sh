#!/usr/bin/env bash
# verify step: a brief campaign per target and engine (ASan+UBSan), with its
# exec/s, new coverage and crash count as a report section. VPOOL_QUICK=1:
# 20 s per target per engine, else 60 s (VPOOL_FUZZ_SECONDS overrides).
# Campaign finds stay under out/fuzz/work; `./run fuzz minimize TARGET`
# folds them into corpus/. Any crash fails the step.
set -euo pipefail
ROOT="${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
export VPOOL_ROOT="$ROOT"
REPORT="${VPOOL_REPORT_DIR:?VPOOL_REPORT_DIR must be set}"
mkdir -p "$REPORT/sections"
secs="${VPOOL_FUZZ_SECONDS:-$([ "${VPOOL_QUICK:-0}" = 1 ] && echo 20 || echo 60)}"
results=()
crashes=0
for t in $(bash "$ROOT/tools/fuzz.sh" list); do
    for e in libfuzzer afl; do
        line=$(bash "$ROOT/tools/fuzz.sh" "$t" --engine "$e" --time "$secs" | grep '^fuzz-result' | tail -1)
        results+=("$line")
        c=$(sed -n 's/.* crashes=\([0-9]*\).*/\1/p' <<<"$line")
        crashes=$((crashes + ${c:-1}))
    done
done

field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
{
    echo "## Fuzzing (brief campaign of this run)"
    echo
    echo "Each target ran ${secs} s per engine under ASan+UBSan, \`nice -n 10\`, one engine process at a"
    echo "time, starting from the committed corpus (\`tools/fuzz.sh\`; method and the longer campaign in"
    echo "[docs/fuzzing.md](../fuzzing.md)). *Coverage* is libFuzzer's edge count (\`cov\`, at start → at end)"
    echo "or AFL++'s \`bitmap_cvg\`; *new* is inputs added to the queue during this run."
    echo
    echo "| target | engine | execs | exec/s | coverage | new inputs | crashes |"
    echo "|---|---|---|---|---|---|---|"
    for r in "${results[@]}"; do
        t=$(field target "$r"); e=$(field engine "$r")
        if [ "$e" = libfuzzer ]; then cov="$(field cov_start "$r") → $(field cov "$r") edges"; else cov="$(field cov "$r") of map"; fi
        echo "| vpool_$t | $e | $(field execs "$r") | $(field exec_per_sec "$r") | $cov | $(field new "$r") | $(field crashes "$r") |"
    done
    echo
    echo "Crashes in this run: **$crashes**."
} >"$REPORT/sections/40-fuzz.md"
echo "vpool-count: $([ "$crashes" -eq 0 ] && echo "1 0" || echo "0 1")"
[ "$crashes" -eq 0 ]
