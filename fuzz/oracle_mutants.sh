#!/usr/bin/env bash
# Oracle self-check: applies one small deliberate bug at a time to a copy of
# pool/vpool.c and replays the committed corpus of every target (ASan+UBSan
# replay build) against it. A mutant is "killed" when some corpus input
# fails. Shows the harness's oracle can fail, beyond what the sanitizers see.
#   fuzz/oracle_mutants.sh [WORKDIR]
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${1:-${VPOOL_OUT:-$ROOT/out}/mutants}"
rm -rf "$W"
mkdir -p "$W"
# name | exact text in vpool.c | replacement
mutants=(
    "bump one byte short|b->used += pad + n + VPOOL_REDZONE;|b->used += pad + n - 1 + VPOOL_REDZONE;"
    "free forgets large bytes|    p->large_bytes -= l->requested;|"
    "free matches base not mem|        if (l->mem == ptr) {|        if (l->base == ptr) {"
    "kill does not retire|    vpool__cl_retire_kept(p, rec);\n    return VPOOL_OK;|    return VPOOL_OK;"
    "reset keeps requested|        b->requested = 0;\n        b->failed = 0;|        b->failed = 0;"
    "create_child ignores busy|    if (parent->root->busy != 0) {\n        vpool__report(parent, VPOOL_MISUSE_BUSY|    if (0) {\n        vpool__report(parent, VPOOL_MISUSE_BUSY"
    "large forgets alignment shift|    l->mem = base + shift;|    l->mem = base;"
    "dump leaves the tree idle|        root->busy = busy + 1;\n        rc = vpool__call_visit|        root->busy = busy;\n        rc = vpool__call_visit"
    "registration ignores a closing pool|    if ((p->flags & VPOOL_F_CLOSING) != 0u) {|    if (0) {"
    "carve from the block record|    char *r = b->mem + b->used + pad;|    char *r = (char *)b + b->used + pad;"
    "stats.cleanups off by one|        st.cleanups = p->npending;|        st.cleanups = p->npending + (p->npending > 1);"
)
killed=0
stale=0
for m in "${mutants[@]}"; do
    IFS='|' read -r name from to <<<"$m"
    d="$W/$(echo "$name" | tr ' ' '_')"
    mkdir -p "$d"
    cp "$ROOT"/pool/*.c "$ROOT"/pool/*.h "$d"/
    if ! python3 - "$d/vpool.c" "$from" "$to" <<'PY'; then
import sys
p, a, b = sys.argv[1], sys.argv[2].replace("\\n", "\n"), sys.argv[3].replace("\\n", "\n")
s = open(p).read()
if s.count(a) != 1:
    sys.exit(1)
open(p, "w").write(s.replace(a, b))
PY
        echo "mutant '$name': text not found (pool/vpool.c changed?)"
        stale=$((stale + 1))
        continue
    fi
    verdict="survived"
    for t in ops sizes cleanups tree; do
        clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
            -DVPOOL_FUZZ_REPLAY=1 -I"$d" "$d/vpool.c" "$d/vpool_port.c" "$ROOT/fuzz/vpf.c" \
            "$ROOT/fuzz/fuzz_$t.c" "$ROOT/fuzz/vpf_replay.c" -o "$d/replay_$t" 2>/dev/null || continue
        if ! ("$d/replay_$t" "$ROOT/corpus/$t" >/dev/null 2>"$d/$t.err"); then
            verdict="killed by corpus/$t: $(grep -m1 -oE 'vpf oracle failure.*|ERROR: AddressSanitizer: [a-z-]+|runtime error: .*' "$d/$t.err")"
            break
        fi
    done
    [ "$verdict" = survived ] || killed=$((killed + 1))
    echo "mutant '$name': $verdict"
done
echo "oracle-mutants: ${killed}/${#mutants[@]} killed, ${stale} not applied"
[ "$killed" = "${#mutants[@]}" ]
