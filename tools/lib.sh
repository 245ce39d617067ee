# Shared helpers for vpool's tools/*.sh. Source it; it sets VPOOL_ROOT.
# shellcheck shell=bash

VPOOL_ROOT="${VPOOL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export VPOOL_ROOT

# Debian's python3, not whatever interpreter a version manager put first on
# PATH: python3-markdown is installed for the system one.
export VPOOL_PY=/usr/bin/python3

# Per-run scratch and results (out/ is git-ignored and Bazel-ignored).
VPOOL_OUT="${VPOOL_OUT:-$VPOOL_ROOT/out}"
export VPOOL_OUT

vpool_log() { printf '[vpool] %s\n' "$*" >&2; }
vpool_die() { printf '[vpool] error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch, for step timings.
vpool_now() { date +%s; }

# Bazel with the repository's settings. The output user root is left at its
# default so that ./run test and a developer's own `bazel test` share caches;
# VPOOL_BAZEL_STARTUP adds startup options (e.g. --output_user_root=DIR for a
# cold measurement).
vpool_bazel() {
    # shellcheck disable=SC2086
    (cd "$VPOOL_ROOT" && bazel ${VPOOL_BAZEL_STARTUP:-} "$@")
}

# The flags of one named test configuration ("default" is plain clang).
vpool_config_flags() {
    case "$1" in
        default) echo "--config=clang" ;;
        asan | msan | tsan | gcc) echo "--config=$1" ;;
        *) vpool_die "unknown configuration: $1" ;;
    esac
}

# The strict copts from tools/bazel/copts.bzl, one per line, so scripts that
# compile outside Bazel use exactly the same list.
vpool_copts() {
    local name="${1:-VPOOL_COPTS}"
    sed -n "/^${name} = \\[/,/^\\]/p" "$VPOOL_ROOT/tools/bazel/copts.bzl" |
        sed -n 's/^ *"\(.*\)",$/\1/p'
}

# Downloads and unpacks Debian's source package $1 into the current
# directory (needs the deb-src entry that tools/deps.sh adds).
vpool_fetch_debian_source() {
    apt-get source -q --download-only "$1" >/dev/null || return 1
    dpkg-source -x ./"$1"_*.dsc >/dev/null || return 1
}
