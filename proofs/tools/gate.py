#!/usr/bin/env python3
"""Exit 0 iff the Report classification of a proof run is clean: no
unclassified unknown/untried/invalid property, every property of a gated
function Valid (or Considered valid: trusted base), no failed smoke test."""
import json, sys
s = json.load(open(sys.argv[1]))
g = s["gate"]
t = s["totals"]
print("vpool-prove: %d/%d goals proven in %d functions (%s); report errors %d, "
      "non-valid properties %d, smoke failures %d; %.1f s (%s)" % (
          t["proven"], t["goals"], len(s["functions"]),
          ", ".join("%s %d" % kv for kv in sorted(t["by"].items())),
          g["report_errors"], g["non_valid_properties"], g["smoke_failures"],
          s["elapsed_s"], s["mode"]))
print("vpool-prove: NOT yet proven (outside the gate): %d functions of pool/" % len(s["not_proven_functions"]))
for p in s["non_valid"]:
    print("  UNPROVEN %s: %s %s" % (p["function"], p["property kind"], p["property"]))
print("vpool-prove: whole-program Report classification: %d unclassified entries "
      "(libc/port prototypes and callers outside the gate; expected while coverage is partial); "
      "%d preconditions of gated functions still owed by ungated callers"
      % (g["report_errors"], g["own_preconditions_open"]))
for l in s["smoke"]["failed"]:
    print("  SMOKE %s" % l)
for f in g.get("lemmas_outside", []):
    print("  LEMMA OUTSIDE THE GATE %s: a lemma function of proofs/witnesses.c missing from proofs/scope.txt" % f)
for w in g.get("model_warnings", []):
    print("  MODEL WARNING %s (proofs/model_warnings.txt: WP's model does not represent this code)" % w)
sys.exit(0 if g["passed"] else 1)
