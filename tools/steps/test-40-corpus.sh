#!/usr/bin/env bash
# test step: every corpus and regression file replays cleanly under
# ASan+UBSan (one counted check per file), ASan catches a deliberate
# in-block overflow and use-after-reset thanks to vpool's poisoning, and the
# corpus kills every oracle mutant (fuzz/oracle_mutants.sh).
# Without VPOOL_QUICK also: the whole corpus under MSan and under ASan with
# -DVPOOL_PASSTHROUGH (one check per target and mode).
set -euo pipefail
ROOT="${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
export VPOOL_ROOT="$ROOT"
FUZZ="$ROOT/tools/fuzz.sh"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# replay BIN FILE... : one check per file. If the binary dies part-way, the
# files it did not report are retried one by one to name the culprit.
replay() {
    local bin="$1" log
    shift
    [ $# -gt 0 ] || return 0
    log=$(mktemp)
    if "$bin" "$@" >"$log" 2>"$log.err"; then
        pass=$((pass + $#))
    else
        local f
        for f in "$@"; do
            if grep -qxF "ok $f" "$log"; then
                ok
            elif "$bin" "$f" >/dev/null 2>"$log.one"; then
                ok
            else
                ko "replay of $f: $(grep -m1 -E 'vpf oracle|ERROR: ' "$log.one" || tail -1 "$log.one")"
            fi
        done
    fi
    rm -f "$log" "$log.err" "$log.one"
}

for t in $(bash "$FUZZ" list); do
    bin=$(bash "$FUZZ" build "$t" --engine replay --san asan)
    mapfile -t files < <(find "$ROOT/corpus/$t" "$ROOT/corpus/regressions/$t" -type f 2>/dev/null | sort)
    replay "$bin" "${files[@]}"
done

# ASan must see vpool's poisoning.
st="${VPOOL_OUT:-$ROOT/out}/fuzz/bin/asan_selftest"
mkdir -p "$(dirname "$st")"
clang -g -O1 -fsanitize=address,undefined -I"$ROOT/pool" "$ROOT/pool/vpool.c" "$ROOT/pool/vpool_port.c" \
    "$ROOT/fuzz/asan_selftest.c" -o "$st"
if "$st" control >/dev/null 2>&1; then ok; else ko "asan self-test control run reported an error"; fi
for m in overflow after-reset; do
    if "$st" "$m" >/dev/null 2>"$st.$m.log"; then
        ko "ASan missed the deliberate $m"
    elif grep -q 'ERROR: AddressSanitizer: use-after-poison' "$st.$m.log"; then
        ok
    else
        ko "deliberate $m: not a use-after-poison report"
    fi
done
for m in after-destroy large-after-free; do
    if "$st" "$m" >/dev/null 2>"$st.$m.log"; then ko "ASan missed the deliberate $m"; else ok; fi
done

# The oracle can fail: each deliberate bug of fuzz/oracle_mutants.sh must be
# caught by the committed corpus (one check per mutant; a mutant whose text
# no longer matches pool/vpool.c fails too, so the list cannot go stale).
om_log=$(mktemp)
bash "$ROOT/fuzz/oracle_mutants.sh" "${VPOOL_OUT:-$ROOT/out}/oracle-mutants" >"$om_log" 2>/dev/null || true
while IFS= read -r line; do
    case "$line" in
        *": killed by "*) ok ;;
        "mutant '"*) ko "oracle $line" ;;
    esac
done <"$om_log"
grep -q '^oracle-mutants: ' "$om_log" || ko "fuzz/oracle_mutants.sh did not finish: $(tail -n 1 "$om_log")"
rm -f "$om_log"

if [ "${VPOOL_QUICK:-0}" != 1 ]; then
    for mode in msan passthrough; do
        for t in $(bash "$FUZZ" list); do
            if [ "$mode" = msan ]; then
                bin=$(bash "$FUZZ" build "$t" --engine replay --san msan)
            else
                bin=$(bash "$FUZZ" build "$t" --engine replay --san asan --passthrough)
            fi
            # regressions/<target> exists once a reproducer is committed (git keeps no empty dirs)
            dirs=("$ROOT/corpus/$t")
            [ -d "$ROOT/corpus/regressions/$t" ] && dirs+=("$ROOT/corpus/regressions/$t")
            if "$bin" "${dirs[@]}" >/dev/null 2>"$bin.log"; then
                ok
            else
                ko "$mode replay of corpus/$t: $(grep -m1 -E 'vpf oracle|ERROR: ' "$bin.log" || tail -n 1 "$bin.log")"
            fi
        done
    done
fi

echo "vpool-count: $pass $fail"
[ "$fail" -eq 0 ]
