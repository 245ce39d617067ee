#!/usr/bin/env bash
# ./run verify: the tests (as ./run test), then tools/steps/verify-*.sh, each
# writing a Markdown section to $VPOOL_REPORT_DIR/sections/, then the report
# (docs/report/report.md, docs/report/report.html). Ends with the same
# "N passed, N failed" line, counting the tests and the verify steps.
#
# usage: tools/verify.sh [--quick] [--configs "..."]
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0
for a in "$@"; do [ "$a" = --quick ] && quick=1; done
if [ "$quick" = 1 ]; then export VPOOL_QUICK=1; fi

VPOOL_REPORT_DIR="$VPOOL_OUT/report"
export VPOOL_REPORT_DIR
rm -rf "$VPOOL_REPORT_DIR"
mkdir -p "$VPOOL_REPORT_DIR/sections"

bash "$VPOOL_ROOT/tools/test.sh" "$@" 2>&1 | tee "$VPOOL_REPORT_DIR/test-output.txt"
test_rc=${PIPESTATUS[0]}
read -r t_pass t_fail < <(awk -F'\t' 'NR > 1 { p += $3; f += $4 } END { printf "%d %d\n", p, f }' \
    "$VPOOL_OUT/results/tests.tsv" 2>/dev/null || echo "0 1")
# test.sh failing without a counted failure (e.g. deps) still fails verify.
if [ "$test_rc" -ne 0 ] && [ "$t_fail" -eq 0 ]; then t_fail=1; fi

"$VPOOL_PY" "$VPOOL_ROOT/tools/report.py" tests-section "$VPOOL_OUT/results" \
    "$VPOOL_REPORT_DIR/sections/10-tests.md"

steps_md="$VPOOL_REPORT_DIR/verify-steps.tsv"
printf 'step\tpassed\tfailed\tseconds\texit\n' >"$steps_md"
v_pass=0
v_fail=0
shopt -s nullglob
mapfile -t steps < <(printf '%s\n' "$VPOOL_ROOT"/tools/steps/verify-*.sh | LC_ALL=C sort)
for step in "${steps[@]}"; do
    [ -f "$step" ] || continue
    name=$(basename "$step" .sh)
    log="$VPOOL_REPORT_DIR/$name.log"
    vpool_log "verify step $name  (log: ${log#"$VPOOL_ROOT"/})"
    start=$(vpool_now)
    (cd "$VPOOL_ROOT" && bash "$step") >"$log" 2>&1 </dev/null
    rc=$?
    secs=$(($(vpool_now) - start))
    read -r p f < <(awk '/^vpool-count: [0-9]+ [0-9]+ *$/ { p += $2; f += $3; n++ }
                         END { printf "%d %d\n", n ? p : -1, f }' "$log")
    if [ "$p" -lt 0 ]; then
        if [ "$rc" -eq 0 ]; then p=1; f=0; else p=0; f=1; fi
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    if [ "$rc" -ne 0 ]; then
        vpool_log "verify step $name failed (exit $rc); last lines:"
        tail -n 20 "$log" >&2
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$p" "$f" "$secs" "$rc" >>"$steps_md"
    v_pass=$((v_pass + p))
    v_fail=$((v_fail + f))
done

{
    echo "## Verification steps"
    echo
    echo "Each \`tools/steps/verify-*.sh\` run by this \`./run verify\`: its checks (\`vpool-count\` lines, else one per step), exit status and wall time."
    echo
    echo "| step | passed | failed | seconds | exit |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$steps_md"
    [ "${#steps[@]}" -eq 0 ] && echo "| (none) | 0 | 0 | 0 | - |"
    echo
    echo "Total of \`./run verify\`: **$((t_pass + v_pass)) passed, $((t_fail + v_fail)) failed**."
} >"$VPOOL_REPORT_DIR/sections/90-verify-steps.md"

if "$VPOOL_PY" "$VPOOL_ROOT/tools/report.py" build "$VPOOL_REPORT_DIR" "$VPOOL_ROOT/docs/report"; then
    vpool_log "report: docs/report/report.md, docs/report/report.html"
else
    vpool_log "report generation failed"
    v_fail=$((v_fail + 1))
fi

passed=$((t_pass + v_pass))
failed=$((t_fail + v_fail))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$((passed + failed))" -gt 0 ]
