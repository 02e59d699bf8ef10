#!/usr/bin/env python3
"""Ground-truth fixture from the SentencePiece BPE trainer (Llama-2-like settings).

    pip install sentencepiece==0.2.3      # the version this fixture was made with
    python3 Tests/Fixtures/spm-mixture/make.py

Trains a SentencePiece BPE model on a known mixture of five Samples/categories (training halves: the
even-indexed files in sorted order, budget spread over them and cut at line ends, as scripts/fixtures/train-hf-fixture.py
does) and writes next to this script

    spm.model        the trained model (vocabulary 2000)
    truth.json       the mixture it was trained on (and the bytes taken from each file: the exact training text)
    handmade.model   spm.model with three hand-added pieces ranked first, which the trainer's rules forbid
                     ("12": split_digits; "a,": two scripts; "e▁": ▁ not in front); needs `pip install protobuf`

The odd-indexed files are left for inference (Tests/MixInferTests/SentencePieceTruthTests.swift).
Deterministic: the same Samples give byte-identical output.
"""
import importlib.util, json, os, sys, tempfile

SENTENCEPIECE_VERSION = "0.2.3"
CATEGORIES = ["en", "ja", "ru", "de", "python"]
NOMINAL_SHARES = {"en": 0.3, "ja": 0.25, "ru": 0.2, "de": 0.15, "python": 0.1}
VOCAB_SIZE = 2000

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
spec = importlib.util.spec_from_file_location("fixture", os.path.join(ROOT, "scripts", "fixtures", "train-hf-fixture.py"))
fixture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixture)


def main():
    import sentencepiece as spm
    if spm.__version__ != SENTENCEPIECE_VERSION:
        sys.exit(f"need sentencepiece=={SENTENCEPIECE_VERSION}, found {spm.__version__}")
    half = {c: fixture.training_files(c) for c in CATEGORIES}
    half_bytes = {c: sum(os.path.getsize(p) for p in half[c]) for c in CATEGORIES}
    total = min(int(half_bytes[c] / NOMINAL_SHARES[c]) for c in CATEGORIES) // 1000 * 1000
    taken, files, text, per_file = {}, {}, [], {}
    for c in CATEGORIES:
        parts = fixture.take(half[c], round(NOMINAL_SHARES[c] * total))
        taken[c] = sum(len(data) for _, data in parts)
        files[c] = [name for name, _ in parts]
        per_file[c] = {name: len(data) for name, data in parts}
        text += [data.decode("utf-8") for _, data in parts]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "train.txt")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for d in text:
                f.write(d if d.endswith("\n") else d + "\n")
        cwd = os.getcwd()
        os.chdir(tmp)  # the model records its input path and prefix: keep them free of the temporary name
        spm.SentencePieceTrainer.train(
            input="train.txt", model_prefix="spm", model_type="bpe", vocab_size=VOCAB_SIZE,
            byte_fallback=True, split_digits=True, add_dummy_prefix=True, normalization_rule_name="identity",
            remove_extra_whitespaces=False, allow_whitespace_only_pieces=True, character_coverage=0.99995,
            max_sentence_length=1 << 24, num_threads=1, minloglevel=2)
        os.chdir(cwd)
        with open(os.path.join(tmp, "spm.model"), "rb") as src, open(os.path.join(HERE, "spm.model"), "wb") as dst:
            dst.write(src.read())
    shares = {c: taken[c] / sum(taken.values()) for c in CATEGORIES}
    truth = {"trainer": f"sentencepiece {SENTENCEPIECE_VERSION} (bpe, Llama-2-like spec)", "categories": CATEGORIES,
             "nominal_shares": NOMINAL_SHARES, "true_shares": shares, "bytes": taken, "total_bytes": total,
             "vocab_size": VOCAB_SIZE, "split": "training half = even-indexed files in sorted order", "files": files,
             "taken_bytes": per_file}
    with open(os.path.join(HERE, "truth.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth, f, indent=2)
        f.write("\n")
    handmade()
    print(f"total {total}: " + ", ".join(f"{c} {shares[c]:.4f}" for c in CATEGORIES)
          + f"; spm.model {os.path.getsize(os.path.join(HERE, 'spm.model'))} bytes")


def handmade():
    from sentencepiece import sentencepiece_model_pb2 as pb
    model = pb.ModelProto()
    with open(os.path.join(HERE, "spm.model"), "rb") as f:
        model.ParseFromString(f.read())
    pieces = list(model.pieces)
    first = next(i for i, p in enumerate(pieces) if p.type == pb.ModelProto.SentencePiece.NORMAL)
    top = pieces[first].score
    added = []
    for k, text in enumerate(["12", "a,", "e\u2581"]):
        piece = pb.ModelProto.SentencePiece(piece=text, score=top + 3 - k, type=pb.ModelProto.SentencePiece.NORMAL)
        added.append(piece)
    del model.pieces[:]
    model.pieces.extend(pieces[:first] + added + pieces[first:])
    with open(os.path.join(HERE, "handmade.model"), "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main()
