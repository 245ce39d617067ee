#!/usr/bin/env bash
# ./run test step: the WP proof gate (replayed offline from the committed
# session; if a goal is not in it, the sources changed since the session
# was committed, and the gate runs again with the provers for those goals),
# then the mutant test (each seeded bug must make WP fail). Skips the mutants
# when VPOOL_QUICK=1. Counts: one check each for the shard merge's and the
# gate verdict's own tests, one for the gate, one per mutant.
set -uo pipefail
ROOT=${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
pass=0; fail=0
# The merge of the gate's shards (proofs/tools/merge.py) on hand-made input.
if python3 proofs/tools/test_merge.py; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
fi
# The gate verdict's lemma rule (proofs/tools/summarize.py) on hand-made input.
if python3 proofs/tools/test_summarize.py; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
fi
if bash tools/prove.sh --replay --no-report || bash tools/prove.sh --no-report; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
fi
if [ "${VPOOL_QUICK:-0}" != 1 ]; then
    out=$(bash proofs/mutants/run.sh)
    echo "$out" | grep -v '^vpool-count:'
    counts=$(echo "$out" | sed -n 's/^vpool-count: //p')
    pass=$((pass + ${counts%% *})); fail=$((fail + ${counts##* }))
fi
echo "vpool-count: $pass $fail"
[ "$fail" -eq 0 ]
