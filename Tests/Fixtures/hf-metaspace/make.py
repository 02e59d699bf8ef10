# Builds the small SentencePiece-style HF tokenizers and their reference ids (tokenizers==0.23.3).
# Run from this folder: python3 make.py
import json, glob, os
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, normalizers, decoders

root = "../../../Samples/categories"
files = sorted(glob.glob(f"{root}/en/*.txt"))[:2] + sorted(glob.glob(f"{root}/de/*.txt"))[:1]
text = open("../encode/parity-text.txt", encoding="utf-8").read()
probe = text[:6000] + text[20000:23000]

def build(name, pre, norm, ignore_merges=False):
    tok = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True, ignore_merges=ignore_merges))
    tok.normalizer = norm
    tok.pre_tokenizer = pre
    trainer = trainers.BpeTrainer(vocab_size=700, special_tokens=["<unk>", "<s>", "</s>"], limit_alphabet=80, show_progress=False)
    tok.train(files, trainer)
    data = json.loads(tok.to_str())
    vocab = data["model"]["vocab"]
    next_id = max(vocab.values()) + 1
    for b in range(256):
        vocab[f"<0x{b:02X}>"] = next_id + b
    tok = Tokenizer.from_str(json.dumps(data))
    with open(f"{name}.json", "w", encoding="utf-8") as f:
        f.write(tok.to_str())
    ids = tok.encode(probe, add_special_tokens=False).ids
    return ids

out = {"text": probe}
out["legacy"] = build("legacy", None, normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")]))
out["metaspace"] = build("metaspace", pre_tokenizers.Sequence([pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=True), pre_tokenizers.Digits(individual_digits=True)]), None)
out["metaspace-ignore-merges"] = build("metaspace-ignore-merges", pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True), normalizers.NFKC(), ignore_merges=True)
json.dump(out, open("expected.json", "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))
print({k: len(v) for k, v in out.items()})
