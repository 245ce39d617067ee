#!/usr/bin/env python3
"""Splits the gated functions into N shards of about equal goal counts.

One frama-c process runs WP on one core: goal generation and cache
look-ups are sequential inside it. tools/prove.sh therefore runs one
process per shard. A function's weight is its goal count in the last
committed run (proofs/results/functions.json); a function not in it yet
weighs 100 goals. Largest first, each to the lightest shard, ties by name:
the same inputs always give the same shards. The goals themselves do not
depend on the shard (WP's cache is keyed by each goal's text)."""
import argparse, json, os

ap = argparse.ArgumentParser()
ap.add_argument("--funcs", required=True, help="comma-separated function list")
ap.add_argument("--weights", required=True, help="functions.json of an earlier run")
ap.add_argument("--n", type=int, required=True)
ap.add_argument("--out", required=True, help="directory; writes shard-<i>.txt")
o = ap.parse_args()

funcs = [f for f in o.funcs.split(",") if f]
known = json.load(open(o.weights)) if os.path.exists(o.weights) else {}
weight = {f: known.get(f, {}).get("goals", 100) for f in funcs}
n = max(1, min(o.n, len(funcs)))
shards = [[] for _ in range(n)]
load = [0] * n
for f in sorted(funcs, key=lambda f: (-weight[f], f)):
    i = min(range(n), key=lambda i: (load[i], i))
    shards[i].append(f)
    load[i] += weight[f]
for i, s in enumerate(shards):
    with open(os.path.join(o.out, "shard-%d.txt" % i), "w") as fh:
        fh.write(",".join(s))
print(" ".join(str(l) for l in load))
