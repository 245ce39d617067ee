#!/usr/bin/env bash
# Build matrix outside Bazel: pool/*.c with gcc and clang, -O0 and -O2, normal
# and pass-through mode, all with VPOOL_COPTS (so -Werror: any warning fails);
# and vpool.h consumed from C++ (g++, clang++), linked against the C objects
# and run. One vpool-count line per combination.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

mapfile -t copts < <(vpool_copts VPOOL_COPTS)
[ "${#copts[@]}" -gt 5 ] || { echo "could not read VPOOL_COPTS from copts.bzl"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass=0
fail=0
count() { # name rc
    if [ "$2" -eq 0 ]; then
        echo "ok   $1"; echo "vpool-count: 1 0"; pass=$((pass + 1))
    else
        echo "FAIL $1"; echo "vpool-count: 0 1"; fail=$((fail + 1))
    fi
}

for cc in gcc clang; do
    for opt in -O0 -O2; do
        for mode in default passthrough; do
            defs=()
            [ "$mode" = passthrough ] && defs=(-DVPOOL_PASSTHROUGH)
            out="$work/$cc$opt-$mode"
            mkdir -p "$out"
            rc=0
            for src in "$VPOOL_ROOT"/pool/*.c; do
                "$cc" "${copts[@]}" "$opt" "${defs[@]}" -I"$VPOOL_ROOT/pool" \
                    -c "$src" -o "$out/$(basename "$src" .c).o" || rc=1
            done
            count "C $cc $opt $mode" "$rc"
        done
    done
done

# The header from C++: extern "C", no C-only constructs in it. The program
# uses a few calls and checks their results, so a broken link or ABI shows.
cat >"$work/use.cpp" <<'CPP'
#include "vpool.h"
#include <cstring>

int main()
{
    vpool_options_t o;
    std::memset(&o, 0, sizeof o);
    o.tag = "cxx";
    vpool_t *p = vpool_create(&o);
    if (p == nullptr) {
        return 1;
    }
    vpool_t *c = vpool_create_child(p, nullptr);
    char *s = vpool_strdup(c, "vpool");
    void *a = vpool_memalign(p, 24, 64);
    vpool_stats_t st;
    vpool_stats(p, &st);
    bool ok = s != nullptr && std::strcmp(s, "vpool") == 0 && a != nullptr &&
              vpool_parent(c) == p && std::strcmp(vpool_tag(p), "cxx") == 0 &&
              st.children == 1 && vpool_check(p) && vpool_check(c);
    vpool_destroy(p);
    return ok ? 0 : 1;
}
CPP
# Objects for the link, without -Werror: a C warning is counted above and
# must not hide whether the C++ side works.
mkdir -p "$work/plain"
for src in "$VPOOL_ROOT"/pool/*.c; do
    gcc -std=c99 -O2 -I"$VPOOL_ROOT/pool" -c "$src" -o "$work/plain/$(basename "$src" .c).o"
done
for cxx in g++ clang++; do
    rc=0
    "$cxx" -std=c++11 -Wall -Wextra -Wpedantic -Werror -I"$VPOOL_ROOT/pool" \
        -c "$work/use.cpp" -o "$work/use-$cxx.o" &&
        "$cxx" "$work/use-$cxx.o" "$work"/plain/*.o -o "$work/use-$cxx" &&
        "$work/use-$cxx" || rc=1
    count "C++ $cxx -std=c++11 header + link + run" "$rc"
done

echo "build matrix: $pass ok, $fail failed"
[ "$fail" -eq 0 ]
