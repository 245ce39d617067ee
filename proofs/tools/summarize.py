#!/usr/bin/env python3
"""Builds proofs/results/summary.json from one WP + Report run (the
shards' outputs merged by merge.py).

Inputs: the Report plug-in's classification JSON (the gate), its property
CSV (status of every property), WP's per-goal JSON (prover split, times),
the frama-c log (smoke tests, and the warnings of proofs/model_warnings.txt).
The goal and property verdicts come from the Report and WP outputs only."""
import argparse, csv, json, re, subprocess, glob, os

ap = argparse.ArgumentParser()
for a in ("root", "log", "report", "csv", "wp", "mode", "elapsed", "funcs", "flags", "out"):
    ap.add_argument("--" + a, required=True)
ap.add_argument("--shards", type=int, default=1)
o = ap.parse_args()

def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except Exception:
        return "?"

scope = [f for f in o.funcs.split(",") if f]
classified = json.load(open(o.report))

props = []
with open(o.csv, newline="") as fh:
    for row in csv.DictReader(fh, delimiter="\t"):
        props.append(row)

# Every function defined in pool/*.c.
defined = []
for path in sorted(glob.glob(os.path.join(o.root, "pool", "*.c"))):
    text = open(path).read()
    for m in re.finditer(r"^(?:static\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\s*\([^;{]*\)\s*(?:/\*@[^*]*\*/\s*)?\{",
                         text, re.M):
        defined.append({"file": os.path.relpath(path, o.root), "function": m.group(1)})

wp = json.load(open(o.wp)) if os.path.exists(o.wp) else {}
wpf = wp.get("wp:functions", {})

functions = {}
for f in scope:
    entry = {"goals": 0, "proven": 0, "by": {}, "time": 0.0, "properties": {}}
    for goal, stats in wpf.get(f, {}).items():
        if goal == "wp:section":
            continue
        main = stats.get("wp:main", {})
        entry["goals"] += main.get("total", 0)
        entry["proven"] += main.get("valid", 0)
        for prover, st in stats.items():
            if prover in ("wp:main",):
                continue
            v = st.get("valid", 0)
            if v:
                entry["by"][prover] = entry["by"].get(prover, 0) + v
            entry["time"] += st.get("time", 0.0) if isinstance(st.get("time", 0.0), (int, float)) else 0.0
    for p in props:
        if p["function"] == f:
            entry["properties"][p["status"]] = entry["properties"].get(p["status"], 0) + 1
    functions[f] = entry

# Lemma functions (ghost, defined in proofs/witnesses.c) state facts that
# gated proofs call on: one outside the gate would be an unproven
# assumption, so the gate fails while any is.
lemmas = sorted(set(re.findall(r"^\s*void\s+(vpool__lemma_\w+)\s*\(",
                               open(os.path.join(o.root, "proofs", "witnesses.c")).read(), re.M)))
lemmas_outside = [f for f in lemmas if f not in scope]

pool_functions = [d for d in defined if d["file"].startswith("pool/vpool.c")]
not_proven = [d for d in defined if d["function"] not in scope]

trusted = [p for p in props if p["status"] == "Considered valid"]
# A gated function's own preconditions are obligations of its callers; they
# stay Unknown in the whole-program classification while some caller is
# outside the gate, so they are reported, not gated (their call sites inside
# the gate, incl. the witnesses, are gated as "precondition of f").
own_pre = [p for p in props if p["function"] in scope and p["property kind"] == "precondition"
           and p["status"] != "Valid"]
bad = [p for p in props if p["function"] in scope and p["property kind"] != "precondition"
       and p["status"] not in ("Valid", "Considered valid")]

# WP warnings that its memory model does not represent the code
# (proofs/model_warnings.txt): such a proof does not speak of the compiled
# program, so the gate fails while the log has any. Each is named by the
# warning's location, the line before the text in WP's log.
phrases = [l.strip() for l in open(os.path.join(o.root, "proofs", "model_warnings.txt"))
           if l.strip() and not l.startswith("#")]
model_warnings = []
prev = ""
for line in open(o.log, errors="replace"):
    for ph in phrases:
        if ph in line:
            where = re.search(r"([\w./-]+\.[ch]:\d+)", line) or re.search(r"([\w./-]+\.[ch]:\d+)", prev)
            model_warnings.append("%s: %s" % (where.group(1) if where else "?", line.strip()))
    prev = line

smoke = {"passed": 0, "failed": []}
for line in open(o.log, errors="replace"):
    if "Smoke" in line or "smoke" in line:
        if re.search(r"\[(Passed|Unknown|Timeout)\].*[Ss]moke", line):
            smoke["passed"] += 1
        if re.search(r"\[Failed\].*[Ss]moke|[Ww]arning.*([Dd]ead code|doomed|[Ss]moke)", line):
            smoke["failed"].append(line.strip())

g = wp.get("wp:global", {})
totals = {"goals": g.get("wp:main", {}).get("total", 0),
          "proven": g.get("wp:main", {}).get("valid", 0),
          "by": {k: v.get("valid", 0) for k, v in g.items() if k != "wp:main"}}

summary = {
    "gate": {"report_errors": len(classified), "non_valid_properties": len(bad),
             "smoke_failures": len(smoke["failed"]),
             "unproven_goals": totals["goals"] - totals["proven"],
             "own_preconditions_open": len(own_pre),
             "lemmas_outside": lemmas_outside,
             "model_warnings": model_warnings,
             "passed": totals["goals"] > 0 and totals["goals"] == totals["proven"]
                       and not bad and not smoke["failed"] and not lemmas_outside
                       and not model_warnings},
    "mode": o.mode, "elapsed_s": float(o.elapsed), "shards": o.shards, "flags": o.flags,
    "versions": {"frama-c": version(["frama-c", "-version"]),
                 "why3": version(["why3", "--version"]),
                 "z3": version(["z3", "--version"]),
                 "cvc4": version(["cvc4", "--version"]),
                 "cvc5": version(["cvc5", "--version"])},
    "totals": totals, "functions": functions,
    "not_proven_functions": not_proven,
    "trusted_properties": [{"function": p["function"], "kind": p["property kind"],
                            "property": p["property"]} for p in trusted],
    "report_classification": classified,
    "non_valid": bad, "smoke": smoke,
}
json.dump(summary, open(o.out, "w"), indent=1, sort_keys=True)
