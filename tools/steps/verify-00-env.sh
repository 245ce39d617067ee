#!/usr/bin/env bash
# Report section: the tools and machine this verification ran on, as each
# tool reports itself (Debian's package version where the tool does not).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

out="${VPOOL_REPORT_DIR:?VPOOL_REPORT_DIR is not set}/sections/00-env.md"

first_line() { "$@" 2>&1 | sed -n '/[0-9]/{p;q}'; }
debver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"; }

row() { printf '| %s | %s | %s |\n' "$1" "$(echo "$2" | sed 's/|/\\|/g' | tr -s ' ')" "$3"; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
    echo "## Environment"
    echo
    echo "| tool | version (as reported) | Debian package |"
    echo "|---|---|---|"
    row gcc "$(first_line gcc --version)" "gcc $(debver gcc)"
    row clang "$(first_line clang --version)" "clang-14 $(debver clang-14)"
    row bazel "$(bazel --version 2>/dev/null | head -n 1)" "bazel-bootstrap $(debver bazel-bootstrap)"
    row frama-c "$(first_line frama-c -version)" "frama-c-base $(debver frama-c-base)"
    row why3 "$(first_line why3 --version)" "why3 $(debver why3)"
    row z3 "$(first_line z3 --version)" "z3 $(debver z3)"
    row cvc4 "$(first_line cvc4 --version)" "cvc4 $(debver cvc4)"
    row cvc5 "$(first_line cvc5 --version)" "cvc5 $(debver cvc5)"
    row "afl++" "$(afl-fuzz -h 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/.*afl-fuzz++\([0-9][^ ]*\).*/\1/p' | head -n 1)" "afl++ $(debver afl++)"
    row valgrind "$(valgrind --version 2>&1)" "valgrind $(debver valgrind)"
    row cmocka "$(pkg-config --modversion cmocka 2>/dev/null || echo '(no pkg-config)')" "libcmocka-dev $(debver libcmocka-dev)"
    row python3 "$("$VPOOL_PY" --version 2>&1)" "python3-markdown $(debver python3-markdown)"
    echo
    echo "| machine | |"
    echo "|---|---|"
    echo "| kernel | $(uname -srm) |"
    echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME") |"
    echo "| CPU | ${cpu:-unknown} |"
    echo "| cores (online) | $(nproc) |"
    echo "| memory | $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
} >"$out"
