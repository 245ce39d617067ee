#!/usr/bin/env bash
# test step: fuzz/oss-fuzz/build.sh (also ClusterFuzzLite's build) run here
# with the variables OSS-Fuzz sets, since neither service is reachable:
#   libFuzzer + ASan/UBSan, AFL++ + ASan/UBSan, and (without VPOOL_QUICK)
#   libFuzzer + MSan.
# Checks that $OUT gets each target with <target>_seed_corpus.zip, .dict and
# .options, then runs each target briefly on its seed corpus. One counted
# check per variant and target.
set -euo pipefail
ROOT="${VPOOL_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
SCRATCH="${VPOOL_OUT:-$ROOT/out}/ossfuzz"
SECS=$([ "${VPOOL_QUICK:-0}" = 1 ] && echo 2 || echo 5)
TARGETS="ops sizes cleanups tree"
pass=0
fail=0
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

common="-O1 -fno-omit-frame-pointer -gline-tables-only"
variants="libfuzzer-asan afl-asan"
[ "${VPOOL_QUICK:-0}" = 1 ] || variants="$variants libfuzzer-msan"

for v in $variants; do
    out="$SCRATCH/$v/out"
    work="$SCRATCH/$v/work"
    rm -rf "$SCRATCH/$v"
    mkdir -p "$out" "$work"
    case "$v" in
        libfuzzer-asan)
            env=(CC=clang CXX=clang++ LIB_FUZZING_ENGINE=-fsanitize=fuzzer
                "CFLAGS=$common -fsanitize=address,undefined -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
                "CXXFLAGS=$common -fsanitize=address,undefined -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link") ;;
        libfuzzer-msan)
            env=(CC=clang CXX=clang++ LIB_FUZZING_ENGINE=-fsanitize=fuzzer
                "CFLAGS=$common -fsanitize=memory -fsanitize-memory-track-origins -fsanitize=fuzzer-no-link"
                "CXXFLAGS=$common -fsanitize=memory -fsanitize-memory-track-origins -fsanitize=fuzzer-no-link") ;;
        afl-asan)
            env=(CC=afl-clang-fast CXX=afl-clang-fast++ LIB_FUZZING_ENGINE=/usr/lib/afl/libAFLDriver.a AFL_QUIET=1
                "CFLAGS=$common -fsanitize=address,undefined" "CXXFLAGS=$common -fsanitize=address,undefined") ;;
    esac
    if ! env "${env[@]}" OUT="$out" WORK="$work" SRC="$ROOT/.." VPOOL_SRC="$ROOT" \
        bash "$ROOT/fuzz/oss-fuzz/build.sh" >"$SCRATCH/$v/build.log" 2>&1; then
        tail -20 "$SCRATCH/$v/build.log" >&2
        for t in $TARGETS; do ko "$v: build.sh failed"; done
        continue
    fi
    for t in $TARGETS; do
        n="vpool_$t"
        missing=""
        for f in "$n" "${n}_seed_corpus.zip" "$n.dict" "$n.options"; do
            [ -s "$out/$f" ] || missing="$missing $f"
        done
        if [ -n "$missing" ]; then ko "$v: \$OUT lacks$missing"; continue; fi
        seeds="$work/seeds-$t"
        mkdir -p "$seeds" "$work/new-$t"
        (cd "$seeds" && unzip -q -o "$out/${n}_seed_corpus.zip")
        log="$SCRATCH/$v/$t.log"
        case "$v" in
            libfuzzer-*)
                # the seeds first (-runs=0), then a brief mutation run
                if "$out/$n" -runs=0 "$seeds" >"$log" 2>&1 &&
                    nice -n 10 "$out/$n" -max_total_time="$SECS" -dict="$out/$n.dict" \
                        -artifact_prefix="$SCRATCH/$v/" "$work/new-$t" "$seeds" >>"$log" 2>&1 < /dev/null; then
                    pass=$((pass + 1))
                else
                    ko "$v: $n on its seed corpus: $(grep -m1 -E 'vpf oracle|ERROR: ' "$log" || tail -1 "$log")"
                fi ;;
            afl-*)
                # The driver replays files given as arguments; then afl-fuzz
                # itself runs briefly on a few seeds.
                mkdir -p "$work/afl-in-$t"
                find "$seeds" -type f | sort | sed -n 1,8p | xargs -I{} cp {} "$work/afl-in-$t/"
                if find "$seeds" -type f -print0 | xargs -0 "$out/$n" >"$log" 2>&1 &&
                    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
                        nice -n 10 afl-fuzz -i "$work/afl-in-$t" -o "$work/afl-out-$t" -V "$SECS" -x "$out/$n.dict" \
                        -- "$out/$n" >>"$log" 2>&1 < /dev/null &&
                    [ "$(sed -n 's/^\(saved_crashes\|unique_crashes\) *: *//p' "$work/afl-out-$t/default/fuzzer_stats")" = 0 ]; then
                    pass=$((pass + 1))
                else
                    ko "$v: $n on its seed corpus: $(grep -m1 -E 'vpf oracle|ERROR: |PROGRAM ABORT' "$log" || tail -1 "$log")"
                fi ;;
        esac
    done
done
echo "vpool-count: $pass $fail"
[ "$fail" -eq 0 ]
