#!/usr/bin/env python3
"""Tests of merge.py on two hand-made shards: each rule of the merge has a
case that would come out differently if the rule were missing. Exit 0 iff
every check holds; prints each failed check."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = "directory\tfile\tline\tfunction\tproperty kind\tstatus\tproperty"


def row(line, fn, kind, status, prop):
    return "pool\tvpool.c\t%d\t%s\t%s\t%s\t%s" % (line, fn, kind, status, prop)


def entry(line, title, classid="unclassified.unknown"):
    return {"action": "ERROR", "classid": classid, "descr": "", "file": "pool/vpool.c",
            "line": line, "title": title}


def wp(funcs, total):
    return {"wp:global": {"qed": {"total": total, "valid": total},
                          "wp:main": {"total": total, "valid": total, "rank": total}},
            "wp:functions": {f: {"g": {"wp:main": {"total": 1, "valid": 1}}} for f in funcs}}


# Gated: a, b (shard 0) and c (shard 1). g is called from a and c, both
# call sites proven: one run would consolidate its precondition as Valid.
# h is also called by u, outside the gate: its precondition stays Unknown.
# k's call site in c is not proven: stays Unknown.
SHARD0 = [
    row(10, "a", "postcondition", "Valid", "a_post"),
    row(11, "a", "complete behaviors", "Valid", "complete\n x, y"),
    row(11, "a", "complete behaviors", "Valid", "complete\n x, y"),
    row(20, "a", "precondition of g", "Valid", "g_pre"),
    row(21, "a", "precondition of h", "Valid", "h_pre"),
    row(90, "g", "precondition", "Unknown", "g_pre"),
    row(91, "h", "precondition", "Unknown", "h_pre"),
    row(92, "k", "precondition", "Unknown", "k_pre"),
    row(99, "port", "postcondition", "Unknown", "port_post"),
]
SHARD1 = [
    row(30, "c", "postcondition", "Valid", "c_post"),
    row(40, "c", "precondition of g", "Valid", "g_pre"),
    row(41, "c", "precondition of k", "Unknown", "k_pre"),
    row(90, "g", "precondition", "Unknown", "g_pre"),
    row(91, "h", "precondition", "Unknown", "h_pre"),
    row(92, "k", "precondition", "Unknown", "k_pre"),
    row(99, "port", "postcondition", "Unknown", "port_post"),
]
REPORT0 = [entry(90, "g_requires"), entry(91, "h_requires"), entry(92, "k_requires"),
           entry(99, "port_ensures"), entry(30, "c_ensures", "unclassified.untried")]
REPORT1 = [entry(90, "g_requires_2"), entry(91, "h_requires_2"), entry(92, "k_requires_2"),
           entry(99, "port_ensures_3"), entry(10, "a_ensures", "unclassified.untried")]
CALLGRAPH = """digraph G {
  "UV a (1)" -> "UV g (5)" [];
  "UV c (3)" -> "UV g (5)" [];
  "UV a (1)" -> "UV h (6)" [];
  "UV u (4)" -> "UV h (6)" [];
  "UV c (3)" -> "UV k (7)" [];
}"""

failures = []


def check(name, ok):
    if not ok:
        failures.append(name)
        print("test_merge: FAILED %s" % name)


def shard(root, i, funcs, rows, report, with_wp=True):
    d = os.path.join(root, "s%d" % i)
    os.mkdir(d)
    open(os.path.join(d, "funcs.txt"), "w").write(",".join(funcs))
    open(os.path.join(d, "properties.csv"), "w").write(HEADER + "\n" + "\n".join(rows) + "\n")
    json.dump(report, open(os.path.join(d, "report.json"), "w"))
    if with_wp:
        json.dump(wp(funcs, 3 * len(funcs)), open(os.path.join(d, "wp.json"), "w"))
    open(os.path.join(d, "frama-c.log"), "w").write("[wp] shard %d\n" % i)
    return d


def merge(root, dirs):
    out = os.path.join(root, "out")
    os.makedirs(out, exist_ok=True)
    open(os.path.join(root, "cg.dot"), "w").write(CALLGRAPH)
    return subprocess.run([sys.executable, os.path.join(HERE, "merge.py"), "--cg",
                           os.path.join(root, "cg.dot"), "--funcs", "a,b,c", "--out", out] + dirs,
                          capture_output=True, text=True), out


with tempfile.TemporaryDirectory() as root:
    dirs = [shard(root, 0, ["a", "b"], SHARD0, REPORT0), shard(root, 1, ["c"], SHARD1, REPORT1)]
    res, out = merge(root, dirs)
    check("merge succeeds", res.returncode == 0)
    lines = open(os.path.join(out, "properties.csv")).read().split("\n")
    status = {}
    for line in lines[1:]:
        f = line.split("\t")
        if len(f) >= 7:
            status.setdefault((f[3], f[4], f[6]), []).append(f[5])
    check("owner rows kept", status.get(("a", "postcondition", "a_post")) == ["Valid"]
          and status.get(("c", "postcondition", "c_post")) == ["Valid"])
    check("repeated row within a shard kept twice, continuation line kept",
          status.get(("a", "complete behaviors", "complete")) == ["Valid", "Valid"]
          and lines.count(" x, y") == 2)
    check("precondition proven at every call site, all callers gated: Valid",
          status.get(("g", "precondition", "g_pre")) == ["Valid"])
    check("precondition with a caller outside the gate: Unknown",
          status.get(("h", "precondition", "h_pre")) == ["Unknown"])
    check("precondition with an unproven call site: Unknown",
          status.get(("k", "precondition", "k_pre")) == ["Unknown"])
    check("row shared by the shards appears once",
          status.get(("port", "postcondition", "port_post")) == ["Unknown"])
    titles = sorted(e["title"] for e in json.load(open(os.path.join(out, "report.json"))))
    check("classification: consolidated and shard-owned entries dropped, the rest kept once",
          titles == ["h_requires", "k_requires", "port_ensures"])
    w = json.load(open(os.path.join(out, "wp.json")))
    check("WP statistics: functions united, counts added, rank a maximum",
          sorted(w["wp:functions"]) == ["a", "b", "c"]
          and w["wp:global"]["wp:main"] == {"total": 9, "valid": 9, "rank": 6})

with tempfile.TemporaryDirectory() as root:
    dirs = [shard(root, 0, ["a", "b"], SHARD0, REPORT0),
            shard(root, 1, ["c"], SHARD1, REPORT1, with_wp=False)]
    res, _ = merge(root, dirs)
    check("a shard without wp.json fails the merge", res.returncode != 0)

print("test_merge: %d checks failed" % len(failures) if failures else "test_merge: all checks passed")
sys.exit(1 if failures else 0)
