#!/usr/bin/env bash
# ./run fuzz -- build and run vpool's fuzz targets (docs/fuzzing.md).
#
#   ./run fuzz TARGET --engine libfuzzer|afl --time S [--jobs N] [--san asan|msan|ubsan]
#   ./run fuzz build TARGET --engine libfuzzer|afl|replay [--san asan|msan|ubsan|none] [--passthrough] [--cmplog]
#     (ubsan: UndefinedBehaviorSanitizer alone, so the root's caches, off
#     under ASan and MSan, are fuzzed too)
#   ./run fuzz minimize TARGET          merge the campaign's finds into corpus/TARGET
#   ./run fuzz list                     the target names
#
# Builds use plain clang / afl-clang-fast command lines (the same flags as the
# Bazel configs --config=libfuzzer / --config=afl; fuzz/BUILD) so that a
# campaign does not depend on a Bazel server. Campaigns run under `nice -n 10`
# (VPOOL_FUZZ_NICE overrides) with libFuzzer -max_len / AFL++ -G from fuzz/TARGET.options.
# The last line of a campaign is machine-readable:
#   fuzz-result target=T engine=E seconds=S execs=N exec_per_sec=X cov=C corpus=K crashes=M
set -euo pipefail
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TARGETS="ops sizes cleanups tree"
# Campaigns share the machine with builds and proofs: VPOOL_FUZZ_NICE (10).
NICE="${VPOOL_FUZZ_NICE:-10}"
AFL_DRIVER=/usr/lib/afl/libAFLDriver.a
FUZZ_OUT="$VPOOL_OUT/fuzz"

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

check_target() {
    case " $TARGETS " in *" $1 "*) ;; *) vpool_die "unknown fuzz target '$1' (one of: $TARGETS)" ;; esac
}

san_flags() {
    case "$1" in
        asan) echo "-fsanitize=address,undefined -fno-sanitize-recover=all" ;;
        msan) echo "-fsanitize=memory -fsanitize-memory-track-origins" ;;
        ubsan) echo "-fsanitize=undefined -fno-sanitize-recover=all" ;;
        none) echo "" ;;
        *) vpool_die "unknown sanitizer set '$1'" ;;
    esac
}

# The libFuzzer input cap of a target, from fuzz/TARGET.options (also
# shipped to OSS-Fuzz by fuzz/oss-fuzz/build.sh).
max_len_of() {
    sed -n 's/^max_len *= *//p' "$VPOOL_ROOT/fuzz/$1.options"
}

# build TARGET ENGINE SAN PASSTHROUGH CMPLOG [FULLCOV] -> prints the binary's path
#
# libFuzzer builds instrument the three parts differently (docs/fuzzing.md,
# "Throughput"): pool/*.c fully, except the observers the oracle calls
# after every op (fuzz/coverage-ignore.txt: vpool_check, vpool_stats and
# the checker's helpers); fuzz/vpf.c with edge counters but without
# comparison tracing (the model compares its own values). FULLCOV=1 builds
# with every function instrumented: `minimize` uses it, so the committed
# corpus keeps the inputs that reach the observers' branches.
build() {
    local t="$1" engine="$2" san="$3" pt="$4" cmplog="$5" fullcov="${6:-}"
    local dir="$FUZZ_OUT/bin/$engine-$san${pt:+-pt}${cmplog:+-cmplog}${fullcov:+-fullcov}"
    local bin="$dir/vpool_$t"
    local srcs=("$VPOOL_ROOT/pool/vpool.c" "$VPOOL_ROOT/pool/vpool_port.c" "$VPOOL_ROOT/fuzz/vpf.c"
        "$VPOOL_ROOT/fuzz/fuzz_$t.c")
    local common=(-std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer
        -I"$VPOOL_ROOT/pool")
    [ -n "$pt" ] && common+=(-DVPOOL_PASSTHROUGH)
    # shellcheck disable=SC2207
    local sf=($(san_flags "$san"))
    mkdir -p "$dir"
    # Rebuild only when a source is newer than the binary.
    if [ -x "$bin" ] && [ -z "$(find "${srcs[@]}" "$VPOOL_ROOT/fuzz/vpf.h" "$VPOOL_ROOT/pool/vpool.h" \
        "$VPOOL_ROOT/pool/vpool_impl.h" "$VPOOL_ROOT/fuzz/coverage-ignore.txt" "${BASH_SOURCE[0]}" \
        -newer "$bin" 2>/dev/null)" ]; then
        echo "$bin"
        return
    fi
    case "$engine" in
        libfuzzer)
            local cov=(-fsanitize=fuzzer-no-link) o objs=()
            if [ -z "$fullcov" ]; then
                cov+=(-fsanitize-coverage-ignorelist="$VPOOL_ROOT/fuzz/coverage-ignore.txt")
            fi
            for o in "${srcs[@]}"; do
                local extra=()
                [ -z "$fullcov" ] && [ "$(basename "$o")" = vpf.c ] && extra=(-fno-sanitize-coverage=trace-cmp)
                clang "${common[@]}" "${sf[@]}" "${cov[@]}" "${extra[@]}" -c "$o" -o "$dir/$t.$(basename "$o" .c).o" >&2
                objs+=("$dir/$t.$(basename "$o" .c).o")
            done
            clang "${common[@]}" "${sf[@]}" -fsanitize=fuzzer "${objs[@]}" -o "$bin" -fuse-ld=lld >&2
            rm -f "${objs[@]}" ;;
        replay)
            clang "${common[@]}" "${sf[@]}" -DVPOOL_FUZZ_REPLAY=1 "${srcs[@]}" "$VPOOL_ROOT/fuzz/vpf_replay.c" \
                -o "$bin" >&2 ;;
        afl)
            local env=(AFL_QUIET=1)
            [ "$san" = asan ] && env+=(AFL_USE_ASAN=1 AFL_USE_UBSAN=1)
            [ "$san" = msan ] && env+=(AFL_USE_MSAN=1)
            [ "$san" = ubsan ] && env+=(AFL_USE_UBSAN=1)
            [ -n "$cmplog" ] && env+=(AFL_LLVM_CMPLOG=1)
            # AFL_USE_* adds the sanitizer flags itself; recover off as for libFuzzer.
            env "${env[@]}" afl-clang-fast "${common[@]}" -fno-sanitize-recover=all "${srcs[@]}" "$AFL_DRIVER" \
                -o "$bin" -fuse-ld=lld >&2 ;;
        *) vpool_die "unknown engine '$engine'" ;;
    esac
    echo "$bin"
}

# Seeds for a campaign: the committed corpus and regressions, or one byte.
# One folder per engine, so two engines can start on one target at once.
seed_dir() {
    local t="$1"
    local d="$FUZZ_OUT/seeds/$t-$2"
    rm -rf "$d"
    mkdir -p "$d"
    cp "$VPOOL_ROOT/corpus/$t"/* "$VPOOL_ROOT/corpus/regressions/$t"/* "$d"/ 2>/dev/null || true
    [ -n "$(ls -A "$d")" ] || printf '\0' >"$d/empty"
    echo "$d"
}

run_libfuzzer() {
    local t="$1" secs="$2" jobs="$3" san="$4" bin work seeds log
    bin=$(build "$t" libfuzzer "$san" "" "")
    work="$FUZZ_OUT/work/$t-libfuzzer"
    mkdir -p "$work/corpus" "$work/crashes"
    seeds=$(seed_dir "$t" libfuzzer)
    log="$work/fuzz.log"
    local par=()
    [ "$jobs" -gt 1 ] && par=(-fork="$jobs" -ignore_crashes=1)
    vpool_log "libFuzzer: $t for ${secs}s (log $log)"
    set +e
    nice -n "$NICE" "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len_of "$t")" -dict="$VPOOL_ROOT/corpus/dict/$t.dict" -artifact_prefix="$work/crashes/" "${par[@]}" \
        "$work/corpus" "$seeds" >"$log" 2>&1
    set -e
    local execs eps cov cov0 newu crashes
    # -fork logs no INITED line and no final stats: each grep may find nothing
    cov0=$(grep -m1 'INITED' "$log" | grep -o 'cov: [0-9]*' | cut -d' ' -f2 || true)
    newu=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
    crashes=$(find "$work/crashes" -type f -name 'crash-*' | wc -l)
    if [ -z "$eps" ]; then # -fork prints no final stats: derive from the log
        execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
        eps=$((${execs:-0} / secs))
    fi
    echo "fuzz-result target=$t engine=libfuzzer seconds=$secs execs=${execs:-0} exec_per_sec=${eps:-0}" \
        "cov_start=${cov0:-0} cov=${cov:-0} new=${newu:-0} corpus=$(find "$work/corpus" -type f | wc -l) crashes=$crashes"
}

run_afl() {
    local t="$1" secs="$2" jobs="$3" san="$4" bin cbin work seeds
    bin=$(build "$t" afl "$san" "" "")
    cbin=$(build "$t" afl "$san" "" 1)
    work="$FUZZ_OUT/work/$t-afl"
    seeds=$(seed_dir "$t" afl)
    mkdir -p "$work"
    local env=(AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
        AFL_SKIP_CRASHES=1 AFL_AUTORESUME=1)
    local resume=()
    # Continue a previous campaign's queue rather than recalibrating from seeds.
    [ -d "$work/out/main/queue" ] && resume=(-i -) || resume=(-i "$seeds")
    vpool_log "AFL++: $t for ${secs}s, $jobs instance(s) (log $work/main.log)"
    # A resumed queue's fuzzer_stats carry the earlier runs' totals: count
    # this run's executions and finds as the difference.
    local before_execs=0 before_found=0 f0 v0
    for f0 in "$work"/out/*/fuzzer_stats; do
        [ -f "$f0" ] || continue
        v0=$(sed -n 's/^execs_done *: *//p' "$f0"); before_execs=$((before_execs + ${v0:-0}))
        v0=$(sed -n 's/^corpus_found *: *//p' "$f0"); before_found=$((before_found + ${v0:-0}))
    done
    local i pids=()
    for ((i = 1; i < jobs; i++)); do
        env "${env[@]}" nice -n "$NICE" afl-fuzz "${resume[@]}" -o "$work/out" -S "s$i" -V "$secs" \
            -G "$(max_len_of "$t")" -x "$VPOOL_ROOT/corpus/dict/$t.dict" -- "$bin" >"$work/s$i.log" 2>&1 &
        pids+=($!)
    done
    set +e
    env "${env[@]}" nice -n "$NICE" afl-fuzz "${resume[@]}" -o "$work/out" -M main -V "$secs" -c "$cbin" \
        -G "$(max_len_of "$t")" -x "$VPOOL_ROOT/corpus/dict/$t.dict" -- "$bin" >"$work/main.log" 2>&1
    set -e
    for i in "${pids[@]}"; do wait "$i" || true; done
    # afl-fuzz 4.04c can leave the CMPLOG fork server stopped and orphaned
    # when -V ends the run: end exactly those processes, by pid.
    local orphans
    orphans=$(ps -eo pid=,ppid=,args= | awk -v b="$cbin" '$2 == 1 && $3 == b && NF == 3 {print $1}')
    [ -z "$orphans" ] || kill -9 $orphans 2>/dev/null || true
    local execs=0 eps=0 cov="" crashes=0 n=0 newu=0 f v
    for f in "$work"/out/*/fuzzer_stats; do
        [ -f "$f" ] || continue
        v=$(sed -n 's/^execs_done *: *//p' "$f"); execs=$((execs + ${v:-0}))
        v=$(sed -n 's/^execs_per_sec *: *//p' "$f"); eps=$(awk -v a="$eps" -v b="${v:-0}" 'BEGIN{print a+b}')
        v=$(sed -n 's/^corpus_found *: *//p' "$f"); newu=$((newu + ${v:-0}))
        v=$(sed -n 's/^\(saved_crashes\|unique_crashes\) *: *//p' "$f"); crashes=$((crashes + ${v:-0}))
        [ -z "$cov" ] && cov=$(sed -n 's/^bitmap_cvg *: *//p' "$f")
        n=$((n + 1))
    done
    [ "$n" -gt 0 ] || { tail -20 "$work/main.log" >&2; vpool_die "afl-fuzz produced no stats"; }
    execs=$((execs - before_execs))
    newu=$((newu - before_found))
    echo "fuzz-result target=$t engine=afl seconds=$secs execs=$execs exec_per_sec=$eps cov=${cov:-0} new=$newu" \
        "corpus=$(find "$work"/out/*/queue -type f | wc -l) crashes=$crashes"
}

# Merge the committed corpus with what campaigns found, keep the minimal
# set (libFuzzer -merge=1), name each file by its SHA-1.
minimize() {
    local t="$1" bin new
    bin=$(build "$t" libfuzzer asan "" "" 1)
    new="$FUZZ_OUT/min/$t"
    rm -rf "$new"
    mkdir -p "$new"
    local srcs=("$VPOOL_ROOT/corpus/$t")
    [ -d "$FUZZ_OUT/work/$t-libfuzzer/corpus" ] && srcs+=("$FUZZ_OUT/work/$t-libfuzzer/corpus")
    for q in "$FUZZ_OUT/work/$t-afl"/out/*/queue; do [ -d "$q" ] && srcs+=("$q"); done
    nice -n "$NICE" "$bin" -merge=1 -rss_limit_mb=2048 "$new" "${srcs[@]}" >"$FUZZ_OUT/min/$t.log" 2>&1 ||
        { tail -20 "$FUZZ_OUT/min/$t.log" >&2; vpool_die "merge failed"; }
    rm -f "$VPOOL_ROOT/corpus/$t"/*
    for f in "$new"/*; do cp "$f" "$VPOOL_ROOT/corpus/$t/$(sha1sum "$f" | cut -c1-40)"; done
    vpool_log "corpus/$t: $(find "$VPOOL_ROOT/corpus/$t" -type f | wc -l) files after merge"
}

[ $# -ge 1 ] || usage
case "$1" in
    list) echo "$TARGETS"; exit 0 ;;
    -h | --help | help) usage ;;
    minimize) [ $# -eq 2 ] || usage; check_target "$2"; minimize "$2"; exit 0 ;;
esac

mode=run
if [ "$1" = build ]; then mode=build; shift; fi
target="${1:-}"; shift || true
check_target "$target"
engine=libfuzzer secs=60 jobs=1 san=asan pt="" cmplog=""
while [ $# -gt 0 ]; do
    case "$1" in
        --engine) engine="$2"; shift 2 ;;
        --time) secs="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --san) san="$2"; shift 2 ;;
        --passthrough) pt=1; shift ;;
        --cmplog) cmplog=1; shift ;;
        *) usage ;;
    esac
done
if [ "$mode" = build ]; then
    build "$target" "$engine" "$san" "$pt" "$cmplog"
    exit 0
fi
case "$engine" in
    libfuzzer) run_libfuzzer "$target" "$secs" "$jobs" "$san" ;;
    afl) run_afl "$target" "$secs" "$jobs" "$san" ;;
    *) usage ;;
esac
