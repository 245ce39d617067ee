#!/usr/bin/env python3
"""Tests of summarize.py's gate verdict on hand-made inputs: with every goal
proven, the gate passes exactly when every lemma function defined in
proofs/witnesses.c is in the gated set and the log has no warning of
proofs/model_warnings.txt. Exit 0 iff every check holds."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
failures = []


def check(name, ok):
    if not ok:
        failures.append(name)
        print("test_summarize: FAILED %s" % name)


def scope():
    with open(os.path.join(ROOT, "proofs", "scope.txt")) as fh:
        return [l.strip() for l in fh if l.strip() and not l.startswith("#")]


def run(funcs, log=""):
    with tempfile.TemporaryDirectory() as d:
        json.dump([], open(os.path.join(d, "report.json"), "w"))
        with open(os.path.join(d, "properties.csv"), "w") as fh:
            fh.write("directory\tfile\tline\tfunction\tproperty kind\tstatus\tproperty\n")
        json.dump({"wp:global": {"wp:main": {"total": 1, "valid": 1}}, "wp:functions": {}},
                  open(os.path.join(d, "wp.json"), "w"))
        with open(os.path.join(d, "frama-c.log"), "w") as fh:
            fh.write(log)
        out = os.path.join(d, "summary.json")
        res = subprocess.run([sys.executable, os.path.join(HERE, "summarize.py"),
                              "--root", ROOT, "--log", os.path.join(d, "frama-c.log"),
                              "--report", os.path.join(d, "report.json"),
                              "--csv", os.path.join(d, "properties.csv"),
                              "--wp", os.path.join(d, "wp.json"), "--mode", "test",
                              "--elapsed", "0", "--funcs", ",".join(funcs), "--shards", "1",
                              "--flags", "test", "--out", out],
                             capture_output=True, text=True)
        if res.returncode != 0:
            print(res.stderr)
            return None
        return json.load(open(out))["gate"]


full = scope()
lemmas = [f for f in full if f.startswith("vpool__lemma_")]
check("the gated set names lemma functions", len(lemmas) >= 2)
g = run(full)
check("every lemma gated: passes", g is not None and g["passed"] and g["lemmas_outside"] == [])
for left_out in lemmas[:1] + lemmas[-1:]:
    g = run([f for f in full if f != left_out])
    check("%s left out: fails and names it" % left_out,
          g is not None and not g["passed"] and g["lemmas_outside"] == [left_out])

# A WP warning that the model does not represent the code fails the gate
# and is named by its location, the line before the text in WP's log.
cast = ("[wp] pool/vpool.c:321: Warning: \n"
        "  Cast with incompatible pointers types (source: vpool_block*) (target: sint8*)\n")
g = run(full, cast)
check("a model warning: fails and names it",
      g is not None and not g["passed"] and len(g["model_warnings"]) == 1
      and g["model_warnings"][0].startswith("pool/vpool.c:321: Cast with incompatible"))
g = run(full, "[wp] pool/vpool.c:321: Warning: \n  Neither code nor specification\n")
check("another warning: passes", g is not None and g["passed"] and g["model_warnings"] == [])

print("test_summarize: %d checks failed" % len(failures) if failures else "test_summarize: all checks passed")
sys.exit(1 if failures else 0)
