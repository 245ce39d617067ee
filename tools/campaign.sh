#!/usr/bin/env bash
# tools/campaign.sh -- the recorded fuzzing campaign (docs/fuzzing.md):
# every target with every engine, ASan+UBSan, two runs at a time, each
# under `nice -n 19` (the machine is shared), through tools/fuzz.sh.
#
#   tools/campaign.sh OUT.json [PAIR=SECONDS ...]
#     PAIR is TARGET:ENGINE (ENGINE libfuzzer|afl); without pairs, all
#     eight for VPOOL_CAMPAIGN_SECS (1800) each, in the order given below.
#     VPOOL_CAMPAIGN_SAN=msan: MemorySanitizer builds instead (libFuzzer);
#     VPOOL_CAMPAIGN_SAN=ubsan: UBSan alone (the root's caches are on).
#
# Per run it records target, engine, wall seconds, CPU seconds received,
# executions, exec/s (the engine's own figure, and per wall and per CPU
# second), coverage at start and end, new corpus entries and crashes, as one
# JSON object per line in OUT.json.runs, and OUT.json as their array.
#
# CPU seconds: the larger of two lower bounds, (a) the rusage of the run's
# reaped process tree (GNU time) and (b) the sum over the run's processes of
# the last utime+stime sampled from /proc every 2 s (counts AFL++ targets
# killed or orphaned when -V ends, which (a) misses).
#
# Finds stay in $VPOOL_OUT/fuzz/work/TARGET-ENGINE for `./run fuzz minimize`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/tools/fuzz.sh"
export VPOOL_FUZZ_NICE=19
SAN="${VPOOL_CAMPAIGN_SAN:-asan}"

[ $# -ge 1 ] || { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
OUT_JSON="$1"
shift
RUNS="$OUT_JSON.runs"
LOGDIR="${VPOOL_OUT:-$ROOT/out}/campaign"
mkdir -p "$LOGDIR" "$(dirname "$OUT_JSON")"
: >"$RUNS"

pairs=()
if [ $# -gt 0 ]; then
    pairs=("$@")
else
    secs="${VPOOL_CAMPAIGN_SECS:-1800}"
    for t in ops sizes cleanups tree; do
        pairs+=("$t:libfuzzer=$secs" "$t:afl=$secs")
    done
fi

# Binaries first, so build time is not campaign time.
for p in "${pairs[@]}"; do
    t="${p%%:*}"
    e="${p#*:}"
    e="${e%%=*}"
    if [ "$e" = afl ]; then
        bash "$FUZZ" build "$t" --engine afl --san "$SAN" >/dev/null
        bash "$FUZZ" build "$t" --engine afl --san "$SAN" --cmplog >/dev/null
    else
        bash "$FUZZ" build "$t" --engine libfuzzer --san "$SAN" >/dev/null
    fi
done

# cpu_sampler SID FILE STOP: the last utime+stime (clock ticks) of every
# process of session SID, per pid, rewritten every 2 s until STOP exists.
cpu_sampler() {
    local sid="$1" file="$2" stop="$3"
    declare -A last=()
    local st pid rest f fields
    while :; do
        for st in /proc/[0-9]*/stat; do
            { read -r rest <"$st"; } 2>/dev/null || continue
            pid="${rest%% *}"
            rest="${rest##*) }"
            # shellcheck disable=SC2206
            fields=($rest)
            [ "${fields[3]}" = "$sid" ] || continue
            last[$pid]=$((fields[11] + fields[12]))
        done
        f=0
        for pid in "${!last[@]}"; do f=$((f + last[$pid])); done
        echo "$f" >"$file"
        [ ! -e "$stop" ] || break
        sleep 2
    done
}

# Processes of session SID still alive (an engine's stray child).
session_pids() {
    local st rest fields
    for st in /proc/[0-9]*/stat; do
        { read -r rest <"$st"; } 2>/dev/null || continue
        # shellcheck disable=SC2206
        fields=(${rest##*) })
        [ "${fields[3]}" = "$1" ] && echo "${rest%% *}"
    done
    return 0
}

run_one() {
    local p="$1" t e secs log tm smp start end
    t="${p%%:*}"
    e="${p#*:}"
    secs="${e#*=}"
    e="${e%%=*}"
    log="$LOGDIR/$t-$e-$SAN.log"
    tm="$LOGDIR/$t-$e-$SAN.time"
    smp="$LOGDIR/$t-$e-$SAN.ticks"
    echo 0 >"$smp"
    rm -f "$smp.stop"
    start=$(date +%s.%N)
    # setsid -w: the run is a session of its own (sid = this pid), and the
    # pid waited for is the run itself.
    setsid -w /usr/bin/time -f '%U %S' -o "$tm" bash "$FUZZ" "$t" --engine "$e" --time "$secs" --san "$SAN" \
        >"$log" 2>&1 &
    local pid=$! sid
    sleep 1
    sid=$(ps -o sid= -p "$pid" | tr -d ' ')
    # setsid forks when it leads a process group: then the session is its child's.
    [ "$sid" = "$pid" ] || sid=$(ps -o sid= -p "$(pgrep -P "$pid" | head -1)" | tr -d ' ')
    cpu_sampler "${sid:-$pid}" "$smp" "$smp.stop" &
    local spid=$!
    wait "$pid" || true
    end=$(date +%s.%N)
    sleep 3
    touch "$smp.stop"
    wait "$spid" 2>/dev/null || true
    local stray
    stray=$(session_pids "${sid:-$pid}" | tr '\n' ' ')
    if [ -n "${stray// /}" ]; then
        echo "campaign: $t $e: ending stray processes of the run: $stray" >>"$log"
        # shellcheck disable=SC2086
        kill -9 $stray 2>/dev/null || true
    fi
    python3 - "$t" "$e" "$secs" "$start" "$end" "$tm" "$smp" "$log" >>"$RUNS" <<'PY'
import json, os, re, sys
t, e, secs, start, end, tm, smp, log = sys.argv[1:]
wall = float(end) - float(start)
u, s = (open(tm).read().split()[-2:] + ["0", "0"])[:2] if os.path.exists(tm) else ("0", "0")
rus = float(u) + float(s)
sampled = int(open(smp).read().strip() or 0) / os.sysconf("SC_CLK_TCK")
cpu = max(rus, sampled)
res = {}
for line in open(log, errors="replace"):
    if line.startswith("fuzz-result "):
        res = dict(kv.split("=", 1) for kv in line.split()[1:])
execs = int(res.get("execs", 0))
row = {
    "target": t, "engine": e,
    "sanitizers": {"msan": "msan", "ubsan": "ubsan"}.get(os.environ.get("VPOOL_CAMPAIGN_SAN", ""), "asan+ubsan"),
    "requested_seconds": int(secs),
    "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
    "cpu_seconds_rusage": round(rus, 1), "cpu_seconds_sampled": round(sampled, 1),
    "execs": execs, "exec_per_sec_engine": float(res.get("exec_per_sec", 0)),
    "exec_per_wall_second": round(execs / wall) if wall else 0,
    "exec_per_cpu_second": round(execs / cpu) if cpu else 0,
    "coverage_start": res.get("cov_start"), "coverage_end": res.get("cov"),
    "coverage_unit": "edges (libFuzzer cov)" if e == "libfuzzer" else "bitmap_cvg (AFL++)",
    "new_corpus_entries": int(res.get("new", 0)), "corpus_files_end": int(res.get("corpus", 0)),
    "crashes": int(res.get("crashes", 0)), "log": os.path.relpath(log),
}
print(json.dumps(row))
PY
    echo "campaign: $t $e done: $(tail -1 "$RUNS")"
}

# Two runs at a time, in order.
i=0
while [ $i -lt ${#pairs[@]} ]; do
    run_one "${pairs[$i]}" &
    a=$!
    b=""
    if [ $((i + 1)) -lt ${#pairs[@]} ]; then
        run_one "${pairs[$((i + 1))]}" &
        b=$!
    fi
    wait "$a" || true
    [ -z "$b" ] || wait "$b" || true
    i=$((i + 2))
done

python3 - "$RUNS" "$OUT_JSON" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
json.dump(rows, open(sys.argv[2], "w"), indent=1)
open(sys.argv[2], "a").write("\n")
PY
echo "campaign: $(wc -l <"$RUNS") runs written to $OUT_JSON"
