#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: compiles with $CC $CFLAGS, links with
# $CXX $CXXFLAGS and $LIB_FUZZING_ENGINE (the engine runtimes are C++), and
# writes each target with its seed corpus, dictionary and options to $OUT.
# Tested locally by tools/steps/test-45-ossfuzz.sh with the variables the
# services set, for libFuzzer and AFL++.
# In the OSS-Fuzz image the repository is $SRC/vpool and this script is
# copied to $SRC/build.sh; run from a checkout it finds the tree itself.
if [ -n "${VPOOL_SRC:-}" ]; then
    SRC_DIR="$VPOOL_SRC"
elif [ -f "${SRC:-/nonexistent}/vpool/pool/vpool.h" ]; then
    SRC_DIR="$SRC/vpool"
else
    SRC_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
fi
cd "$SRC_DIR"
WORK_DIR="${WORK:-$(mktemp -d)}/vpool-build"
mkdir -p "$WORK_DIR" "$OUT"

FLAGS="-std=gnu11 -D_GNU_SOURCE -Ipool"
# libFuzzer builds: the same instrumentation split as tools/fuzz.sh (the
# oracle's observers uninstrumented, no comparison tracing in the model);
# other engines and the coverage build keep the flags as given.
POOL_EXTRA="" VPF_EXTRA=""
case " $CFLAGS " in
    *" -fsanitize=fuzzer-no-link "*)
        if [ "${SANITIZER:-}" != coverage ]; then
            POOL_EXTRA="-fsanitize-coverage-ignorelist=$SRC_DIR/fuzz/coverage-ignore.txt"
            VPF_EXTRA="-fno-sanitize-coverage=trace-cmp"
        fi ;;
esac
for src in pool/vpool.c pool/vpool_port.c; do
    # shellcheck disable=SC2086
    $CC $CFLAGS $FLAGS $POOL_EXTRA -c "$src" -o "$WORK_DIR/$(basename "$src" .c).o"
done
# shellcheck disable=SC2086
$CC $CFLAGS $FLAGS $VPF_EXTRA -c fuzz/vpf.c -o "$WORK_DIR/vpf.o"

for t in ops sizes cleanups tree; do
    name="vpool_$t"
    # shellcheck disable=SC2086
    $CC $CFLAGS $FLAGS -c "fuzz/fuzz_$t.c" -o "$WORK_DIR/fuzz_$t.o"
    # shellcheck disable=SC2086
    $CXX $CXXFLAGS "$WORK_DIR/fuzz_$t.o" "$WORK_DIR/vpf.o" "$WORK_DIR/vpool.o" "$WORK_DIR/vpool_port.o" \
        $LIB_FUZZING_ENGINE -o "$OUT/$name"
    rm -f "$OUT/${name}_seed_corpus.zip"
    files=$(find "corpus/$t" "corpus/regressions/$t" -type f 2>/dev/null | sort)
    if [ -n "$files" ]; then
        # shellcheck disable=SC2086
        zip -q -j "$OUT/${name}_seed_corpus.zip" $files
    fi
    cp "corpus/dict/$t.dict" "$OUT/$name.dict"
    { printf '[libfuzzer]\ndict = %s.dict\n' "$name"; sed -n '/^\[libfuzzer\]/,$p' "fuzz/$t.options" | tail -n +2; } \
        >"$OUT/$name.options"
done
