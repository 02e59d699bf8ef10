#!/usr/bin/env python3
"""Solve the same final mixture LP with GLPK (glpsol) and HiGHS (highspy), side by side.

    python3 scripts/bench/lp-compare.py LPFILE [LPFILE ...] [--runs 3]

LPFILE is written by `mixinfer infer ... --dump-lp FILE` (CPLEX LP format, the
dual form that mixinfer hands to GLPK).  Each file
is solved from scratch (no warm start) by glpsol's primal and dual simplex and
by HiGHS's simplex and interior-point solvers; the script prints the median
wall time of each, the objective, and the ratio to GLPK's faster simplex.
Needs Debian's glpk-utils (glpsol) and `pip install highspy`.
"""
import argparse
import re
import statistics
import subprocess
import sys
import time


def glpsol(path, method):
    start = time.perf_counter()
    out = subprocess.run(["glpsol", "--lp", path, method], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if "OPTIMAL LP SOLUTION FOUND" not in out.stdout:
        sys.exit(f"lp-compare: {path}: glpsol {method} found no optimum")
    objective = float(re.findall(r"obj =\s+([-+0-9.eE]+)", out.stdout)[-1])
    return elapsed, objective


def highs(path, solver):
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", solver)
    if h.readModel(path) != highspy.HighsStatus.kOk:
        sys.exit(f"lp-compare: {path}: HiGHS cannot read the file")
    start = time.perf_counter()  # reading the file is not timed (glpsol's time includes it)
    h.run()
    elapsed = time.perf_counter() - start
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        sys.exit(f"lp-compare: {path}: HiGHS {solver}: {h.modelStatusToString(h.getModelStatus())}")
    return elapsed, h.getInfo().objective_function_value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lp", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    solvers = [("GLPK primal simplex", lambda p: glpsol(p, "--primal")),
               ("GLPK dual simplex", lambda p: glpsol(p, "--dual")),
               ("HiGHS simplex", lambda p: highs(p, "simplex")),
               ("HiGHS interior point", lambda p: highs(p, "ipm"))]
    print("| LP file | solver | median seconds | objective | time / GLPK's faster simplex |")
    print("|---|---|---|---|---|")
    for path in args.lp:
        rows = []
        for name, solve in solvers:
            runs = [solve(path) for _ in range(args.runs)]
            rows.append((name, statistics.median(t for t, _ in runs), runs[0][1]))
        reference = min(seconds for name, seconds, _ in rows if name.startswith("GLPK"))
        for name, seconds, objective in rows:
            print(f"| {path} | {name} | {seconds:.2f} | {objective:.6g} | {seconds / reference:.2f} |")


if __name__ == "__main__":
    main()
