#!/usr/bin/env python3
"""The released-tokenizer study, timed: mixinfer against the work of training the tokenizer itself, and a build
against a baseline build, in the same session.

    swift build -c release && pip install tokenizers==0.23.3
    python3 scripts/bench/study.py CORPORA [--tokenizers gpt2,gpt-4o] [--merges 30000] [--gap 0.01]
        [--cases plain,presence,presence+intervals] [--baseline OTHER_BINARY] [--sample-bytes 1000000]

CORPORA is the output of `scripts/build-corpora OUT --set all`; the study uses its categories less `en` and the
mixed `code` domain (116 of 118, as many as the paper's 116), 1 MB each. Per tokenizer and case it runs `mixinfer infer` (release build, word
counts cached by a first run that is not timed) and prints wall seconds and peak memory (GNU time), and the
ratio to the anchor: HF `tokenizers`' BpeTrainer learning the same number of merges from the same text, timed in
the same session. With --baseline, the same cases with that binary, and each case's ratio new / baseline.
Tokenizers come from scripts/fetch-tokenizers ($MIXINFER_TOKENIZERS, default ~/.cache/mixinfer/tokenizers).
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
MIXINFER = os.path.join(HERE, "..", "..", ".build", "release", "mixinfer")
FILES = {"gpt2": "gpt2.tiktoken", "gpt-4o": "o200k_base.tiktoken", "gpt-3.5": "cl100k_base.tiktoken",
         "claude-legacy": "claude-legacy.json", "mistral-nemo": "tekken-nemo.json", "gpt-neox": "olmo-gpt-neox.json"}
CASES = {"plain": ["--no-presence"], "presence": ["--presence"],
         "presence+intervals": ["--presence", "--intervals"]}


def categories(corpora, folder):
    """A folder of links to every category of CORPORA but en and the code domain."""
    names = sorted(d for d in os.listdir(corpora) if os.path.isdir(os.path.join(corpora, d)) and d not in ("en", "code"))
    for name in names:
        os.symlink(os.path.join(os.path.abspath(corpora), name), os.path.join(folder, name))
    return names


def timed(command):
    """Wall seconds and peak resident MB of a command (GNU time)."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        run = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            sys.exit(f"study: {' '.join(command)} failed: {run.stderr.strip().splitlines()[-1:]}")
        return seconds, int(report.read().split()[-1]) / 1024, run.stdout


def anchor(folder, merges, sample_bytes):
    """Seconds HF's BpeTrainer takes to learn `merges` merges from the same text (the same bytes per category)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    texts = []
    for name in sorted(os.listdir(folder)):
        taken = 0
        for file in sorted(os.listdir(os.path.join(folder, name))):
            if taken >= sample_bytes:
                break
            with open(os.path.join(folder, name, file), encoding="utf-8", errors="replace") as f:
                text = f.read()[: sample_bytes - taken]
            taken += len(text.encode("utf-8"))
            texts.append(text)
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    trainer = trainers.BpeTrainer(vocab_size=256 + merges, min_frequency=0, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    start = time.perf_counter()
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora")
    ap.add_argument("--tokenizers", default="gpt2,gpt-4o")
    ap.add_argument("--merges", type=int, default=30000)
    ap.add_argument("--gap", type=float, default=0.01)
    ap.add_argument("--sample-bytes", type=int, default=1000000)
    ap.add_argument("--cases", default="plain,presence,presence+intervals")
    ap.add_argument("--mixinfer", default=MIXINFER)
    ap.add_argument("--baseline")
    args = ap.parse_args()
    tokens = os.environ.get("MIXINFER_TOKENIZERS", os.path.expanduser("~/.cache/mixinfer/tokenizers"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "categories")
        os.makedirs(folder)
        names = categories(args.corpora, folder)
        env_cache = os.path.join(tmp, "counts")
        os.environ["MIXINFER_CACHE"] = env_cache
        hf = anchor(folder, args.merges, args.sample_bytes)
        print(f"{len(names)} categories, T = {args.merges}, gap {args.gap}; HF BpeTrainer learning {args.merges} merges: {hf:.1f} s")
        binaries = [("new", args.mixinfer)] + ([("baseline", args.baseline)] if args.baseline else [])
        for name in args.tokenizers.split(","):
            path = os.path.join(tokens, FILES.get(name, name))
            base = ["infer", path, "--categories", folder, "--merges", str(args.merges), "--gap", str(args.gap),
                    "--sample-bytes", str(args.sample_bytes), "--format", "json", "-q"]
            subprocess.run([args.mixinfer] + base + ["--max-rounds", "0"], capture_output=True)  # fills the cache
            for case in args.cases.split(","):
                seconds = {}
                for label, binary in binaries:
                    extra = CASES[case] if label == "new" or case != "plain" else []
                    wall, memory, out = timed([binary] + base + extra)
                    seconds[label] = wall
                    shares = json.loads(out)["shares"]
                    print(f"{name:14} {case:20} {label:8} {wall:8.1f} s  {memory:7.0f} MB  {wall / hf:6.2f}x training"
                          f"  top: {', '.join(f'{c} {100 * s:.1f}%' for c, s in list(shares.items())[:3])}")
                if "baseline" in seconds:
                    print(f"{'':14} {case:20} new / baseline {seconds['new'] / seconds['baseline']:.2f}")


if __name__ == "__main__":
    main()
