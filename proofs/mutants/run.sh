#!/usr/bin/env bash
# proofs/mutants/run.sh -- shows the contracts have teeth: each *.sed here
# seeds one bug into a copy of pool/vpool.c; WP must then fail on the named
# function, or warn that its model does not represent the mutated code
# (proofs/model_warnings.txt; such a warning fails the gate whatever the
# goals say). Exit 0 iff every mutant applies and is killed. Prints
# `vpool-count: KILLED SURVIVED`.
#
# Each mutant names its function (`# function:`) and the properties that
# must catch the bug (`# select:`, WP selection options such as
# `-wp-prop=@ensures -wp-bhv=live_large`; absent = every property of the
# function). Two runs per mutant, same flags, same timeout (5 s, or the
# mutant's `# timeout:`, at most the gate's 10 s):
#   control  unmutated source, selected goals: all must be proven, so a
#            kill below cannot be a goal that merely needs more time;
#   mutant   mutated source, selected goals: at least one must be unproven.
# Both are judged from WP's JSON report (per-property goal counts), never
# from frama-c's exit code. Narrowing the selection is what keeps the test
# cheap: a broken goal costs its full timeout on each of the three provers,
# and a mutant of a large function breaks dozens of goals (VC splits) that
# all say the same thing. VPOOL_MUTANT_TIMEOUT overrides the timeout;
# VPOOL_MUTANT_LOGS=DIR keeps each run's frama-c log there. Arguments, if
# any, name the mutants to run (file names without .sed); none = all.
set -uo pipefail
ROOT=${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export WHY3CONFIG="$ROOT/proofs/why3.conf"
BASE_TIMEOUT=${VPOOL_MUTANT_TIMEOUT:-5}

# wp_count DIR SESSION FN SELECT... -> prints "PROVEN TOTAL" for FN's goals
# in DIR/pool/vpool.c. The control and the mutant share SESSION, so a goal
# the mutation left unchanged is answered from the control's result.
wp_count() {
    local dir=$1 session=$2 fn=$3; shift 3
    (cd "$dir" && nice -n 5 frama-c -c11 -machdep x86_64 -warn-unsigned-overflow -warn-unsigned-downcast \
        -cpp-extra-args="-I$dir/pool -I$dir/proofs -include $dir/proofs/vpool_proof.h" \
        "$dir/pool/vpool.c" -wp -wp-model Typed -wp-rte -wp-split -wp-prover cvc5,z3,cvc4 \
        -wp-timeout "$TIMEOUT" -wp-par 2 -wp-fct "$fn" "$@" \
        -wp-session "$session" -wp-cache update -wp-report-json "$dir/wp.json") \
        >"$dir/log" 2>&1
    python3 - "$dir/wp.json" "$fn" <<'PY' 2>/dev/null || echo "0 -1"
import json, sys
props = json.load(open(sys.argv[1]))["wp:functions"].get(sys.argv[2], {})
main = [v["wp:main"] for k, v in props.items() if k != "wp:section" and "wp:main" in v]
print(sum(m.get("valid", 0) for m in main), sum(m.get("total", 0) for m in main))
PY
}

for arg in "$@"; do
    if [ ! -f "$ROOT/proofs/mutants/$arg.sed" ]; then
        echo "no mutant named $arg (proofs/mutants/$arg.sed)" >&2
        exit 2
    fi
done

# The phrases of proofs/model_warnings.txt, read once; model_warning LOG
# prints the first line of LOG that has one (nothing when none does).
phrases=$(grep -v '^#' "$ROOT/proofs/model_warnings.txt" | grep -v '^\s*$' || true)
model_warning() {
    [ -n "$phrases" ] || return 0
    printf '%s\n' "$phrases" | grep -F -f - "$1" | head -1 | sed 's/^ *//'
}

killed=0; survived=0
for m in "$ROOT"/proofs/mutants/*.sed; do
    name=$(basename "$m" .sed)
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF "$name"; then
        continue
    fi
    fn=$(sed -n 's/^# function: //p' "$m")
    # `# timeout: N` raises the timeout for one mutant whose control goals
    # need more than the base; a value outside 1 .. 10 s (the gate's) fails.
    TIMEOUT=$(sed -n 's/^# timeout: //p' "$m")
    TIMEOUT=${TIMEOUT:-$BASE_TIMEOUT}
    if ! [[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || [ "$TIMEOUT" -gt 10 ]; then
        echo "mutant $name: timeout '$TIMEOUT' is not a whole number of seconds from 1 to 10 (the gate's)"
        survived=$((survived + 1)); continue
    fi
    read -r -a sel <<<"$(sed -n 's/^# select: //p' "$m")"
    work=$(mktemp -d "${TMPDIR:-/tmp}/vpool-mutant.XXXXXX")
    mkdir "$work/control" "$work/mutant"
    for d in control mutant; do
        tar -C "$ROOT" --exclude=proofs/session --exclude=proofs/results -cf - pool proofs |
            tar -C "$work/$d" -xf -
    done
    sed -i -f "$m" "$work/mutant/pool/vpool.c"
    if cmp -s "$ROOT/pool/vpool.c" "$work/mutant/pool/vpool.c"; then
        echo "mutant $name: did not apply (source changed?)"; survived=$((survived + 1)); rm -rf "$work"; continue
    fi
    read -r cp ct <<<"$(wp_count "$work/control" "$work/session" "$fn" "${sel[@]}")"
    if [ "$ct" -le 0 ] || [ "$cp" -ne "$ct" ]; then
        echo "mutant $name ($fn ${sel[*]}): CONTROL FAILED (unmutated: $cp/$ct goals proven at ${TIMEOUT}s)"
        survived=$((survived + 1)); rm -rf "$work"; continue
    fi
    read -r mp mt <<<"$(wp_count "$work/mutant" "$work/session" "$fn" "${sel[@]}")"
    # A warning of proofs/model_warnings.txt fails the gate whatever the
    # goals say (WP's model does not represent the code), so a mutant that
    # raises one, where the control raises none, cannot land proven.
    warn=$(model_warning "$work/mutant/log")
    cwarn=$(model_warning "$work/control/log")
    if [ -n "$warn" ] && [ -z "$cwarn" ]; then
        echo "mutant $name ($fn ${sel[*]}): killed by the gate's model rule ($warn; $mp/$mt goals proven; control $cp/$ct)"
        killed=$((killed + 1))
    elif [ "$mt" -gt 0 ] && [ "$mp" -lt "$mt" ]; then
        echo "mutant $name ($fn ${sel[*]}): killed ($((mt - mp)) of $mt goals unproven; control $cp/$ct)"
        killed=$((killed + 1))
    else
        echo "mutant $name ($fn ${sel[*]}): SURVIVED ($mp/$mt goals proven)"
        survived=$((survived + 1))
    fi
    [ -n "${VPOOL_MUTANT_LOGS:-}" ] && { cp "$work/control/log" "$VPOOL_MUTANT_LOGS/$name.control"; cp "$work/mutant/log" "$VPOOL_MUTANT_LOGS/$name.mutant"; }
    rm -rf "$work"
done
echo "vpool-count: $killed $survived"
[ "$survived" -eq 0 ]
