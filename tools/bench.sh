#!/usr/bin/env bash
# tools/bench.sh -- vpool side by side with glibc malloc, APR pools and talloc.
#
#   tools/bench.sh --quick [--out DIR]   subset, ~1-2 min; results under DIR
#                                        (default build/bench-quick), docs untouched
#   tools/bench.sh --full  [--out DIR]   every configuration; writes docs/bench.md,
#                                        docs/bench/results.json and the plots
#
# Metrics (see docs/bench.md): callgrind instructions per operation from two
# iteration counts (start-up cancels), interleaved wall-time ratios with the
# glibc heap at default settings and with trimming pinned, peak RSS growth,
# and the waste ratio. Needs gcc, valgrind, gnuplot, python3, libapr1-dev,
# libtalloc-dev (all Debian packages).
set -euo pipefail

ROOT="${VPOOL_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
MODE=full
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --out) OUT="$2"; shift ;;
        *) echo "usage: $0 [--quick|--full] [--out DIR]" >&2; exit 2 ;;
    esac
    shift
done
[ "${VPOOL_QUICK:-0}" = 1 ] && [ -z "${VPOOL_BENCH_FORCE_FULL:-}" ] && MODE=quick
if [ -z "$OUT" ]; then
    if [ "$MODE" = full ]; then OUT="$ROOT/docs"; else OUT="$ROOT/build/bench-quick"; fi
fi
mkdir -p "$OUT/bench"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vpool-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

for tool in gcc valgrind gnuplot python3 pkg-config; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 2; }
done

if [ "$MODE" = full ]; then
    REPS=11; MIN_MS=40; JOBS=2
else
    REPS=5; MIN_MS=15; JOBS=2
fi
# glibc heap with trimming pinned: no shrinking of the heap top, and a fixed
# mmap threshold (setting either variable also stops its dynamic adjustment)
PIN_ENV="MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_TOP_PAD_=67108864 MALLOC_MMAP_THRESHOLD_=268435456"

CC="${CC:-gcc}"
CFLAGS_BENCH="-O2 -std=c99 -Wall -Wextra"
BUILD_CMD="$CC $CFLAGS_BENCH $(pkg-config --cflags apr-1) -o \$WORK/bench bench/bench.c pool/vpool.c pool/vpool_port.c $(pkg-config --libs apr-1 talloc) -lpthread"
(cd "$ROOT" && eval "$BUILD_CMD")
BENCH="$WORK/bench"

CG_CMD="valgrind --tool=callgrind --callgrind-out-file=\$WORK/cg.<cfg>.<peer>.<iters> \$WORK/bench count <cfg> <peer> <iters>"
{
    echo "mode	$MODE"
    echo "build	$BUILD_CMD"
    echo "callgrind	$CG_CMD   (iters = N and 3N; Ir/op = (Ir(3N) - Ir(N)) / (2N * ops/iter))"
    echo "time	\$WORK/bench time <cfg> $REPS $MIN_MS   (default heap; and with: $PIN_ENV)"
    echo "rss	\$WORK/bench rss <cfg> <peer> <iters>   (default heap; and pinned)"
    echo "waste	\$WORK/bench waste <stream> <peer>"
    echo "date	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git	$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo none)$(cd "$ROOT" && git diff --quiet -- pool bench 2>/dev/null || echo ' (+ uncommitted changes in pool/ or bench/)')"
    echo "cc	$($CC --version | head -1)"
    echo "valgrind	$(valgrind --version)"
    echo "packages	$(dpkg-query -W -f '${Package} ${Version}, ' libc6 libapr1 libtalloc2 2>/dev/null | sed 's/, $//')"
    echo "cpu	$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') x $(nproc)"
    echo "kernel	$(uname -sr)"
} >"$WORK/env.tsv"

"$BENCH" list "$MODE" >"$WORK/cfgs.tsv"

# ---- callgrind: instructions per operation ---------------------------------
: >"$WORK/cg-jobs"
while IFS=$'\t' read -r cfg ops n peers; do
    for peer in $peers; do
        echo "$cfg $peer $n" >>"$WORK/cg-jobs"
        echo "$cfg $peer $((3 * n))" >>"$WORK/cg-jobs"
    done
done <"$WORK/cfgs.tsv"
cg_one() {
    local cfg="$1" peer="$2" n="$3" f
    f="$WORK/cg.${cfg//\//_}.$peer.$n"
    valgrind --tool=callgrind --callgrind-out-file="$f" "$BENCH" count "$cfg" "$peer" "$n" 2>"$f.log" >/dev/null
    printf '%s\t%s\t%s\t%s\n' "$cfg" "$peer" "$n" "$(sed -n 's/.*Collected : //p' "$f.log")" >"$f.ir"
    # inclusive cost of the allocation call itself, for the per-call goal
    if [ "$peer" = vpool ] && [[ "$cfg" == small/* ]]; then
        callgrind_annotate --inclusive=yes "$f" 2>/dev/null \
            | awk -v c="$cfg" -v n="$n" '/:vpool_alloc \[/ { gsub(",", "", $1); print c "\t" n "\t" $1 }' >"$f.incl"
    fi
    # only the vpool profiles are kept (for callgrind_annotate)
    [ "$peer" = vpool ] || rm -f "$f"
}
export -f cg_one
export WORK BENCH
echo "bench: callgrind, $(wc -l <"$WORK/cg-jobs") runs ($MODE)" >&2
xargs -P "$JOBS" -L 1 bash -c 'cg_one "$@"' _ <"$WORK/cg-jobs"
cat "$WORK"/cg.*.ir >"$WORK/cg.tsv"
cat "$WORK"/cg.*.incl >"$WORK/cg-incl.tsv" 2>/dev/null || : >"$WORK/cg-incl.tsv"

# ---- wall time: interleaved, default heap and pinned heap ------------------
echo "bench: interleaved timing" >&2
: >"$WORK/time.tsv"
while IFS=$'\t' read -r cfg ops n peers; do
    "$BENCH" time "$cfg" "$REPS" "$MIN_MS" | sed 's/^/default\t/' >>"$WORK/time.tsv"
    env $PIN_ENV "$BENCH" time "$cfg" "$REPS" "$MIN_MS" | sed 's/^/pinned\t/' >>"$WORK/time.tsv"
done <"$WORK/cfgs.tsv"

# ---- peak RSS --------------------------------------------------------------
echo "bench: peak RSS" >&2
: >"$WORK/rss.tsv"
while IFS=$'\t' read -r cfg ops n peers; do
    for peer in $peers; do
        [ "$peer" = null ] && continue
        "$BENCH" rss "$cfg" "$peer" $((4 * n)) | sed 's/^/default\t/' >>"$WORK/rss.tsv"
        env $PIN_ENV "$BENCH" rss "$cfg" "$peer" $((4 * n)) | sed 's/^/pinned\t/' >>"$WORK/rss.tsv"
    done
done <"$WORK/cfgs.tsv"

# ---- waste -----------------------------------------------------------------
echo "bench: waste" >&2
: >"$WORK/waste.tsv"
for stream in uniform-8-256 uniform-1-4096 near-max; do
    for peer in vpool malloc apr talloc bump; do
        "$BENCH" waste "$stream" "$peer" >>"$WORK/waste.tsv"
    done
done

# ---- profile of vpool's hot paths (self cost per function) ---------------
for f in "$WORK"/cg.small_k=1024.vpool.* "$WORK"/cg.life_s=64,l=2.vpool.* "$WORK"/cg.tree_4x4,a=4.vpool.*; do
    case "$f" in *.log|*.ir|*.incl) continue ;; esac
    [ -f "$f" ] || continue
    callgrind_annotate "$f" 2>/dev/null | awk '/file:function/ {on=1; next} on && NF && !/^-/ { sub(/ \[[^]]*\]$/, ""); print }' | head -12 >"$f.prof" || true
done

# ---- report ----------------------------------------------------------------
python3 "$ROOT/bench/report.py" --work "$WORK" --out "$OUT" --mode "$MODE"
echo "bench: wrote $OUT/bench.md" >&2
