#!/usr/bin/env python3
"""Merges the outputs of the shards of one proof run (tools/prove.sh) into
the files one run over all gated functions would have written: WP's JSON,
the Report plug-in's property CSV and classification JSON, the log.

Each shard is a frama-c run with -wp-fct set to its part of the gated
functions. A property of a gated function appears with its status only in
the shard that proved its function; the other shards leave it untried, and
the merge takes the owner's status. One kind of property needs more: a
precondition of a function called from several shards stays Unknown in
each, because each shard proved only its own call sites. One run over all
functions would consolidate it as Valid exactly when every call site is a
proven instance ("precondition of f" in the CSV) and no caller is outside
the gate (its call site was never tried). The merge applies that rule with
the call graph of the program (frama-c -cg), and drops those preconditions
from the classification. Checked against one unsharded run on the same
state (tenth-session set, 9,724 goals, two shards): the merged CSV matched
it row for row (2,277 rows) and the classification entry for entry (195)."""
import argparse, json, os, re

ap = argparse.ArgumentParser()
ap.add_argument("--cg", required=True, help="call graph, frama-c -cg (dot)")
ap.add_argument("--funcs", required=True, help="all gated functions, comma-separated")
ap.add_argument("--out", required=True)
ap.add_argument("shards", nargs="+", help="directories: funcs.txt wp.json report.json properties.csv frama-c.log")
o = ap.parse_args()

scope = set(f for f in o.funcs.split(",") if f)
shards = [{"dir": d, "funcs": set(open(os.path.join(d, "funcs.txt")).read().split(","))}
          for d in o.shards]

callers = {}
for a, b in re.findall(r'"(?:\w+ )?(\w+) \(\d+\)"\s*->\s*"(?:\w+ )?(\w+) \(\d+\)"',
                       open(o.cg).read()):
    callers.setdefault(b, set()).add(a)


def records(path):
    """Rows of a Report CSV. A property printed over several lines (the
    plug-in does not quote them) continues its row: lines with fewer than
    seven fields are appended to the row before them."""
    lines = open(path, encoding="utf-8").read().split("\n")
    header, rows = lines[0], []
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) >= 7:
            rows.append({"fields": fields, "raw": [line]})
        elif rows and line:
            rows[-1]["raw"].append(line)
            rows[-1]["fields"][6] += "\n" + line
    return header, rows


def key(r):
    f = r["fields"]
    return (f[0], f[1], f[2], f[3], f[4], f[6])


def set_status(r, status):
    r["fields"][5] = status
    first = r["raw"][0].split("\t")
    first[5] = status
    r["raw"][0] = "\t".join(first)


# Properties: the owner shard's row wins; otherwise (libc, port, functions
# outside the gate) the shards agree, and if not, the weaker status is kept.
header, merged, order = None, {}, []
for s in shards:
    header, rows = records(os.path.join(s["dir"], "properties.csv"))
    nth = {}
    for r in rows:
        # The plug-in prints some rows twice (the same behaviours clause);
        # a repeat within one shard is kept, as one run would print it.
        nth[key(r)] = nth.get(key(r), 0) + 1
        k = (key(r), nth[key(r)])
        if k not in merged:
            merged[k] = (r, r["fields"][3] in s["funcs"])
            order.append(k)
            continue
        old, owned = merged[k]
        if r["fields"][3] in s["funcs"] and not owned:
            merged[k] = (r, True)
        elif not owned and old["fields"][5] != r["fields"][5] and r["fields"][5] != "Valid":
            merged[k] = (r, False)
rows = [merged[k][0] for k in order]

instances = {}
for r in rows:
    kind = r["fields"][4]
    if kind.startswith("precondition of "):
        instances.setdefault((kind[len("precondition of "):], r["fields"][6]), []).append(r["fields"][5])
consolidated = []
for r in rows:
    f = r["fields"]
    if f[4] != "precondition" or f[5] != "Unknown":
        continue
    calls = instances.get((f[3], f[6]), [])
    if callers.get(f[3]) and callers[f[3]] <= scope and calls and all(c == "Valid" for c in calls):
        set_status(r, "Valid")
        consolidated.append(r)

with open(os.path.join(o.out, "properties.csv"), "w", encoding="utf-8") as fh:
    fh.write(header + "\n")
    for r in rows:
        fh.write("\n".join(r["raw"]) + "\n")

# Classification: an entry stays when every shard reports it (a property
# proven in one shard is absent from that shard's entries) and it is not a
# consolidated precondition. Titles carry a numeric suffix that differs
# between runs; the key leaves it out.
valid_at, other_at = set(), set()
for r in rows:
    f = r["fields"]
    at = ("%s/%s" % (f[0], f[1]), int(f[2]) if f[2].isdigit() else None)
    (valid_at if f[5] == "Valid" else other_at).add(at)
dropped = valid_at - other_at


def ekey(e):
    return (e.get("file"), e.get("line"), re.sub(r"_\d+$", "", e.get("title", "")))


reports = [json.load(open(os.path.join(s["dir"], "report.json"))) for s in shards]
seen = [set(map(ekey, rep)) for rep in reports]
classification = []
for i, e in enumerate(reports[0]):
    k = ekey(e)
    if not all(k in s for s in seen) or (e.get("file"), e.get("line")) in dropped:
        continue
    # Untried in the first shard but tried (and unknown) in another: the
    # tried one is what one run would classify.
    for rep in reports[1:]:
        for other in rep:
            if e.get("classid") != "unclassified.unknown" and ekey(other) == k \
                    and other.get("classid") == "unclassified.unknown":
                e = other
    classification.append(e)
json.dump(classification, open(os.path.join(o.out, "report.json"), "w"), indent=1)

# WP's statistics: functions are disjoint between shards; the global
# counters add up (a rank is a maximum, not a count).
wp = {"wp:global": {}, "wp:functions": {}}
for s in shards:
    path = os.path.join(s["dir"], "wp.json")
    if not os.path.exists(path):
        # A shard without WP's statistics would drop its functions' goals
        # from the totals, which the gate reads.
        raise SystemExit("merge: %s has no wp.json" % s["dir"])
    part = json.load(open(path))
    wp["wp:functions"].update(part.get("wp:functions", {}))
    for prover, stats in part.get("wp:global", {}).items():
        into = wp["wp:global"].setdefault(prover, {})
        for name, v in stats.items():
            into[name] = max(into.get(name, 0), v) if name == "rank" else into.get(name, 0) + v
json.dump(wp, open(os.path.join(o.out, "wp.json"), "w"), indent=1)

with open(os.path.join(o.out, "frama-c.log"), "w", errors="replace") as fh:
    for i, s in enumerate(shards):
        fh.write("==== shard %d: %s\n" % (i, ",".join(sorted(s["funcs"]))))
        fh.write(open(os.path.join(s["dir"], "frama-c.log"), errors="replace").read())
print("merge: %d shards, %d properties, %d preconditions consolidated, %d classification entries"
      % (len(shards), len(rows), len(consolidated), len(classification)))
