#!/usr/bin/env python3
"""How mixinfer's cost grows with corpus bytes and with the number of merges T.

    swift build -c release
    python3 scripts/bench/cost-growth.py CORPUS_DIR [--tokenizer FILE] [--categories N]
        [--bytes 1000000,2000000,4000000,8000000] [--merges 1000,3000,10000,30000] [--lp-merges 1000,3000,10000]

CORPUS_DIR holds one folder per category (scripts/build-corpora output). The
first N categories (sorted by name) are used. Three tables (Markdown) are printed:
  1. counting time vs sample bytes per category (no cache, counting only);
  2. replay time vs T (counts from the cache);
  3. LP time (sweeps + GLPK), rounds and constraints vs T (counts from the cache).
Times come from mixinfer's own progress: its JSON events (--progress json) for counting and replay, the
solver's log (-v -v) for the LP; one run per cell.
"""
import argparse, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENIZER = os.path.join(HERE, "..", "..", "Samples", "tokenizers", "claude-legacy.json")
MIXINFER = os.path.join(HERE, "..", "..", ".build", "release", "mixinfer")


def run(binary, tokenizer, categories, extra, progress=("--progress", "json")):
    cmd = [binary, "infer", tokenizer, "--categories", categories, *progress, "--format", "json"] + extra
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"cost-growth: {' '.join(cmd)} failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout), out.stderr


def finished(phase, err):
    """The last event of a phase among the JSON progress lines (docs/output.md), or None."""
    events = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    done = [e for e in events if e["phase"] == phase and e["finished"]]
    return done[-1] if done else None


def seconds(pattern, text):
    found = re.findall(pattern, text)
    return float(found[-1]) if found else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--tokenizer", default=TOKENIZER)
    ap.add_argument("--categories", type=int, default=10)
    ap.add_argument("--bytes", default="1000000,2000000,4000000,8000000")
    ap.add_argument("--merges", default="1000,3000,10000,30000")
    ap.add_argument("--lp-merges", default="1000,3000,10000")
    ap.add_argument("--mixinfer", default=MIXINFER)
    args = ap.parse_args()
    names = sorted(d for d in os.listdir(args.corpus) if os.path.isdir(os.path.join(args.corpus, d)))[: args.categories]
    with tempfile.TemporaryDirectory() as tmp:
        subset = os.path.join(tmp, "categories")
        os.mkdir(subset)
        for name in names:
            os.symlink(os.path.abspath(os.path.join(args.corpus, name)), os.path.join(subset, name))
        cache = os.path.join(tmp, "cache")
        print(f"{len(names)} categories: {', '.join(names)}\n")
        print("| sample bytes per category | MB counted | counting seconds | MB/s |")
        print("|---|---|---|---|")
        for budget in map(int, args.bytes.split(",")):
            _, err = run(args.mixinfer, args.tokenizer, subset, ["--no-cache", "--sample-bytes", str(budget), "--max-rounds", "0"])
            counted = finished("counting", err)
            mb, sec = (counted["done"] / 1e6, counted["elapsed"]) if counted else (float("nan"), float("nan"))
            print(f"| {budget:,} | {mb:.1f} | {sec:.2f} | {mb / sec:.1f} |")
        budget = int(args.bytes.split(",")[-1])
        print("\n| T (merges) | replay seconds |")
        print("|---|---|")
        for merges in map(int, args.merges.split(",")):
            _, err = run(args.mixinfer, args.tokenizer, subset, ["--cache-dir", cache, "--sample-bytes", str(budget),
                                                                 "--merges", str(merges), "--max-rounds", "0"])
            replayed = finished("replay", err)
            replay = replayed["elapsed"] if replayed else float("nan")
            print(f"| {merges:,} | {replay:.2f} |")
        print("\n| T (merges) | LP rounds | constraints generated | sweep seconds | GLPK seconds |")
        print("|---|---|---|---|---|")
        for merges in map(int, args.lp_merges.split(",")):
            result, err = run(args.mixinfer, args.tokenizer, subset, ["--cache-dir", cache, "--sample-bytes", str(budget),
                                                                      "--merges", str(merges)], progress=("-v", "-v"))
            sweep = seconds(r"sweeps ([\d.]+) s, LP [\d.]+ s so far", err)
            lp = seconds(r"sweeps [\d.]+ s, LP ([\d.]+) s so far", err)
            print(f"| {merges:,} | {result['lp_rounds']} | {result['constraints']:,} | {sweep:.1f} | {lp:.1f} |")


if __name__ == "__main__":
    main()
