#!/usr/bin/env bash
# ./run coverage -- clang source-based coverage of pool/ reached by
# replaying every corpus and regression file (docs/fuzzing.md).
#
#   ./run coverage [--out DIR]
#
# The replay binaries are built without sanitizers, so the block cache (off
# under ASan/MSan) is part of what is measured. Writes DIR/summary.md (the
# table and the uncovered lines and branches), DIR/report.txt (llvm-cov
# report), DIR/coverage.json, and prints
#   coverage-result lines=L% branches=B% functions=F% regions=R%
set -euo pipefail
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="$VPOOL_OUT/coverage"
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
PROFDATA=$(command -v llvm-profdata-14 || command -v llvm-profdata)
COV=$(command -v llvm-cov-14 || command -v llvm-cov)
rm -rf "$out"
mkdir -p "$out/bin" "$out/raw"

targets=$(bash "$VPOOL_ROOT/tools/fuzz.sh" list)
objs=()
for t in $targets; do
    bin="$out/bin/vpool_$t"
    clang -std=gnu11 -D_GNU_SOURCE -g -O0 -fprofile-instr-generate -fcoverage-mapping -DVPOOL_FUZZ_REPLAY=1 \
        -I"$VPOOL_ROOT/pool" "$VPOOL_ROOT/pool/vpool.c" "$VPOOL_ROOT/pool/vpool_port.c" \
        "$VPOOL_ROOT/fuzz/vpf.c" "$VPOOL_ROOT/fuzz/fuzz_$t.c" "$VPOOL_ROOT/fuzz/vpf_replay.c" -o "$bin"
    dirs=("$VPOOL_ROOT/corpus/$t")
    [ -d "$VPOOL_ROOT/corpus/regressions/$t" ] && dirs+=("$VPOOL_ROOT/corpus/regressions/$t")
    LLVM_PROFILE_FILE="$out/raw/$t-%p.profraw" "$bin" "${dirs[@]}" >/dev/null ||
        vpool_die "replay of corpus/$t failed (run ./run test for details)"
    objs+=("$bin")
done
"$PROFDATA" merge -sparse "$out"/raw/*.profraw -o "$out/merged.profdata"

args=("${objs[0]}")
for o in "${objs[@]:1}"; do args+=(-object "$o"); done
srcs=("$VPOOL_ROOT/pool/vpool.c" "$VPOOL_ROOT/pool/vpool_port.c")
"$COV" report "${args[@]}" -instr-profile="$out/merged.profdata" "${srcs[@]}" >"$out/report.txt"
"$COV" export "${args[@]}" -instr-profile="$out/merged.profdata" -summary-only "${srcs[@]}" >"$out/coverage.json"
"$COV" show "${args[@]}" -instr-profile="$out/merged.profdata" -show-branches=count -show-line-counts \
    "${srcs[@]}" >"$out/show.txt"

"$VPOOL_PY" - "$out" "$VPOOL_ROOT" <<'PY'
import json, re, sys
out, root = sys.argv[1], sys.argv[2]
d = json.load(open(out + "/coverage.json"))["data"][0]
t = d["totals"]
def pct(k): return t[k]["percent"], t[k]["covered"], t[k]["count"]
rows = []
for f in d["files"]:
    s = f["summary"]
    rows.append((f["filename"].replace(root + "/", ""), s["lines"], s["branches"], s["functions"]))
# Uncovered lines and branches from `llvm-cov show`.
unl, unb = [], []
cur = None
for line in open(out + "/show.txt"):
    m = re.match(r"^(/\S+\.c):$", line.strip())
    if m:
        cur = m.group(1).replace(root + "/", "")
        continue
    m = re.match(r"^\s*(\d+)\|\s*0\|(.*)$", line)
    if m and cur:
        unl.append(f"{cur}:{m.group(1)}: {m.group(2).strip()}")
        continue
    m = re.match(r"^\s*\|\s*Branch \((\d+):(\d+)\): \[True: ([^,]+), False: ([^\]]+)\]", line)
    if m and cur and (m.group(3) == "0" or m.group(4) == "0"):
        side = "true" if m.group(3) == "0" else "false"
        if m.group(3) == "0" and m.group(4) == "0":
            side = "both"
        unb.append(f"{cur}:{m.group(1)}:{m.group(2)}: never {side}")
with open(out + "/summary.md", "w") as w:
    w.write("| file | lines | branches | functions |\n|---|---|---|---|\n")
    for name, l, b, fn in rows:
        w.write(f"| {name} | {l['percent']:.2f} % ({l['covered']}/{l['count']}) | "
                f"{b['percent']:.2f} % ({b['covered']}/{b['count']}) | "
                f"{fn['percent']:.2f} % ({fn['covered']}/{fn['count']}) |\n")
    l, b, fn = t["lines"], t["branches"], t["functions"]
    w.write(f"| **total** | **{l['percent']:.2f} %** ({l['covered']}/{l['count']}) | "
            f"**{b['percent']:.2f} %** ({b['covered']}/{b['count']}) | "
            f"{fn['percent']:.2f} % ({fn['covered']}/{fn['count']}) |\n\n")
    w.write(f"Uncovered lines ({len(unl)}):\n\n")
    for u in unl:
        w.write(f"- `{u}`\n")
    w.write(f"\nBranch sides never taken ({len(unb)}):\n\n")
    for u in unb:
        w.write(f"- `{u}`\n")
print("coverage-result lines=%.2f%% branches=%.2f%% functions=%.2f%% regions=%.2f%%" % (
    t["lines"]["percent"], t["branches"]["percent"], t["functions"]["percent"], t["regions"]["percent"]))
PY
