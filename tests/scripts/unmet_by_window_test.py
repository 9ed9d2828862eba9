#!/usr/bin/env python3
"""scripts/unmet-by-window on reports written here, and on one the real simulator writes.

usage: unmet_by_window_test.py SCRIPT CACHEPILOT_BINARY
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

SCRIPT = sys.argv.pop(1) if len(sys.argv) > 1 else ""
BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else ""


def policy(demand, ready, paid, step=1):
    """One policy's entry as cachepilot simulate writes it, with its totals computed from a 1 s series."""
    total = sum(demand) * step
    unmet = sum(max(0.0, d - r * 10) for d, r in zip(demand, ready)) * step  # 10 B/s per worker (report below)
    return {
        "total_bytes": total,
        "unmet_bytes": unmet,
        "unmet_fraction": unmet / total,
        "worker_seconds": sum(paid) * step,
        "series": {"t": [i * step for i in range(len(demand))], "demand": demand, "ready_workers": ready,
                   "desired_workers": paid, "step_seconds": step},
    }


def report(policies):
    return {"parameters": {"worker_throughput_bytes_per_s": 10.0}, "policies": policies}


class UnmetByWindow(unittest.TestCase):
    def run_script(self, content, *args):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "report.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(content if isinstance(content, str) else json.dumps(content))
            return subprocess.run([sys.executable, SCRIPT, path, *args], capture_output=True, text=True, timeout=30)

    def test_each_windows_unmet_points_and_paid_worker_seconds(self):
        # 10 B/s per worker; demand 10, 30, 30 | 10, 10, 10 B/s: 100 bytes in all.
        # late: ready 1, 1, 3 | 1, 1, 1 → unmet 0 + 20 + 0 = 20 bytes (20 pp) in the first window, none in the second;
        #       paid 3, 3, 3 | 1, 1, 1 → 9 and 3 worker-seconds (pending workers are paid for too).
        # early: ready 3, 3, 3 | 1, 1, 1 → no unmet demand; paid 3, 3, 3 | 2, 2, 2 → 9 and 6 worker-seconds.
        demand = [10.0, 30.0, 30.0, 10.0, 10.0, 10.0]
        r = self.run_script(report({
            "late": policy(demand, [1, 1, 3, 1, 1, 1], [3, 3, 3, 1, 1, 1]),
            "early": policy(demand, [3, 3, 3, 1, 1, 1], [3, 3, 3, 2, 2, 2]),
        }), "--window", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertIn("late", lines[0])
        self.assertIn("early", lines[0])
        self.assertRegex(lines[1], r"^\s*0-3\s+20\.000 pp\s+9 ws\s+0\.000 pp\s+9 ws$")
        # The second window: no policy misses, but 3 against 6 worker-seconds differ by more than 10%.
        self.assertRegex(lines[2], r"^\s*3-6\s+0\.000 pp\s+3 ws\s+0\.000 pp\s+6 ws$")
        self.assertEqual(lines[3], "total: late 20.000 pp 12 ws (report: 20.000%, 12); "
                         "early 0.000 pp 15 ws (report: 0.000%, 15)")
        self.assertEqual(r.stderr, "")

    def test_quiet_windows_are_left_out_unless_all(self):
        # Both policies alike in the second window (no unmet demand, 3 worker-seconds each): a quiet window.
        demand = [10.0, 30.0, 30.0, 10.0, 10.0, 10.0]
        content = report({
            "a": policy(demand, [1, 1, 3, 1, 1, 1], [3, 3, 3, 1, 1, 1]),
            "b": policy(demand, [3, 3, 3, 1, 1, 1], [3, 3, 3, 1, 1, 1]),
        })
        quiet = self.run_script(content, "--window", "3")
        self.assertEqual(quiet.returncode, 0, quiet.stderr)
        self.assertNotRegex(quiet.stdout, r"(?m)^\s*3-6\b")
        every = self.run_script(content, "--window", "3", "--all")
        self.assertRegex(every.stdout, r"(?m)^\s*3-6\s+0\.000 pp\s+3 ws\s+0\.000 pp\s+3 ws$")

    def test_only_the_policies_asked_for(self):
        demand = [10.0, 10.0]
        r = self.run_script(report({"a": policy(demand, [1, 1], [1, 1]), "b": policy(demand, [2, 2], [2, 2])}),
                            "--policy", "b", "--all")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(" a ", r.stdout.splitlines()[-1])
        self.assertTrue(r.stdout.splitlines()[-1].startswith("total: b 0.000 pp 4 ws"))

    def test_a_coarse_series_says_its_figures_are_estimates(self):
        # Two 5 s points: means of demand 20 B/s with 1 worker ready → 10 B/s short for 5 s, 50 bytes of 200.
        r = self.run_script(report({"a": policy([20.0, 20.0], [1, 2], [2, 2], step=5)}), "--window", "10")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("estimates", r.stderr)
        self.assertIn("total: a 25.000 pp 20 ws", r.stdout)

    def test_bad_input_is_refused_with_a_reason(self):
        cases = [
            ("not json", "{", []),
            ("no parameters", {"policies": {}}, []),
            ("series of unequal lengths",
             report({"a": {**policy([1.0], [1], [1]),
                           "series": {"demand": [1, 2], "ready_workers": [1], "desired_workers": [1],
                                      "step_seconds": 1}}}), []),
            ("an unknown policy", report({"a": policy([1.0], [1], [1])}), ["--policy", "kpa"]),
            ("a window of no length", report({"a": policy([1.0], [1], [1])}), ["--window", "0"]),
        ]
        for what, content, args in cases:
            with self.subTest(what):
                r = self.run_script(content, *args)
                self.assertEqual(r.returncode, 2, what)
                self.assertIn("unmet-by-window:", r.stderr, what)
                self.assertNotIn("Traceback", r.stderr, what)

    @unittest.skipUnless(BINARY, "no cachepilot binary given (CTest gives it)")
    def test_the_simulators_own_report_sums_to_its_totals(self):
        self.assertTrue(os.path.exists(BINARY), BINARY)
        # A step from 1 to 5 units of 100 B/s at 60 s, for 10 min, through cachepilot and the oracle: the windows'
        # sums must give back the report's unmet_fraction and worker_seconds exactly (1 s series).
        with tempfile.TemporaryDirectory() as d:
            trace = os.path.join(d, "step.csv")
            with open(trace, "w", encoding="utf-8") as f:
                f.write("t_seconds,demand_bytes_per_s\n")
                f.writelines(f"{t},{100 if t < 60 else 500}\n" for t in range(600))
            out = os.path.join(d, "r")
            sim = subprocess.run([BINARY, "simulate", "--trace", trace, "--worker-throughput", "100", "--lead-time",
                                  "30", "--policy", "cachepilot", "--policy", "oracle", "--report", out,
                                  "--series-step", "1"], capture_output=True, text=True, timeout=120)
            self.assertEqual(sim.returncode, 0, sim.stderr)
            r = subprocess.run([sys.executable, SCRIPT, os.path.join(out, "report.json"), "--window", "60"],
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        total = r.stdout.splitlines()[-1]
        figures = re.findall(r"(\w+) ([0-9.]+) pp ([0-9]+) ws \(report: ([0-9.]+)%, ([0-9]+)\)", total)
        self.assertEqual([f[0] for f in figures], ["cachepilot", "oracle"], total)
        for name, pp, ws, report_pp, report_ws in figures:
            self.assertEqual(pp, report_pp, name)
            self.assertEqual(ws, report_ws, name)
        # The step's first lead time is missed by cachepilot (it cannot know of it) and by the oracle not at all: the
        # window that holds it lists cachepilot's miss, the oracle's none.
        row = re.search(r"(?m)^\s*60-120\s+([0-9.]+) pp\s+[0-9]+ ws\s+([0-9.]+) pp", r.stdout)
        self.assertIsNotNone(row, r.stdout)
        self.assertGreater(float(row.group(1)), 0)
        self.assertEqual(float(row.group(2)), 0)


if __name__ == "__main__":
    unittest.main()
