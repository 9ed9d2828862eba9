#!/usr/bin/env python3
"""Checks one extender reply against the request that produced it (standard library only).

    check.py VERB REQUEST.json REPLY.json [--holders node-a,node-b] [--required]

prioritize: a HostPriorityList naming input nodes at most once each, scores 0..10, and (given --holders) the
            highest score on a node holding the pod's dataset. A node left out scores 0, as kube-scheduler reads
            it (the extender omits zero scores by default; --all-hosts demands every input node).
filter:     an ExtenderFilterResult in the request's form; kept + failed nodes = the input nodes, each once;
            without --required every node passes, with it exactly the holders pass.
Prints one summary line; exits 1 on a wrong reply.
"""
import argparse
import collections
import json
import sys


def input_names(req):
    if req.get("Nodes") is not None:
        return [item["metadata"]["name"] for item in req["Nodes"]["items"]], "nodes"
    return list(req["NodeNames"] or []), "names"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("verb", choices=["prioritize", "filter"])
    p.add_argument("request")
    p.add_argument("reply")
    p.add_argument("--holders", default="")
    p.add_argument("--required", action="store_true")
    p.add_argument("--all-hosts", action="store_true", help="prioritize: every input node must be listed")
    a = p.parse_args()
    with open(a.request, encoding="utf-8") as f:
        req = json.load(f)
    with open(a.reply, encoding="utf-8") as f:
        reply = json.load(f)
    names, form = input_names(req)
    holders = set(filter(None, a.holders.split(",")))
    problems = []
    if a.verb == "prioritize":
        if not isinstance(reply, list):
            print(f"FAIL prioritize: reply is not a HostPriorityList: {str(reply)[:200]}")
            return 1
        hosts = [e.get("Host") for e in reply]
        scores = [e.get("Score") for e in reply]
        listed = collections.Counter(hosts)
        if a.all_hosts and listed != collections.Counter(names):
            problems.append(f"hosts differ from the input ({len(hosts)} vs {len(names)})")
        if not a.all_hosts and (listed - collections.Counter(names) or any(n > 1 for n in listed.values())):
            problems.append(f"hosts not in the input, or listed twice ({len(hosts)} listed, {len(names)} input)")
        if any(not isinstance(s, int) or s < 0 or s > 10 for s in scores):
            problems.append("a score outside 0..10")
        by_host = dict(zip(hosts, scores))
        # Hosts left out score 0, as kube-scheduler adds nothing for them.
        scores = [by_host.get(n, 0) for n in dict.fromkeys(names)]
        hist = collections.Counter(scores)
        if holders and scores and max(by_host.get(h, 0 if h in names else -1) for h in holders) != max(scores):
            problems.append("the highest score is not on a node holding the dataset")
        summary = f"{len(hosts)} hosts listed of {len(names)}, scores {dict(sorted(hist.items()))}"
    else:
        if not isinstance(reply, dict):
            print(f"FAIL filter: reply is not an ExtenderFilterResult: {str(reply)[:200]}")
            return 1
        if reply.get("Error"):
            problems.append(f"Error: {reply['Error']}")
        if form == "nodes":
            if reply.get("NodeNames") is not None or reply.get("Nodes") is None:
                problems.append("reply form differs from the request form (want Nodes)")
            kept = [i["metadata"]["name"] for i in (reply.get("Nodes") or {}).get("items") or []]
        else:
            if reply.get("Nodes") is not None:
                problems.append("reply form differs from the request form (want NodeNames)")
            kept = list(reply.get("NodeNames") or [])
        failed = dict(reply.get("FailedNodes") or {})
        failed.update(reply.get("FailedAndUnresolvableNodes") or {})
        if collections.Counter(kept + list(failed)) != collections.Counter(names):
            problems.append(f"kept+failed ({len(kept)}+{len(failed)}) is not the input ({len(names)})")
        if a.required and holders and set(kept) != holders & set(names):
            problems.append(f"kept {sorted(kept)[:5]} but the holders are {sorted(holders)}")
        if not a.required and len(kept) != len(names):
            problems.append(f"{len(names) - len(kept)} nodes removed for a pod with no required dataset")
        summary = f"{len(kept)} kept, {len(failed)} failed"
    if problems:
        print(f"FAIL {a.verb} {form}: " + "; ".join(problems))
        return 1
    print(f"ok {a.verb} {form}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
