#!/usr/bin/env python3
"""Ground-truth fixture from an independent BPE trainer (HF `tokenizers`).

    pip install tokenizers==0.23.3      # the version this fixture was made with
    python3 scripts/train-hf-fixture.py

Trains a byte-level BPE tokenizer with Hugging Face `tokenizers` on a known
mixture of four Samples/categories (training halves only) and writes

    Tests/Fixtures/hf-mixture/tokenizer.json   the trained tokenizer
    Tests/Fixtures/hf-mixture/truth.json       the mixture it was trained on

The training half of a category is its files with an even index in sorted
order (000.txt, 002.txt, ...); the odd-indexed files are left for inference.
Deterministic: the same Samples give byte-identical output.
"""

import json
import os
import sys

TOKENIZERS_VERSION = "0.23.3"  # pinned: the fixture records this trainer

# The true mixture (nominal byte shares), in training order.
CATEGORIES = ["en", "de", "python", "fr"]
NOMINAL_SHARES = {"en": 0.4, "de": 0.3, "python": 0.2, "fr": 0.1}
MERGES = 3000
VOCAB_SIZE = 256 + MERGES

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SAMPLES = os.path.join(ROOT, "Samples", "categories")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "hf-mixture")


def training_files(cat):
    d = os.path.join(SAMPLES, cat)
    files = sorted(f for f in os.listdir(d) if f.endswith(".txt"))
    return [os.path.join(d, f) for f in files[0::2]]


def take(files, budget):
    """Spread the budget over all files, as mixinfer's SampleReader does, so the
    training text spans the whole training half: each file gets min(size, q)
    bytes (water-filling: files in increasing size order take an equal share of
    what is left), cut after the last newline within that allocation.
    Returns a list of (file name, taken bytes)."""
    datas = []
    for path in files:
        with open(path, "rb") as f:
            datas.append((os.path.basename(path), f.read()))
    order = sorted(range(len(datas)), key=lambda i: (len(datas[i][1]), i))
    alloc, left = [0] * len(datas), budget
    for rank, i in enumerate(order):
        alloc[i] = min(len(datas[i][1]), left // (len(order) - rank))
        left -= alloc[i]
    taken = []
    for (name, data), share in zip(datas, alloc):
        if share >= len(data):
            taken.append((name, data))
        elif share > 0:
            cut = data.rfind(b"\n", 0, share)  # prefix data[:cut+1] has <= share bytes
            if cut >= 0:
                taken.append((name, data[:cut + 1]))
    return taken


def main():
    import tokenizers
    if tokenizers.__version__ != TOKENIZERS_VERSION:
        sys.exit(f"need tokenizers=={TOKENIZERS_VERSION}, found {tokenizers.__version__}"
                 f" (pip install tokenizers=={TOKENIZERS_VERSION})")
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    assert abs(sum(NOMINAL_SHARES.values()) - 1.0) < 1e-12

    # Largest total B (a multiple of 1000) whose every share fits in the
    # category's training half.
    half_bytes = {c: sum(os.path.getsize(p) for p in training_files(c)) for c in CATEGORIES}
    B = min(int(half_bytes[c] / NOMINAL_SHARES[c]) for c in CATEGORIES) // 1000 * 1000

    docs, taken_bytes, taken_files = [], {}, {}
    for c in CATEGORIES:
        budget = round(NOMINAL_SHARES[c] * B)
        parts = take(training_files(c), budget)
        docs += [data.decode("utf-8") for _, data in parts]
        taken_bytes[c] = sum(len(data) for _, data in parts)
        taken_files[c] = [name for name, _ in parts]
        assert taken_bytes[c] <= budget
    total = sum(taken_bytes.values())
    true_shares = {c: taken_bytes[c] / total for c in CATEGORIES}

    tok = Tokenizer(models.BPE())
    tok.normalizer = None
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        min_frequency=0,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=[],
    )
    tok.train_from_iterator(docs, trainer=trainer)

    os.makedirs(OUT, exist_ok=True)
    tok_path = os.path.join(OUT, "tokenizer.json")
    tok.save(tok_path)

    # Check what was written.
    with open(tok_path, encoding="utf-8") as f:
        saved = json.load(f)
    model = saved["model"]
    n_merges = len(model["merges"])
    vocab_size = len(model["vocab"])
    assert model["type"] == "BPE", model["type"]
    assert vocab_size == 256 + n_merges, (vocab_size, n_merges)
    assert n_merges == MERGES, f"expected {MERGES} merges, got {n_merges}"

    truth = {
        "trainer": f"huggingface tokenizers {TOKENIZERS_VERSION}",
        "categories": CATEGORIES,
        "nominal_shares": NOMINAL_SHARES,
        "true_shares": true_shares,
        "bytes": taken_bytes,
        "total_bytes": B,
        "taken_total_bytes": total,
        "vocab_size": vocab_size,
        "merges": n_merges,
        "split": "training half = even-indexed files in sorted order",
        "files": taken_files,
    }
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth, f, indent=2)
        f.write("\n")

    print(f"B = {B} (taken {total} bytes), vocab {vocab_size}, merges {n_merges}")
    for c in CATEGORIES:
        print(f"  {c:7s} nominal {NOMINAL_SHARES[c]:.3f}  true {true_shares[c]:.6f}"
              f"  bytes {taken_bytes[c]:7d}  files {' '.join(taken_files[c])}")
    print(f"wrote {tok_path} ({os.path.getsize(tok_path)} bytes) and truth.json")


if __name__ == "__main__":
    main()
