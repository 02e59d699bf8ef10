#!/usr/bin/env python3
"""Which merges a category's share rests on: a diagnostic for a surprising estimate (GPT-2's tiktoken file only).

    python3 scripts/research/merge-support.py gpt2.tiktoken RESULT.json CORPORA CATEGORY [--merges 3000] [--top 30]

RESULT.json is `mixinfer infer ... --format json` (or a batch pair's JSON) of that tokenizer against CORPORA's
categories. The script replays the first T merges over the first 1 MB of each category that holds a share, and
of CATEGORY, with the GPT-2 pretokenizer: BPE applies merges in rank order within each word, so a merge's count in
a sample is how often encoding the sample applies it. At step t each category i weighs α_i c_i,t / P_i (its pair
share, its count of the merge, its sample's initial pairs); CATEGORY's part of the step is its weight over the sum.
Printed: the steps where CATEGORY's part is largest (ties broken by its count), with each category's count, so a
reader sees which text the category stands in for. A reference check in Python, independent of mixinfer's replay.
"""
import argparse
import base64
import collections
import json
import os

GPT2 = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def load_ranks(path):
    ranks = {}
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
    return ranks


def sample_words(folder, limit=1_000_000):
    """Word counts of the first `limit` bytes of a category (its files in sorted order)."""
    import regex   # PyPI `regex` (for \p{L}); imported here so that --help needs nothing beyond the standard library
    words, taken = collections.Counter(), 0
    pattern = regex.compile(GPT2)
    for name in sorted(os.listdir(folder)):
        if taken >= limit:
            break
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        text = text.encode()[: limit - taken].decode("utf-8", errors="ignore")
        taken += len(text.encode())
        words.update(pattern.findall(text))
    return words


def merge_counts(words, ranks, steps):
    """How often each of the first `steps` merges applies when the words are encoded; the initial pairs."""
    counts, pairs = [0] * steps, 0
    for word, n in words.items():
        parts = [bytes([b]) for b in word.encode()]
        pairs += max(0, len(parts) - 1) * n
        while len(parts) > 1:
            best = min((ranks.get(parts[i] + parts[i + 1], 1 << 30), i) for i in range(len(parts) - 1))
            rank = best[0]
            if rank - 256 >= steps:
                break
            merged, out, i, applied = parts[best[1]] + parts[best[1] + 1], [], 0, 0
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] + parts[i + 1] == merged:
                    out.append(merged)
                    i, applied = i + 2, applied + 1
                else:
                    out.append(parts[i])
                    i += 1
            counts[rank - 256] += applied * n
            parts = out
    return counts, pairs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tokenizer")
    ap.add_argument("result")
    ap.add_argument("corpora")
    ap.add_argument("category")
    ap.add_argument("--merges", type=int, default=3000)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    ranks = load_ranks(args.tokenizer)
    token = {rank: text for text, rank in ranks.items()}
    with open(args.result, encoding="utf-8") as f:
        shares = json.load(f)["pair_shares"]
    names = sorted(c for c, s in shares.items() if s > 0) + ([args.category] if shares.get(args.category, 0) == 0 else [])
    alpha = {c: shares.get(c, 0.0) for c in names}
    data = {c: merge_counts(sample_words(os.path.join(args.corpora, c)), ranks, args.merges) for c in names}
    rows = []
    for t in range(args.merges):
        weight = {c: alpha[c] * data[c][0][t] / max(1, data[c][1]) for c in names}
        total = sum(weight.values())
        part = weight[args.category] / total if total > 0 else 0.0
        rows.append((part, data[args.category][0][t], t))
    print(f"{args.category}: pair share {100 * alpha[args.category]:.2f} %; its part of each step's weighted count")
    for part, count, t in sorted(rows, reverse=True)[: args.top]:
        others = ", ".join(f"{c} {data[c][0][t]}" for c in names if c != args.category and data[c][0][t])
        print(f"{100 * part:5.1f} %  step {t:5d}  {token[t + 256]!r:22}  {args.category} {count}  {others or '-'}")


if __name__ == "__main__":
    main()
