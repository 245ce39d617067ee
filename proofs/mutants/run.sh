#!/usr/bin/env bash
# proofs/mutants/run.sh -- shows the contracts have teeth: each *.sed here
# seeds one bug into a copy of pool/vpool.c; WP must then fail on the named
# function (judged from the Report plug-in's property statuses). Exit 0 iff
# every mutant applies and is killed. Prints `vpool-count: KILLED SURVIVED`.
set -uo pipefail
ROOT=${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export WHY3CONFIG="$ROOT/proofs/why3.conf"
killed=0; survived=0
for m in "$ROOT"/proofs/mutants/*.sed; do
    name=$(basename "$m" .sed)
    fn=$(sed -n 's/^# function: //p' "$m")
    work=$(mktemp -d "${TMPDIR:-/tmp}/vpool-mutant.XXXXXX")
    cp -r "$ROOT/pool" "$ROOT/proofs" "$work/"
    sed -i -f "$m" "$work/pool/vpool.c"
    if cmp -s "$ROOT/pool/vpool.c" "$work/pool/vpool.c"; then
        echo "mutant $name: did not apply (source changed?)"; survived=$((survived + 1)); rm -rf "$work"; continue
    fi
    nice -n 5 frama-c -c11 -machdep x86_64 -warn-unsigned-overflow -warn-unsigned-downcast \
        -cpp-extra-args="-I$work/pool -I$work/proofs -include $work/proofs/vpool_proof.h" \
        "$work/pool/vpool.c" -wp -wp-model Typed -wp-rte -wp-split -wp-prover cvc5,z3,cvc4 \
        -wp-timeout 5 -wp-par 2 -wp-fct "$fn" -wp-report-json "$work/wp.json" \
        -then -report -report-csv "$work/props.csv" >"$work/log" 2>&1
    # Killed iff some property of the mutated function is no longer Valid
    # (its own preconditions excluded: those are its callers' obligations).
    errors=$(python3 - "$work/props.csv" "$fn" <<'PY' 2>/dev/null || echo -1
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")
        if r["function"] == sys.argv[2] and r["property kind"] != "precondition"]
print(sum(1 for r in rows if r["status"] != "Valid") if rows else -1)
PY
)
    if [ "$errors" -gt 0 ]; then
        echo "mutant $name ($fn): killed ($errors unproven properties)"; killed=$((killed + 1))
    else
        echo "mutant $name ($fn): SURVIVED"; survived=$((survived + 1))
    fi
    rm -rf "$work"
done
echo "vpool-count: $killed $survived"
[ "$survived" -eq 0 ]
