#!/usr/bin/env python3
"""scripts/compare-acceptance on two small GoogleTest JSON reports written here: usage: compare_acceptance_test.py SCRIPT."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = sys.argv.pop(1) if len(sys.argv) > 1 else ""


def verdict(unmet, ws, actions=None):
    text = f"cachepilot unmet {unmet}% ws {ws}x oracle; oracle unmet 0%; hpa unmet 9%"
    return text + (f"; scale actions {actions} (oracle 10)" if actions is not None else "")


def report(tests):
    """tests: [(suite, name, {property: value}, failed)] as GoogleTest's JSON output lays them out."""
    suites = {}
    for suite, name, props, failed in tests:
        entry = {"name": name, "status": "RUN", **props}
        if failed:
            entry["failures"] = [{"failure": "criteria", "type": ""}]
        suites.setdefault(suite, []).append(entry)
    return {"testsuites": [{"name": s, "testsuite": t} for s, t in suites.items()]}


class CompareAcceptance(unittest.TestCase):
    def run_script(self, before, after):
        with tempfile.TemporaryDirectory() as d:
            paths = []
            for label, content in (("before", before), ("after", after)):
                path = os.path.join(d, label + ".json")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(content if isinstance(content, str) else json.dumps(content))
                paths.append(path)
            return subprocess.run([sys.executable, SCRIPT, *paths], capture_output=True, text=True, timeout=30)

    def test_sums_and_lists_what_changed(self):
        before = report([
            ("Shapes/GeneratedShapes", "MeetsTheIssueCriteria/step", {"verdict": verdict(1.5, 1.2, 40)}, False),
            ("Shapes/GeneratedShapes", "MeetsTheIssueCriteria/ramp", {"verdict": verdict(0.5, 1.0, 60)}, True),
            ("RealTraces", "Crane", {"verdict_input0": verdict(0.25, 1.1, 7)}, False),
        ])
        after = report([
            ("Shapes/GeneratedShapes", "MeetsTheIssueCriteria/step", {"verdict": verdict(1.5, 1.2, 40)}, False),
            ("Shapes/GeneratedShapes", "MeetsTheIssueCriteria/ramp", {"verdict": verdict(0.25, 1.1, 20)}, False),
            ("RealTraces", "Crane", {"verdict_input0": verdict(0.25, 1.1, 7)}, False),
        ])
        r = self.run_script(before, after)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        # before: 1.5 + 0.5 + 0.25 = 2.25 pp, ws (1.2 + 1.0 + 1.1) / 3 = 1.1; 40 + 60 + 7 = 107 actions.
        self.assertEqual(lines[0], "before: 1 failed; over 3 verdicts unmet 2.25 pp, mean ws 1.1000x oracle, "
                                   "107 scale actions")
        # after: 1.5 + 0.25 + 0.25 = 2.0 pp, ws (1.2 + 1.1 + 1.1) / 3 = 1.1333; 40 + 20 + 7 = 67 actions.
        self.assertEqual(lines[1], "after : 0 failed; over 3 verdicts unmet 2.00 pp, mean ws 1.1333x oracle, "
                                   "67 scale actions")
        self.assertEqual(len(lines), 3, r.stdout)  # only the ramp changed
        self.assertIn("MeetsTheIssueCriteria/ramp:verdict", lines[2])
        self.assertRegex(lines[2], r"0\.500% 1\.000x F ->\s+0\.250% 1\.100x  $")

    def test_verdicts_in_one_run_only_are_named(self):
        one = report([("S", "a", {"verdict": verdict(1, 1)}, False)])
        two = report([("S", "a", {"verdict": verdict(1, 1)}, False), ("S", "b", {"verdict": verdict(2, 1)}, False)])
        r = self.run_script(one, two)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("only after: S.b:verdict", r.stdout)
        self.assertNotIn("scale actions", r.stdout)  # the runs' summaries had none

    def test_unreadable_input_is_an_error(self):
        r = self.run_script("{not json", report([("S", "a", {"verdict": verdict(1, 1)}, False)]))
        self.assertEqual(r.returncode, 2)
        self.assertIn("compare-acceptance:", r.stderr)
        r = self.run_script(report([]), report([]))
        self.assertEqual(r.returncode, 2)
        self.assertIn("no verdict in common", r.stderr)


if __name__ == "__main__":
    if not SCRIPT:
        sys.exit("usage: compare_acceptance_test.py SCRIPT")
    unittest.main()
