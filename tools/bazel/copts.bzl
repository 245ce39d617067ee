"""The one place for vpool's compiler flags and fuzz-engine selection.

VPOOL_COPTS is what pool/*.c must compile cleanly with on gcc and clang
(tools/steps/test-00-build-matrix.sh uses the same list outside Bazel, read
from this file). VPOOL_TEST_COPTS is for tests, fuzz harnesses and benches:
they may use GNU/POSIX extensions and cmocka's macros, which trip
-Wpedantic and the conversion warnings, but must still be warning-free.
"""

VPOOL_COPTS = [
    "-std=c99",
    "-Wall",
    "-Wextra",
    "-Wpedantic",
    "-Werror",
    "-Wconversion",
    "-Wsign-conversion",
    "-Wshadow",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
    "-Wcast-qual",
    "-Wcast-align",
    "-Wpointer-arith",
    "-Wundef",
    "-Wvla",
    "-Wwrite-strings",
    "-Wformat=2",
    "-Wnull-dereference",
    "-Wdouble-promotion",
]

VPOOL_TEST_COPTS = [
    "-std=gnu11",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-D_GNU_SOURCE",
]

# Fuzz engine, chosen per target (never globally: a global -fsanitize=fuzzer
# link flag would give every cc_test with its own main a duplicate main).
#   --define=fuzz_engine=replay     (default) the harness's own replay main;
#                                   the target also runs as a cc_test
#   --define=fuzz_engine=libfuzzer  clang's libFuzzer main (--config=libfuzzer)
#   --define=fuzz_engine=afl        AFL++'s driver main (--config=afl)
# A harness defines LLVMFuzzerTestOneInput and, under VPOOL_FUZZ_REPLAY,
# a main() that feeds it the files named on its command line.
FUZZ_ENGINE_COPTS = select({
    "//tools/bazel:fuzz_engine_libfuzzer": [],
    "//tools/bazel:fuzz_engine_afl": [],
    "//conditions:default": ["-DVPOOL_FUZZ_REPLAY=1"],
})

FUZZ_ENGINE_LINKOPTS = select({
    "//tools/bazel:fuzz_engine_libfuzzer": ["-fsanitize=fuzzer"],
    # afl-cc 4.04c does not read Bazel's @params link file, so its
    # -fsanitize=fuzzer handling never sees the flag: link the driver itself.
    "//tools/bazel:fuzz_engine_afl": ["/usr/lib/afl/libAFLDriver.a"],
    "//conditions:default": [],
})
