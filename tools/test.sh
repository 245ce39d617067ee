#!/usr/bin/env bash
# ./run test: every Bazel test suite in each configuration, then the test
# steps, then one summary. Counts are real test cases: cmocka's own summary
# lines from each test.log, a test binary without one counting as one case.
#
# usage: tools/test.sh [--quick] [--configs "default asan ..."]
# Writes $VPOOL_OUT/results/{tests.tsv,configs.tsv} for the report.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

configs="default asan msan tsan"
quick=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        --quick) quick=1; configs="default asan" ;;
        --configs) configs="$2"; shift ;;
        *) vpool_die "unknown argument: $1" ;;
    esac
    shift
done
export VPOOL_QUICK="${VPOOL_QUICK:-$quick}"
[ "$VPOOL_QUICK" = 0 ] && unset VPOOL_QUICK

run_start=$(vpool_now)
bash "$VPOOL_ROOT/tools/deps.sh" >&2 || vpool_die "tools/deps.sh failed"

results="$VPOOL_OUT/results"
logs="$VPOOL_OUT/logs"
rm -rf "$results" "$logs"
mkdir -p "$results" "$logs"
tests_tsv="$results/tests.tsv"
configs_tsv="$results/configs.tsv"
printf 'config\tsuite\tpassed\tfailed\tskipped\tstatus\n' >"$tests_tsv"
printf 'config\tsuites\tpassed\tfailed\tskipped\tseconds\tbazel_exit\n' >"$configs_tsv"

# Adds one row to tests.tsv.
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$tests_tsv"; }

# cmocka summaries of one test's logs: prints "passed failed skipped".
# A binary may run several groups; each prints its own summary.
cmocka_counts() {
    local dir="$1"
    find "$dir" -name test.log -not -path '*/test_attempts/*' -print0 2>/dev/null |
        xargs -0 -r cat |
        awk '
            /^\[  PASSED  \] [0-9]+ test\(s\)/ { p += $4 }
            /^\[  FAILED  \] [0-9]+ test\(s\)/ { f += $4 }
            /^\[  SKIPPED \] [0-9]+ test\(s\)/ { s += $4 }
            END { printf "%d %d %d\n", p, f, s }'
}

# Instrumented cmocka for MSan (see docs/build.md): the Debian library is not
# instrumented, so it is rebuilt from Debian's own source package. The
# directory holds only libcmocka.a; passed with -L it is found before the
# system libcmocka.so, so tests/BUILD needs no MSan special case.
msan_cmocka_dir="$VPOOL_OUT/msan-cmocka-$(dpkg-query -W -f='${Version}' libcmocka-dev 2>/dev/null)"
build_msan_cmocka() {
    [ -f "$msan_cmocka_dir/lib/libcmocka.a" ] && return 0
    local work="$VPOOL_OUT/msan-cmocka-src" start
    start=$(vpool_now)
    vpool_log "msan: building cmocka from Debian's source, instrumented"
    rm -rf "$work" && mkdir -p "$work" "$msan_cmocka_dir/lib" || return 1
    (
        set -e
        cd "$work"
        vpool_fetch_debian_source cmocka
        src=$(find . -maxdepth 1 -type d -name 'cmocka-*' | head -n 1)
        [ -n "$src" ] || { echo "no cmocka source tree" >&2; exit 1; }
        mkdir build
        cd build
        CC=clang CFLAGS="-O1 -g -fsanitize=memory -fsanitize-memory-track-origins -fno-omit-frame-pointer" \
            cmake "../$src" -DWITH_STATIC_LIB=ON -DUNIT_TESTING=OFF -DWITH_EXAMPLES=OFF \
            -DCMAKE_BUILD_TYPE=None
        make -j2 cmocka-static
        cp src/libcmocka-static.a "$msan_cmocka_dir/lib/libcmocka.a"
    ) >"$logs/msan-cmocka.log" 2>&1 || { rm -rf "$msan_cmocka_dir"; return 1; }
    vpool_log "msan: instrumented cmocka built in $(($(vpool_now) - start)) s"
}

# One configuration: bazel test //..., then per-target counts.
run_config() {
    local cfg="$1" flags log start rc testlogs extra=()
    flags=$(vpool_config_flags "$cfg")
    log="$logs/bazel-$cfg.log"
    if [ "$cfg" = msan ]; then
        if build_msan_cmocka; then
            extra+=("--linkopt=-L$msan_cmocka_dir/lib")
        else
            vpool_log "msan: could not build an instrumented cmocka (see $logs/msan-cmocka.log)"
            record "$cfg" "(instrumented cmocka)" 0 1 0 "ERROR"
            printf '%s\t0\t0\t1\t0\t0\t-\n' "$cfg" >>"$configs_tsv"
            return
        fi
    fi
    vpool_log "bazel test $flags //...  (log: ${log#"$VPOOL_ROOT"/})"
    start=$(vpool_now)
    # shellcheck disable=SC2086
    vpool_bazel test $flags "${extra[@]}" --keep_going --test_summary=short \
        --test_env=CMOCKA_MESSAGE_OUTPUT=STDOUT //... >"$log" 2>&1
    rc=$?
    local secs=$(($(vpool_now) - start))
    # shellcheck disable=SC2086
    testlogs=$(vpool_bazel info $flags "${extra[@]}" bazel-testlogs 2>/dev/null)

    local n=0 tp=0 tf=0 ts=0 label status dir p f s
    # Bazel's short summary: "//pkg:name   [(cached)] STATUS [in Ns]".
    while read -r label status; do
        dir="$testlogs/${label#//}"
        dir="${dir/://}"
        read -r p f s < <(cmocka_counts "$dir")
        if [ "$status" = PASSED ]; then
            [ $((p + f + s)) -eq 0 ] && p=1
        else
            # Crashes, sanitizer reports, timeouts and build failures end a
            # binary before cmocka prints a failure count.
            [ "$f" -eq 0 ] && f=1
        fi
        record "$cfg" "$label" "$p" "$f" "$s" "$status"
        n=$((n + 1)); tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + s))
    done < <(sed -n -E 's#^(//[^ ]+) +(\(cached\) )?(PASSED|FAILED TO BUILD|FAILED|TIMEOUT|FLAKY|NO STATUS|INCOMPLETE).*#\1 \3#p' "$log" |
        sed 's/FAILED TO BUILD/FAILED_TO_BUILD/; s/NO STATUS/NO_STATUS/')

    case "$rc" in
        0 | 3) ;;
        4) vpool_log "$cfg: no test targets in //..." ;;
        *)
            if [ "$tf" -eq 0 ]; then
                record "$cfg" "(bazel exit $rc)" 0 1 0 "ERROR"
                tf=$((tf + 1))
            fi
            vpool_log "$cfg: bazel exited $rc; last lines of $log:"
            grep -E '^(ERROR|FAIL)' "$log" | tail -n 15 >&2
            ;;
    esac
    [ "$tf" -gt 0 ] && grep -E '^(//[^ ]+) .*(FAILED|TIMEOUT|NO STATUS|INCOMPLETE)' "$log" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cfg" "$n" "$tp" "$tf" "$ts" "$secs" "$rc" >>"$configs_tsv"
}

# One step script: exit 0 = pass; "vpool-count: P F" lines add real counts.
run_step() {
    local step="$1" name log start rc p f
    name=$(basename "$step" .sh)
    log="$logs/$name.log"
    vpool_log "step $name  (log: ${log#"$VPOOL_ROOT"/})"
    start=$(vpool_now)
    (cd "$VPOOL_ROOT" && bash "$step") >"$log" 2>&1 </dev/null
    rc=$?
    local secs=$(($(vpool_now) - start))
    read -r p f < <(awk '/^vpool-count: [0-9]+ [0-9]+ *$/ { p += $2; f += $3; n++ }
                         END { printf "%d %d\n", n ? p : -1, f }' "$log")
    if [ "$p" -lt 0 ]; then
        if [ "$rc" -eq 0 ]; then p=1; f=0; else p=0; f=1; fi
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # the exit status outranks the counts
    fi
    local status=PASSED
    [ "$rc" -ne 0 ] && status="FAILED(exit $rc)"
    record steps "$name" "$p" "$f" 0 "$status"
    if [ "$rc" -ne 0 ]; then
        vpool_log "step $name failed (exit $rc); last lines:"
        tail -n 20 "$log" >&2
    fi
    echo "$secs" >"$logs/$name.seconds"
}

for cfg in $configs; do
    run_config "$cfg"
done

steps_start=$(vpool_now)
shopt -s nullglob
mapfile -t steps < <(printf '%s\n' "$VPOOL_ROOT"/tools/steps/test-*.sh | LC_ALL=C sort)
for step in "${steps[@]}"; do
    [ -f "$step" ] && run_step "$step"
done
if [ "${#steps[@]}" -gt 0 ]; then
    awk -F'\t' '$1 == "steps" { n++; p += $3; f += $4 } END { printf "steps\t%d\t%d\t%d\t0\t", n, p, f }' \
        "$tests_tsv" >>"$configs_tsv"
    printf '%s\t0\n' "$(($(vpool_now) - steps_start))" >>"$configs_tsv"
fi

total_secs=$(($(vpool_now) - run_start))
echo "$total_secs" >"$results/seconds"

# Summary: per configuration, then every failing suite, then the one line.
echo
printf '%-10s %7s %8s %8s %8s %8s\n' config suites passed failed skipped seconds
awk -F'\t' 'NR > 1 { printf "%-10s %7d %8d %8d %8d %8d\n", $1, $2, $3, $4, $5, $6 }' "$configs_tsv"
if awk -F'\t' 'NR > 1 && $4 > 0 { found = 1 } END { exit !found }' "$tests_tsv"; then
    echo
    echo "failing:"
    awk -F'\t' 'NR > 1 && $4 > 0 { printf "  %-8s %s (%s failed, %s)\n", $1, $2, $4, $6 }' "$tests_tsv"
fi
echo "total time: ${total_secs}s"
read -r passed failed < <(awk -F'\t' 'NR > 1 { p += $3; f += $4 } END { printf "%d %d\n", p, f }' "$tests_tsv")
echo "$passed passed, $failed failed"
if [ "$((passed + failed))" -eq 0 ]; then
    vpool_log "no test was run"
    exit 1
fi
[ "$failed" -eq 0 ]
