#!/usr/bin/env python3
"""What the presence decision costs: wall time of `mixinfer infer` with and without it, for two builds.

    swift build -c release
    python3 scripts/bench/presence.py --baseline OLD_MIXINFER [--binary NEW_MIXINFER] [--runs 1]
        [--case NAME=TOKENIZER:CATEGORIES] ...

Without --case it runs the README demo (Samples/tokenizers/claude-legacy.json × Samples/categories). A case
such as gpt2=~/.cache/mixinfer/tokenizers/gpt2.tiktoken:CORPORA/categories.yaml runs the categories of
scripts/build-corpora with scripts/real-tokenizers' settings (T = 3000, 1 MB per category, a 1 % gap). Word counts
are cached in a temporary folder, filled by one untimed run first, so the times are of replay, LP and presence.
Prints, per case, the median wall time of each build with --no-presence (the paper's LP) and with the default
(presence decided), the ratio default / plain of each build, and new / baseline for each mode; also whether the
two builds decided the same categories present.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
DEMO = ("demo", os.path.join(ROOT, "Samples", "tokenizers", "claude-legacy.json"), os.path.join(ROOT, "Samples", "categories"))
LARGE = ["--merges", "3000", "--sample-bytes", "1000000", "--gap", "0.01"]


def run(binary, tokenizer, categories, extra, cache):
    cmd = [binary, "infer", tokenizer, "--categories", categories, "--format", "json", "--cache-dir", cache] + extra
    start = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if out.returncode != 0:
        sys.exit(f"presence bench: {' '.join(cmd)} failed: {out.stderr.strip().splitlines()[-1:]}")
    return elapsed, json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", required=True, help="the mixinfer binary to compare with")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "mixinfer"))
    parser.add_argument("--case", action="append", default=[], help="NAME=TOKENIZER:CATEGORIES (the real-tokenizers settings)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    cases = [(*DEMO, [])]
    if args.case:
        cases = []
        for spec in args.case:
            name, rest = spec.split("=", 1)
            tokenizer, categories = rest.rsplit(":", 1)
            cases.append((name, os.path.expanduser(tokenizer), os.path.expanduser(categories), LARGE))
    builds = [("baseline", args.baseline), ("new", args.binary)]
    print("| case | build | plain (s) | presence (s) | presence / plain | detected |")
    print("|---|---|---:|---:|---:|---:|")
    for name, tokenizer, categories, extra in cases:
        with tempfile.TemporaryDirectory() as cache:
            run(args.binary, tokenizer, categories, extra + ["--no-presence", "--merges", "1"], cache)  # fills the cache
            times, detected = {}, {}
            for build, binary in builds:
                for mode, flags in (("plain", ["--no-presence"]), ("presence", [])):
                    samples = [run(binary, tokenizer, categories, extra + flags, cache) for _ in range(args.runs)]
                    times[build, mode] = statistics.median(s[0] for s in samples)
                    if mode == "presence":
                        detected[build] = sorted(k for k, v in samples[-1][1]["detected"].items() if v)
            for build, _ in builds:
                plain, presence = times[build, "plain"], times[build, "presence"]
                print(f"| {name} | {build} | {plain:.1f} | {presence:.1f} | {presence / plain:.2f}× | {len(detected[build])} |")
            print(f"| {name} | new / baseline | {times['new', 'plain'] / times['baseline', 'plain']:.2f} | "
                  f"{times['new', 'presence'] / times['baseline', 'presence']:.2f} | | "
                  f"{'same' if detected['new'] == detected['baseline'] else 'differ'} |")


if __name__ == "__main__":
    main()
