#!/usr/bin/env python3
"""Turns the raw measurements of tools/bench.sh into bench.md, results.json
and the gnuplot figures. Every number printed comes from the files in
--work; nothing here is a constant figure."""
import argparse
import glob
import json
import os
import statistics
import subprocess

PEERS = ["vpool", "malloc", "apr", "talloc", "talloc_pool", "bump", "null"]
RIVALS = ["malloc", "apr", "talloc", "talloc_pool"]


def tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fmt(x, nd=1):
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{nd}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", required=True)
    a = ap.parse_args()
    W = a.work

    env = {r[0]: r[1] for r in tsv(f"{W}/env.tsv")}
    cfgs = []
    ops = {}
    for name, o, n, peers in tsv(f"{W}/cfgs.tsv"):
        cfgs.append((name, peers.split()))
        ops[name] = float(o)

    # instructions per op: (Ir(3N) - Ir(N)) / (2N * ops per iteration)
    raw = {}
    for cfg, peer, n, ir in tsv(f"{W}/cg.tsv"):
        raw.setdefault((cfg, peer), {})[int(n)] = int(ir.replace(",", ""))
    ir = {}
    for (cfg, peer), d in raw.items():
        ns = sorted(d)
        if len(ns) == 2:
            ir[(cfg, peer)] = (d[ns[1]] - d[ns[0]]) / ((ns[1] - ns[0]) * ops[cfg])
    incl = {}
    rawi = {}
    for cfg, n, v in tsv(f"{W}/cg-incl.tsv"):
        rawi.setdefault(cfg, {})[int(n)] = int(v)
    for cfg, d in rawi.items():
        ns = sorted(d)
        if len(ns) == 2:
            incl[cfg] = (d[ns[1]] - d[ns[0]]) / ((ns[1] - ns[0]) * ops[cfg])

    # interleaved time: per repetition, vpool's time / the peer's time
    times = {}
    for envn, cfg, peer, rep, iters, ns, nsop in tsv(f"{W}/time.tsv"):
        times.setdefault((envn, cfg), {}).setdefault(int(rep), {})[peer] = (int(ns), float(nsop))
    tratio = {}
    tabs = {}
    for (envn, cfg), reps in times.items():
        per = {}
        absv = {}
        for rep, d in reps.items():
            for peer, (ns, nsop) in d.items():
                absv.setdefault(peer, []).append(nsop)
                if peer != "vpool" and "vpool" in d:
                    per.setdefault(peer, []).append(d["vpool"][0] / ns)
        for peer, v in per.items():
            tratio[(envn, cfg, peer)] = (statistics.median(v), min(v), max(v), len(v))
        for peer, v in absv.items():
            tabs[(envn, cfg, peer)] = statistics.median(v)

    rss = {}
    for envn, cfg, peer, before, after in tsv(f"{W}/rss.tsv"):
        rss[(envn, cfg, peer)] = (int(before), int(after))

    waste = {}
    streams = []
    for stream, peer, n, req, got, ratio, own in tsv(f"{W}/waste.tsv"):
        if stream not in streams:
            streams.append(stream)
        waste[(stream, peer)] = dict(n=int(n), requested=int(req), obtained=int(got),
                                     ratio=float(ratio), counted=int(own))

    profiles = {}
    best_n = {}
    for f in sorted(glob.glob(f"{W}/cg.*.vpool.*.prof")):
        parts = os.path.basename(f).split(".")
        key, n = parts[1].replace("_", "/", 1), int(parts[-2])
        if n > best_n.get(key, -1):
            best_n[key] = n
            with open(f) as fh:
                profiles[key] = fh.read().rstrip()

    # ---- goals ------------------------------------------------------------
    def rat(cfg, peer):
        v, p = ir.get((cfg, "vpool")), ir.get((cfg, peer))
        return v / p if v is not None and p else None

    goals = []

    def goal(name, cfg, value, limit, how):
        goals.append(dict(goal=name, config=cfg, value=value, limit=limit,
                          met=value is not None and value <= limit, how=how))

    names = [c for c, _ in cfgs]
    for c in names:
        if c.startswith("small/"):
            net = None
            if (c, "vpool") in ir and (c, "null") in ir:
                net = ir[(c, "vpool")] - ir[(c, "null")]
            goal("small: instructions per allocation", c, net, 14,
                 "vpool minus the harness-only peer (includes the amortised reset)")
        if c.startswith("life/"):
            goal("life: vpool / APR instructions", c, rat(c, "apr"), 0.5, "per request")
            goal("life: vpool / malloc instructions", c, rat(c, "malloc"), 0.1, "per request")
        if c.startswith("reset/"):
            goal("reset: vpool / APR instructions", c, rat(c, "apr"), 0.4, "per request")
        if c.startswith("tree/"):
            goal("tree: vpool / APR instructions", c, rat(c, "apr"), 0.45, "per pool")
    for s in streams:
        best = min((waste[(s, p)]["ratio"] for p in ("malloc", "apr", "talloc") if (s, p) in waste),
                   default=None)
        v = waste.get((s, "vpool"), {}).get("ratio")
        goal("waste: vpool / best peer", s, v / best if v and best else None, 1.05,
             "obtained/requested, vpool over the best of malloc, APR, talloc")

    # ---- JSON -------------------------------------------------------------
    os.makedirs(f"{a.out}/bench", exist_ok=True)
    res = dict(
        mode=a.mode, environment=env,
        instructions_per_op={c: {p: ir.get((c, p)) for p in ps} for c, ps in cfgs},
        ops_per_iteration=ops,
        vpool_alloc_inclusive_per_call=incl,
        time_ratio_vpool_over_peer={
            e: {c: {p: dict(zip(("median", "min", "max", "reps"), tratio[(e, c, p)]))
                    for p in ps if (e, c, p) in tratio} for c, ps in cfgs}
            for e in ("default", "pinned")},
        ns_per_op_median={e: {c: {p: tabs.get((e, c, p)) for p in ps if (e, c, p) in tabs}
                              for c, ps in cfgs} for e in ("default", "pinned")},
        peak_rss_growth_kb={e: {c: {p: rss[(e, c, p)][1] - rss[(e, c, p)][0]
                                    for p in ps if (e, c, p) in rss} for c, ps in cfgs}
                            for e in ("default", "pinned")},
        waste={s: {p: waste[(s, p)] for p in PEERS if (s, p) in waste} for s in streams},
        goals=goals,
    )
    with open(f"{a.out}/bench/results.json", "w") as f:
        json.dump(res, f, indent=1, sort_keys=False)

    # ---- plots ------------------------------------------------------------
    plot_peers = ["vpool", "malloc", "apr", "talloc", "talloc_pool", "bump"]
    with open(f"{W}/ir.dat", "w") as f:
        f.write("cfg " + " ".join(plot_peers) + "\n")
        for c, ps in cfgs:
            if c.startswith("mt/"):
                continue
            f.write('"%s" ' % c + " ".join(
                ("%.2f" % ir[(c, p)]) if (c, p) in ir and ir[(c, p)] > 0 else "?" for p in plot_peers) + "\n")
    wpeers = ["vpool", "malloc", "apr", "talloc", "bump"]
    with open(f"{W}/waste.dat", "w") as f:
        f.write("stream " + " ".join(wpeers) + "\n")
        for s in streams:
            f.write('"%s" ' % s + " ".join(
                ("%.4f" % waste[(s, p)]["ratio"]) if (s, p) in waste else "?" for p in wpeers) + "\n")
    with open(f"{W}/time.dat", "w") as f:
        f.write("cfg " + " ".join(RIVALS) + "\n")
        for c, ps in cfgs:
            f.write('"%s" ' % c + " ".join(
                ("%.4f" % tratio[("pinned", c, p)][0]) if ("pinned", c, p) in tratio else "?"
                for p in RIVALS) + "\n")
    common = """set terminal svg size 1200,560 dynamic font 'sans,11' background rgb 'white'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top
set grid ytics
set xtics rotate by -35 noenhanced
set datafile missing '?'
"""
    n_ir = len(plot_peers)
    gp = common + f"""set output '{a.out}/bench/instructions.svg'
set title 'Instructions per operation (callgrind; log scale; lower is better)' noenhanced
set logscale y
set ylabel 'instructions / op'
plot for [i=2:{n_ir + 1}] '{W}/ir.dat' using i:xtic(1) title columnheader(i)
unset logscale y
set output '{a.out}/bench/waste.svg'
set title 'Bytes obtained from glibc malloc / bytes requested (lower is better; 1 = no waste)' noenhanced
set ylabel 'ratio'
set yrange [0.9:*]
plot for [i=2:{len(wpeers) + 1}] '{W}/waste.dat' using i:xtic(1) title columnheader(i)
set output '{a.out}/bench/time-ratio.svg'
set title 'Wall time: vpool / peer, median of interleaved repetitions, heap pinned (below 1: vpool faster)' noenhanced
set ylabel 'vpool time / peer time'
set logscale y
set yrange [*:*]
plot for [i=2:{len(RIVALS) + 1}] '{W}/time.dat' using i:xtic(1) title columnheader(i), 1 with lines lt -1 notitle
"""
    with open(f"{W}/plots.gp", "w") as f:
        f.write(gp)
    subprocess.run(["gnuplot", f"{W}/plots.gp"], check=True)

    # ---- Markdown ---------------------------------------------------------
    L = []
    w = L.append
    full = a.mode == "full"
    w("# vpool benchmarks" if full else "# vpool benchmarks (quick mode)")
    w("")
    w("vpool side by side with glibc malloc/free, APR pools (libapr1) and talloc (libtalloc2), "
      "all through their Debian libraries, plus an inline bump-pointer loop as the physical "
      "limit and a harness-only `null` peer. Generated by `./run bench"
      + (" --full" if full else " --quick") + "` (`tools/bench.sh`); every figure below comes "
      "from that one run. Method and exact commands at the end.")
    w("")
    w("Peers: `vpool` (gcc -O2, linked in), `malloc` (glibc), `apr` (apr_pool_create / apr_palloc / "
      "apr_pool_clear / apr_pool_cleanup_register / sub-pools; for `large` its allocator "
      "apr_allocator_alloc/free, since pools cannot free one allocation), `talloc` (talloc_new / "
      "talloc_size / talloc_free(_children), cleanups as destructors), `talloc_pool` (talloc_pool "
      "sized to hold a whole request or iteration: its best case), `bump` (16-byte aligned, "
      "overflow-checked, inlined), `null` (returns a static block: the harness's own cost).")
    w("")

    w("## Headline: instructions per operation and vpool's ratio")
    w("")
    w("Ratios are vpool's instructions ÷ the peer's (below 1: vpool executes fewer). "
      "Deterministic (callgrind), so they hold on any machine of this kind.")
    w("")
    w("| workload | op | vpool | ÷ malloc | ÷ APR | ÷ talloc | ÷ talloc_pool | bump |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")
    opname = {"small": "alloc", "life": "request", "reset": "request", "tree": "pool",
              "large": "alloc+free", "mt": "request"}
    for c, ps in cfgs:
        wl = c.split("/")[0]
        r = [fmt(ir.get((c, "vpool")))]
        for p in RIVALS:
            x = rat(c, p)
            r.append(fmt(x, 3) if x is not None else "–")
        r.append(fmt(ir.get((c, "bump"))))
        w(f"| `{c}` | {opname[wl]} | " + " | ".join(r) + " |")
    w("")
    w("![instructions per op](bench/instructions.svg)")
    w("")

    w("## Goals")
    w("")
    w("| goal | configuration | measured | limit | met |")
    w("|---|---|---:|---:|:---:|")
    for g in goals:
        w(f"| {g['goal']} | `{g['config']}` | {fmt(g['value'], 3)} | {g['limit']} | "
          f"{'yes' if g['met'] else '**no**'} |")
    w("")
    if incl:
        w("Cost of one `vpool_alloc` call itself (callgrind inclusive cost of `vpool_alloc` ÷ calls, "
          "differential; excludes the caller's argument set-up and the reset): "
          + ", ".join(f"`{c}`: {incl[c]:.2f}" for c in sorted(incl)) + ".")
        w("")

    w("## Instructions per operation, all peers")
    w("")
    w("| configuration | op | " + " | ".join(PEERS) + " |")
    w("|---|---|" + "---:|" * len(PEERS))
    for c, ps in cfgs:
        w(f"| `{c}` | {opname[c.split('/')[0]]} | " + " | ".join(fmt(ir.get((c, p))) for p in PEERS) + " |")
    w("")

    for e, title in (("default", "glibc heap at default settings"),
                     ("pinned", "glibc heap with trimming pinned")):
        w(f"## Wall time ratios, {title}")
        w("")
        w("vpool's time ÷ the peer's time, per interleaved repetition (each repetition runs every "
          "peer once, the starting peer rotating); median [min–max] over repetitions. Below 1: vpool "
          "faster. Absolute ns/op (median) only as context: this machine is shared and noisy.")
        w("")
        w("| configuration | " + " | ".join(f"÷ {p}" for p in RIVALS + ["bump"]) + " | vpool ns/op |")
        w("|---|" + "---:|" * (len(RIVALS) + 2))
        for c, ps in cfgs:
            cells = []
            for p in RIVALS + ["bump"]:
                t = tratio.get((e, c, p))
                cells.append(f"{t[0]:.3f} [{t[1]:.2f}–{t[2]:.2f}]" if t else "–")
            w(f"| `{c}` | " + " | ".join(cells) + f" | {fmt(tabs.get((e, c, 'vpool')))} |")
        w("")
    w("![time ratios](bench/time-ratio.svg)")
    w("")
    # trimming effect: each peer's own default/pinned median
    w("### Effect of glibc heap trimming on each peer")
    w("")
    w("Median ns/op with the heap at default settings ÷ median ns/op with trimming pinned "
      "(above 1: the peer pays for trimming). Separate runs, so noisier than the interleaved ratios.")
    w("")
    w("| configuration | " + " | ".join(p for p in PEERS[:5]) + " |")
    w("|---|" + "---:|" * 5)
    for c, ps in cfgs:
        cells = []
        for p in PEERS[:5]:
            d, q = tabs.get(("default", c, p)), tabs.get(("pinned", c, p))
            cells.append(f"{d / q:.2f}" if d and q else "–")
        w(f"| `{c}` | " + " | ".join(cells) + " |")
    w("")

    w("## Peak RSS growth (KiB)")
    w("")
    w("`ru_maxrss` after one run minus before it, in a fresh process per peer "
      "(default heap / trimming pinned).")
    w("")
    w("| configuration | " + " | ".join(PEERS[:6]) + " |")
    w("|---|" + "---:|" * 6)
    for c, ps in cfgs:
        cells = []
        for p in PEERS[:6]:
            d, q = rss.get(("default", c, p)), rss.get(("pinned", c, p))
            cells.append(f"{d[1] - d[0]} / {q[1] - q[0]}" if d and q else "–")
        w(f"| `{c}` | " + " | ".join(cells) + " |")
    w("")

    w("## Waste: bytes obtained ÷ bytes requested")
    w("")
    w("Each stream is about 4 MiB of requests, all live at once, in one pool (malloc: one block each). "
      "Method for every peer: growth of glibc `mallinfo2()` in-use bytes (`uordblks + hblkhd`) from "
      "before the pool is created to the moment every block is live, so malloc's chunk headers and "
      "rounding count for everyone (APR, talloc and vpool all obtain their memory from malloc). "
      "vpool is cross-checked with a counting backing allocator (`vpool_options_t.allocator`): "
      "bytes vpool asked for, before malloc's own overhead. `bump` is computed: 16-byte padding only.")
    w("")
    w("| stream | allocations | requested | " + " | ".join(["vpool", "malloc", "apr", "talloc", "bump"])
      + " | vpool (counted) |")
    w("|---|---:|---:|" + "---:|" * 6)
    for s in streams:
        v = waste.get((s, "vpool"))
        cells = [f"{waste[(s, p)]['ratio']:.4f}" if (s, p) in waste else "–"
                 for p in ["vpool", "malloc", "apr", "talloc", "bump"]]
        counted = f"{v['counted'] / v['requested']:.4f}" if v else "–"
        w(f"| `{s}` | {v['n'] if v else '–'} | {v['requested'] if v else '–'} | " + " | ".join(cells)
          + f" | {counted} |")
    w("")
    w("![waste](bench/waste.svg)")
    w("")

    analysis = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
    if os.path.exists(analysis):
        with open(analysis) as fh:
            w(fh.read().rstrip())
        w("")

    if profiles:
        w("## Where vpool's instructions go")
        w("")
        w("Self cost per function (`callgrind_annotate`) of the larger vpool run of each profiled "
          "configuration (whole process: start-up and stream generation are in `main`).")
        w("")
        for k, v in profiles.items():
            w(f"`{k}`:")
            w("")
            w("```")
            w(v)
            w("```")
            w("")

    w("## Method")
    w("")
    w("- Workloads: `small/k=K`: allocations of 16–72 bytes, reset every K (op = allocation). "
      "`life/s=S,l=L`: create a request pool under a long-lived one, S allocations of 8–256 bytes, "
      "L large ones (5,000 and 20,000 bytes alternating), one cleanup, destroy (op = request). "
      "`reset/cleanup=C`: the life stream (64 small, 2 large) in one reused pool, reset after each "
      "request, with or without a cleanup. `tree/WxD,a=A`: under a fresh top pool, D levels of W "
      "sibling sub-pools, each level hanging under the first pool of the level above; every pool "
      "(top included) gets A allocations; destroy the top (op = pool). `large/M=M`: M allocations of "
      "8,192–65,535 bytes freed one by one in a random order (op = allocation + free). "
      "`mt/threads=N`: N threads, each with its own long-lived context doing life s=64,l=2 "
      "(op = request).")
    w("- One stream: sizes come from one seeded PRNG (splitmix64) into arrays before anything is "
      "measured; every peer reads the same arrays from the same position.")
    w("- Instructions: `valgrind --tool=callgrind`, total instructions of the process at N and 3N "
      "iterations; per op = difference ÷ (2N × ops per iteration), so start-up, library loading and "
      "stream generation cancel. `mt` under valgrind runs its threads one at a time.")
    w("- Wall time: one process per configuration runs every peer in turn, the starting peer "
      "rotating each repetition, with the same iteration count (calibrated on vpool); ratios are "
      "taken within a repetition, then the median and range over repetitions are reported.")
    w("- Heap settings: default, and pinned with `" + env.get("time", "").split("with: ")[-1].rstrip(")")
      + "` (no trimming of the heap top, fixed mmap threshold).")
    w("")
    w("### Commands and environment")
    w("")
    w("| | |")
    w("|---|---|")
    for k, v in env.items():
        w(f"| {k} | `{v}` |")
    w("")
    with open(f"{a.out}/bench.md", "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
