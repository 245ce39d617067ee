#!/usr/bin/env bash
# Installs every Debian package vpool's build, tests, proofs, fuzzing and
# benchmarks need, if missing. Safe to run repeatedly: it only calls apt when
# something is absent.
set -euo pipefail

# The one list. Grouped by what needs them.
VPOOL_DEBS=(
    # build and tests
    bazel-bootstrap clang-14 clang lld llvm-14 libclang-rt-14-dev gcc g++
    libcmocka-dev
    # MSan: cmocka rebuilt from Debian's source, instrumented (docs/build.md)
    dpkg-dev cmake make
    # proofs
    frama-c-base why3 z3 cvc4 cvc5
    # fuzzing
    afl++
    # benchmarks and comparisons
    libapr1-dev libtalloc-dev valgrind gnuplot-nox
    # reports and packaging
    python3 python3-markdown zip
    # scripts
    pkg-config ca-certificates coreutils findutils gawk sed tar xz-utils
)

missing=()
for p in "${VPOOL_DEBS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

# Source packages (cmocka, rebuilt instrumented for MSan) need a deb-src
# entry; Debian 12 images usually ship binary entries only.
need_src=0
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    need_src=1
fi

if [ "${#missing[@]}" -eq 0 ] && [ "$need_src" -eq 0 ]; then
    exit 0
fi

[ "${#missing[@]}" -gt 0 ] && echo "[vpool] missing Debian packages: ${missing[*]}" >&2
[ "$need_src" -eq 1 ] && echo "[vpool] missing: a deb-src entry in apt's sources" >&2
if [ "$(id -u)" -ne 0 ]; then
    echo "[vpool] error: not root; as root run tools/deps.sh, or add deb-src entries and:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ "$need_src" -eq 1 ]; then
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
            >/etc/apt/sources.list.d/vpool-deb-src.sources
    elif [ -f /etc/apt/sources.list ]; then
        # the same archives as the binary entries, as source entries
        sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list \
            >/etc/apt/sources.list.d/vpool-deb-src.list
    fi
fi
apt-get update -q
[ "${#missing[@]}" -gt 0 ] && apt-get install -y -q --no-install-recommends "${missing[@]}"
exit 0
