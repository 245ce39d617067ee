#!/usr/bin/env bash
# tools/prove.sh -- vpool's one proof command (`./run prove`).
#
# Runs Frama-C WP with pinned flags and provers over the gated function set
# (proofs/scope.txt), then gates on the Report plug-in's JSON classification
# (never on frama-c's exit status, which is 0 with unproved goals).
# Writes proofs/results/*.json, docs/proofs/report.md and report.html.
#
#   tools/prove.sh            prove, reusing and updating the committed cache
#   tools/prove.sh --replay   replay from the committed cache only (no prover)
#   tools/prove.sh --cold     ignore the cache (fresh prover runs), update it
#   tools/prove.sh --no-report  gate only, do not rewrite the report files
#
# Exit 0 iff every property in scope is valid (proven, or trusted base).
set -euo pipefail

ROOT=${VPOOL_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$ROOT"

MODE=update
WRITE_REPORT=1
for arg in "$@"; do
    case "$arg" in
        --replay) MODE=offline ;;
        --cold) MODE=cold ;;
        --no-report) WRITE_REPORT=0 ;;
        *) echo "prove.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

for tool in frama-c why3 z3 cvc4 cvc5 python3; do
    command -v "$tool" >/dev/null || { echo "prove.sh: $tool not installed (see tools/deps.sh)" >&2; exit 1; }
done

RESULTS=proofs/results
SESSION=proofs/session
OUT=$(mktemp -d "${TMPDIR:-/tmp}/vpool-prove.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS" docs/proofs

FUNCS=$(grep -v '^#' proofs/scope.txt | grep -v '^\s*$' | paste -sd, -)
WITNESSES=$(grep -o '^void vpool_witness_[a-z_]*' proofs/witnesses.c | sed 's/^void //' | paste -sd, -)
FUNCS="$FUNCS,$WITNESSES"

# Pinned configuration: provers, per-goal timeout, memory model (Typed, the
# default, sound one), run-time error and wrap-around guards, smoke tests.
export WHY3CONFIG="$ROOT/proofs/why3.conf"
CPP="-I$ROOT/pool -I$ROOT/proofs -include $ROOT/proofs/vpool_proof.h"
# One frama-c process generates and looks up its goals on one core, so the
# gated functions are split into shards (proofs/tools/shards.py, balanced by
# each function's goal count in the last committed run), one process each,
# run side by side and merged (proofs/tools/merge.py) into what one process
# would have written. Measured on 2 cores, offline replay of 9,724 goals
# (tenth-session set, 2026-11-23, one run after the other): one process
# 857 s wall (802 s user CPU), two shards 444 s (727 s user CPU).
# VPOOL_PROVE_SHARDS overrides the count (default: the cores, at most 4).
SHARDS=${VPOOL_PROVE_SHARDS:-$(nproc 2>/dev/null || echo 1)}
[ "$SHARDS" -gt 4 ] && [ -z "${VPOOL_PROVE_SHARDS:-}" ] && SHARDS=4
[ "$SHARDS" -ge 1 ] || SHARDS=1
# A replay runs no prover: its tasks only wait on WP's scheduler, so more
# slots than cores shorten it until it is CPU-bound (measured on one function,
# vpool__cl_reserve: 84 s with 2, 47 s with 16; eighth session, whole set:
# see proofs/history.md). Slots are per shard.
PAR=2
[ "$MODE" = offline ] && PAR=64
# An update that finds nearly every goal in the session is bound by the
# scheduler's latency, not the CPU (measured: 584 s at 2 slots with the
# CPU 70 % idle); VPOOL_PROVE_PAR raises the slots for such runs. Prover
# runs share the slots out between the shards.
PAR=${VPOOL_PROVE_PAR:-$PAR}
[ "$MODE" = offline ] || PAR=$(( (PAR + SHARDS - 1) / SHARDS ))
WP_FLAGS=(-wp -wp-model Typed -wp-rte -wp-split -wp-prover cvc5,z3,cvc4
          -wp-timeout 10 -wp-par "$PAR"
          -wp-smoke-tests -wp-smoke-timeout 1)
KERNEL_FLAGS=(-c11 -machdep x86_64 -warn-unsigned-overflow -warn-unsigned-downcast)

mkdir -p "$SESSION/cache"
# The committed cache holds exactly the entries of the last update or cold
# run: each shard of such a run works on a session of its own (a copy of
# the committed one for an update, an empty one for a cold run) in WP's
# `cleanup` mode, which drops at exit every entry the shard did not look
# up, and the union of the shards' caches replaces the committed one. So an
# entry of a goal that no longer exists (a changed assertion, a removed
# function) does not outlive the run that stopped using it. A replay only
# reads the committed session.
shard_cache() { # shard directory -> CACHE, its -wp-session/-wp-cache flags
    case "$MODE" in
        offline) CACHE=(-wp-session "$SESSION" -wp-cache offline) ;;
        cold) mkdir -p "$1/session/cache"
              CACHE=(-wp-session "$1/session" -wp-cache cleanup) ;;
        *) mkdir -p "$1/session"; cp -r "$SESSION/cache" "$1/session/cache"
           CACHE=(-wp-session "$1/session" -wp-cache cleanup) ;;
    esac
}

start=$(date +%s.%N)
python3 proofs/tools/shards.py --funcs "$FUNCS" --weights "$RESULTS/functions.json" \
    --n "$SHARDS" --out "$OUT" >/dev/null
frama-c "${KERNEL_FLAGS[@]}" -cpp-extra-args="$CPP" proofs/witnesses.c \
    -cg "$OUT/callgraph.dot" -cg-no-function-pointers >"$OUT/callgraph.log" 2>&1 || {
    cat "$OUT/callgraph.log" >&2; echo "prove.sh: frama-c could not parse the sources" >&2; exit 1; }
pids=()
dirs=()
for list in "$OUT"/shard-*.txt; do
    [ -s "$list" ] || continue
    dir="${list%.txt}"
    mkdir -p "$dir"
    cp "$list" "$dir/funcs.txt"
    dirs+=("$dir")
    shard_cache "$dir"
    # -report-no-exit: Report's default exit on an error (there are always
    # some while coverage is partial) would stop frama-c before WP's at-exit
    # cache clean-up; the gate reads the JSON, never the exit status.
    nice -n 5 frama-c "${KERNEL_FLAGS[@]}" -cpp-extra-args="$CPP" \
        proofs/witnesses.c \
        "${WP_FLAGS[@]}" -wp-fct "$(cat "$list")" "${CACHE[@]}" \
        -wp-report-json "$dir/wp.json" \
        -then -report -report-classify -report-no-exit -report-unclassified-unknown ERROR \
        -report-unclassified-untried ERROR -report-unclassified-invalid ERROR \
        -report-output "$dir/report.json" -report-csv "$dir/properties.csv" \
        >"$dir/frama-c.log" 2>&1 &
    pids+=($!)
done
fc_status=0
for pid in "${pids[@]}"; do
    wait "$pid" || fc_status=$?
done
end=$(date +%s.%N)
elapsed=$(python3 -c "print(round($end - $start, 1))")

for dir in "${dirs[@]}"; do
    if [ ! -s "$dir/report.json" ] || [ ! -s "$dir/properties.csv" ]; then
        cat "$dir/frama-c.log" >&2
        echo "prove.sh: frama-c produced no Report classification for $(basename "$dir") (status $fc_status)" >&2
        exit 1
    fi
done
if [ "$MODE" != offline ]; then
    rm -rf "$OUT/cache.new"
    mkdir -p "$OUT/cache.new"
    for dir in "${dirs[@]}"; do
        cp -r "$dir/session/cache/." "$OUT/cache.new/"
    done
    before=$(find "$SESSION/cache" -type f | wc -l)
    rm -rf "$SESSION/cache"
    mv "$OUT/cache.new" "$SESSION/cache"
    echo "prove.sh: cache: $(find "$SESSION/cache" -type f | wc -l) entries (was $before)"
fi
python3 proofs/tools/merge.py --cg "$OUT/callgraph.dot" --funcs "$FUNCS" --out "$OUT" "${dirs[@]}"

python3 proofs/tools/summarize.py \
    --root "$ROOT" --log "$OUT/frama-c.log" --report "$OUT/report.json" \
    --csv "$OUT/properties.csv" --wp "$OUT/wp.json" --mode "$MODE" \
    --elapsed "$elapsed" --funcs "$FUNCS" --shards "${#dirs[@]}" \
    --flags "${KERNEL_FLAGS[*]} ${WP_FLAGS[*]} -wp-fct <gated set, ${#dirs[@]} shard(s)>" \
    --out "$OUT/summary.json"

if [ "$WRITE_REPORT" = 1 ]; then
    cp "$OUT/summary.json" "$RESULTS/summary.json"
    python3 proofs/tools/render.py --summary "$RESULTS/summary.json" \
        --md docs/proofs/report.md --html docs/proofs/report.html \
        --functions "$RESULTS/functions.json"
fi

python3 proofs/tools/gate.py "$OUT/summary.json"
