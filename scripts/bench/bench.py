#!/usr/bin/env python3
"""Side-by-side benchmarks: mixinfer against HF `tokenizers` on the same text, same session.

    swift build -c release && pip install tokenizers==0.23.3
    python3 scripts/bench/bench.py CORPUS_DIR [--merges 1000,10000] [--runs 3]

CORPUS_DIR holds one subfolder per category (.txt files). Reports medians of --runs runs:
 1. pretokenize + count words (GPT-2 regex): mixinfer `count` on 1 and 2 cores (taskset; threads share categories
    and chunks of one category's documents)
    vs HF's ByteLevel pre-tokenizer counting pretokens in Python;
 2. replay of T merges over the whole corpus (mixinfer `infer` phase timings) vs HF BpeTrainer learning the
    same T merges on the same text.
"""
import argparse, collections, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
MIXINFER = os.path.join(HERE, "..", "..", ".build", "release", "mixinfer")


def docs(corpus):
    for category in sorted(os.listdir(corpus)):
        folder = os.path.join(corpus, category)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                yield f.read()


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def hf_count(corpus):
    from tokenizers import pre_tokenizers
    pre = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    counts = collections.Counter()
    for doc in docs(corpus):
        counts.update(piece for piece, _ in pre.pre_tokenize_str(doc))
    return len(counts)


def hf_train(corpus, merges, out):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=256 + merges, min_frequency=0, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
    tok.train_from_iterator(docs(corpus), trainer=trainer)
    tok.save(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--merges", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(args.corpus, followlinks=True) for f in fs)
    print(f"corpus {args.corpus}: {size / 1e6:.1f} MB, {len(os.listdir(args.corpus))} categories")
    with tempfile.TemporaryDirectory() as tmp:
        tok = os.path.join(tmp, "tok.json")
        merges = [int(m) for m in args.merges.split(",")]
        hf_train(args.corpus, max(merges), tok)
        hf_seconds, _ = median_time(lambda: hf_count(args.corpus), args.runs)
        for threads in (1, 2):
            ours, _ = median_time(lambda: subprocess.run(
                ["taskset", "-c", "0" if threads == 1 else "0,1", MIXINFER, "count", tok, "--categories", args.corpus,
                 "--sample-bytes", str(10**12), "-o", os.path.join(tmp, "c.miwc")], check=True), args.runs)
            print(f"count, {threads} core(s): mixinfer {size / 1e6 / ours:.1f} MB/s, HF pre-tokenizer (Python loop) "
                  f"{size / 1e6 / hf_seconds:.1f} MB/s, ratio {hf_seconds / ours:.2f}x")
        for t in merges:
            hf, _ = median_time(lambda: hf_train(args.corpus, t, os.path.join(tmp, "t.json")), args.runs)
            def replay():
                out = subprocess.run([MIXINFER, "infer", tok, "--counts", os.path.join(tmp, "c.miwc"), "--merges", str(t),
                                      "--max-rounds", "0"], check=True, capture_output=True, text=True).stdout
                line = [l for l in out.splitlines() if l.startswith("time:")][0]
                return float(line.split("replay ")[1].split(" s")[0])
            times = [replay() for _ in range(args.runs)]
            ours = statistics.median(times)
            print(f"replay {t} merges: mixinfer {ours:.2f} s, HF BpeTrainer (count + learn) {hf:.2f} s, ratio {ours / hf:.2f}")


if __name__ == "__main__":
    main()
