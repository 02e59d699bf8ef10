#!/usr/bin/env python3
"""Print the structural facts of every tokenizer file that scripts/fetch-tokenizers
brought into the cache, as Markdown.  docs/tokenizer-formats.md was written from
this output; rerun it to check the document against the files.

Usage: scripts/research/fetch-tokenizers-inspect.py [--cache DIR] [--only NAME ...] [--no-merge-check]

Needs: Python >= 3.9; `sentencepiece` + `protobuf` for .model files, `gguf` for
.gguf files (pip install sentencepiece protobuf gguf).  Nothing here downloads.

The "merge check" (tiktoken rank files and Tekken) recovers, for every multi-byte
token, the merge that makes it: BPE on the token's own bytes using only the ranks
of lower tokens must end in exactly two parts.  Tokens where it ends in three or
more parts are "unreachable by a single merge"; they are counted and the first
few are listed.
"""
import argparse
import base64
import collections
import gzip
import json
import os
import sys

DEFAULT_CACHE = os.environ.get(
    "MIXINFER_TOKENIZERS", os.path.join(os.path.expanduser("~"), ".cache", "mixinfer", "tokenizers")
)

HF_JSON = ["claude-legacy.json", "olmo-gpt-neox.json", "olmo-cl100k.json", "deepseek.json", "qwen3.json"]
TIKTOKEN = [
    "gpt2.tiktoken", "p50k_base.tiktoken", "cl100k_base.tiktoken", "o200k_base.tiktoken",
    "llama3.tiktoken.model", "llama4.tiktoken.model", "qwen.tiktoken", "qwen3.6.tiktoken",
]
SPM = ["mistral-v1.model", "llama2.model", "gemma.model"]
TEKKEN = ["tekken-nemo.json"]
CLIP = ["clip-bpe.txt.gz"]


def out(*a):
    print(*a)


def fence(text, lang=""):
    out("```" + lang)
    out(text)
    out("```")


def raw_json_value(text, key):
    """The exact source text of the top-level value of `key` in a JSON document."""
    dec = json.JSONDecoder()
    # find the top-level key: scan top-level members with raw_decode
    i = text.index("{") + 1
    while True:
        while text[i] in " \t\r\n,":
            i += 1
        if text[i] == "}":
            raise KeyError(key)
        k, i = dec.raw_decode(text, i)
        while text[i] in " \t\r\n:":
            i += 1
        start = i
        _, i = dec.raw_decode(text, i)
        if k == key:
            return text[start:i]


def walk_regexes(node, acc):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "Regex" and isinstance(v, str):
                acc.append(v)
            else:
                walk_regexes(v, acc)
    elif isinstance(node, list):
        for v in node:
            walk_regexes(v, acc)
    return acc


# ---------------------------------------------------------------- merge check
def bpe_parts(token: bytes, ranks: dict, limit: int):
    """BPE of `token` using only entries of `ranks` with rank < limit (lowest rank first)."""
    parts = [token[i:i + 1] for i in range(len(token))]
    while len(parts) > 1:
        best, best_i = None, -1
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and r < limit and (best is None or r < best):
                best, best_i = r, i
        if best is None:
            break
        parts[best_i:best_i + 2] = [parts[best_i] + parts[best_i + 1]]
    return parts


def merge_check(ranks: dict, start_rank: int = 0):
    single = sum(1 for t in ranks if len(t) == 1)
    unreachable = []
    checked = 0
    for tok, r in sorted(ranks.items(), key=lambda kv: kv[1]):
        if len(tok) < 2 or r < start_rank:
            continue
        checked += 1
        parts = bpe_parts(tok, ranks, r)
        if len(parts) != 2:
            unreachable.append((r, tok, len(parts)))
    return single, checked, unreachable


def report_merge_check(ranks, known_base=None):
    single, checked, unreach = merge_check(ranks)
    out(f"- merge check: {single} single-byte tokens; {checked} multi-byte tokens checked; "
        f"**{len(unreach)} not reachable by a single merge** of lower-ranked tokens")
    if unreach:
        shown = ", ".join(f"{r}:{tok!r}→{n} parts" for r, tok, n in unreach[:6])
        out(f"  - first ones (rank:bytes→parts left): {shown}")
        if known_base:
            base_n, base_name = known_base
            after = sum(1 for r, _, _ in unreach if r >= base_n)
            out(f"  - of them at rank ≥ {base_n} (after the {base_name} prefix): {after}")


# ---------------------------------------------------------------- HF tokenizer.json
def inspect_hf(path, name):
    text = open(path, encoding="utf-8").read()
    d = json.loads(text)
    m = d["model"]
    out(f"### `{name}`")
    out()
    out(f"- size: {os.path.getsize(path)} bytes; layout: "
        f"{'pretty-printed' if chr(10) in text[:40] else 'compact (one line)'}; top-level keys: "
        + ", ".join(f"`{k}`" for k in d))
    vocab = m["vocab"]
    merges = m.get("merges", [])
    ids = sorted(vocab.values())
    out(f"- `model.type`: `{m.get('type')}`; vocab: **{len(vocab)}** entries, ids {ids[0]}..{ids[-1]}"
        f" ({'contiguous' if ids[-1] + 1 == len(ids) and ids[0] == 0 else 'NOT contiguous'})")
    kinds = collections.Counter(type(x).__name__ for x in merges)
    enc = "`\"a b\"` strings" if kinds.get("str") else "`[\"a\", \"b\"]` pairs"
    out(f"- merges: **{len(merges)}**, encoded as {enc}; first: `{json.dumps(merges[0], ensure_ascii=False)}`,"
        f" last: `{json.dumps(merges[-1], ensure_ascii=False)}`")
    pairs = [tuple(x.split(" ")) if isinstance(x, str) else tuple(x) for x in merges]
    bad = sum(1 for p in pairs if len(p) != 2)
    missing = sum(1 for p in pairs if len(p) == 2 and (p[0] + p[1] not in vocab or p[0] not in vocab or p[1] not in vocab))
    res_ids = [vocab.get(p[0] + p[1], -1) for p in pairs if len(p) == 2]
    mono = all(x < y for x, y in zip(res_ids, res_ids[1:]))
    out(f"- merges that do not split into exactly 2 parts: {bad}; merges whose parts or result are not in"
        f" vocab: {missing}; result ids strictly increasing with merge index: {mono}")
    others = {k: v for k, v in m.items() if k not in ("vocab", "merges")}
    out("- `model` keys other than vocab/merges (as in the file; absent keys take the library default):")
    fence(json.dumps(others, ensure_ascii=False), "json")
    out("- `normalizer` (source text):")
    fence(raw_json_value(text, "normalizer"), "json")
    out("- `pre_tokenizer` (source text):")
    fence(raw_json_value(text, "pre_tokenizer"), "json")
    regs = walk_regexes(d.get("pre_tokenizer"), [])
    for i, rx in enumerate(regs):
        out(f"- pre_tokenizer regex {i + 1} after JSON decoding (Python repr — this is what the regex engine sees):")
        fence(repr(rx))
    out("- `post_processor`: `" + json.dumps(d.get("post_processor"), ensure_ascii=False)[:300] + "`")
    out("- `decoder`: `" + json.dumps(d.get("decoder"), ensure_ascii=False)[:300] + "`")
    at = d.get("added_tokens", [])
    in_vocab = sum(1 for a in at if a["content"] in vocab and vocab[a["content"]] == a["id"])
    out(f"- `added_tokens`: **{len(at)}** ({sum(1 for a in at if a.get('special'))} special), ids "
        f"{min(a['id'] for a in at)}..{max(a['id'] for a in at)}; {in_vocab} of them are also in `model.vocab`"
        f" with the same id; highest id overall: {max([ids[-1]] + [a['id'] for a in at])}")
    flags = collections.Counter(
        (a.get("normalized"), a.get("lstrip"), a.get("rstrip"), a.get("single_word")) for a in at)
    out("  - (normalized, lstrip, rstrip, single_word) counts: "
        + "; ".join(f"{k}: {v}" for k, v in flags.items()))
    out(f"  - first: `{json.dumps(at[0], ensure_ascii=False)}`")
    out()


# ---------------------------------------------------------------- tiktoken rank files
def load_rank_file(path):
    ranks = {}
    lines = open(path, "rb").read().split(b"\n")
    trailing_newline = lines[-1] == b""
    if trailing_newline:
        lines = lines[:-1]
    bad = 0
    for ln in lines:
        f = ln.split()
        if len(f) != 2:
            bad += 1
            continue
        ranks[base64.b64decode(f[0])] = int(f[1])
    return ranks, lines, trailing_newline, bad


def inspect_tiktoken(path, name):
    ranks, lines, trailing, bad = load_rank_file(path)
    out(f"### `{name}`")
    out()
    ncr = open(path, "rb").read().count(b"\r")
    out(f"- size: {os.path.getsize(path)} bytes; {len(lines)} lines; ends with newline: {trailing};"
        f" malformed lines: {bad}; CR characters: {ncr}")
    out("- first lines / last line:")
    fence("\n".join(l.decode() for l in lines[:3]) + "\n...\n" + lines[-1].decode())
    vals = sorted(ranks.values())
    order = [int(l.split()[1]) for l in lines]
    gaps = [(a, b) for a, b in zip(vals, vals[1:]) if b != a + 1]
    out(f"- ranks: **{len(ranks)}** distinct tokens, rank {vals[0]}..{vals[-1]};"
        f" lines sorted by rank: {order == sorted(order)}; duplicate ranks: {len(vals) - len(set(vals))};"
        f" gaps: {len(gaps)}" + (f" (missing ranks: {', '.join(str(a + 1) + ('' if b == a + 2 else '..' + str(b - 1)) for a, b in gaps)})" if gaps else ""))
    singles = {t[0]: r for t, r in ranks.items() if len(t) == 1}
    out(f"- single-byte tokens: {len(singles)} of 256; ranks of bytes 0x00..0xFF are"
        f" {'0..255' if sorted(singles.values()) == list(range(256)) else 'NOT 0..255'};"
        f" byte→rank order is GPT-2's printable-first order (`!`=0 … `~`=93, `¡`…): "
        f"{singles.get(ord('!')) == 0 and singles.get(0) == 188}")
    if singles.get(ord('!')) != 0:
        out(f"  - first ranks: " + ", ".join(f"{r}=0x{b:02X}" for b, r in sorted(singles.items(), key=lambda kv: kv[1])[:8]))
    lens = collections.Counter(len(t) for t in ranks)
    out(f"- longest token: {max(lens)} bytes; tokens that are not valid UTF-8: "
        f"{sum(1 for t in ranks if not _utf8(t))}")
    base = None
    if name in ("llama3.tiktoken.model",):
        base = (100256, "cl100k")
    if ARGS.merge_check:
        report_merge_check(ranks, base)
    out()


def _utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# ---------------------------------------------------------------- SentencePiece
def inspect_spm(path, name):
    from sentencepiece import sentencepiece_model_pb2 as pb
    mp = pb.ModelProto()
    mp.ParseFromString(open(path, "rb").read())
    ts, ns = mp.trainer_spec, mp.normalizer_spec
    T = pb.ModelProto.SentencePiece.Type.Name
    out(f"### `{name}`")
    out()
    out(f"- size: {os.path.getsize(path)} bytes; protobuf `sentencepiece.ModelProto`")
    out(f"- `trainer_spec.model_type`: **{pb.TrainerSpec.ModelType.Name(ts.model_type)}**;"
        f" `trainer_spec.vocab_size`: {ts.vocab_size}; pieces: **{len(mp.pieces)}**")
    keys = ["byte_fallback", "split_digits", "split_by_unicode_script", "split_by_number", "split_by_whitespace",
            "treat_whitespace_as_suffix", "allow_whitespace_only_pieces", "max_sentencepiece_length",
            "remove_extra_whitespaces" if hasattr(ts, "remove_extra_whitespaces") else None,
            "unk_id", "bos_id", "eos_id", "pad_id", "unk_piece", "bos_piece", "eos_piece", "pad_piece",
            "unk_surface", "model_prefix", "character_coverage"]
    vals = {k: getattr(ts, k) for k in keys if k}
    out("- trainer_spec (effective values, defaults included):")
    fence(json.dumps(vals, ensure_ascii=False), "json")
    if ts.user_defined_symbols:
        uds = list(ts.user_defined_symbols)
        out(f"- `trainer_spec.user_defined_symbols`: {len(uds)} — first {json.dumps(uds[:6], ensure_ascii=False)},"
            f" … last {json.dumps(uds[-3:], ensure_ascii=False)}")
    if ts.control_symbols:
        out(f"- `trainer_spec.control_symbols`: {json.dumps(list(ts.control_symbols)[:10], ensure_ascii=False)}")
    nv = {"name": ns.name, "add_dummy_prefix": ns.add_dummy_prefix,
          "remove_extra_whitespaces": ns.remove_extra_whitespaces, "escape_whitespaces": ns.escape_whitespaces,
          "precompiled_charsmap": f"<{len(ns.precompiled_charsmap)} bytes>",
          "normalization_rule_tsv": ns.normalization_rule_tsv}
    present = [f.name for f, _ in ns.ListFields()]
    out(f"- normalizer_spec (effective values; fields present in the file: {', '.join(present)}):")
    fence(json.dumps(nv, ensure_ascii=False), "json")
    if mp.HasField("denormalizer_spec"):
        out("- denormalizer_spec present: " + ", ".join(f.name for f, _ in mp.denormalizer_spec.ListFields()))
    types = collections.Counter(T(p.type) for p in mp.pieces)
    out("- piece types: " + ", ".join(f"{k} {v}" for k, v in types.items()))
    by_type = collections.defaultdict(list)
    for i, p in enumerate(mp.pieces):
        by_type[T(p.type)].append(i)
    for t, idx in by_type.items():
        runs, a = [], idx[0]
        for x, y in zip(idx, idx[1:] + [None]):
            if y != x + 1:
                runs.append(f"{a}..{x}" if a != x else f"{a}")
                a = y
        out(f"  - {t}: ids {', '.join(runs[:8])}{' …' if len(runs) > 8 else ''}")
    out("- first pieces: " + ", ".join(f"{i}:`{mp.pieces[i].piece!r}` ({mp.pieces[i].score:g}, {T(mp.pieces[i].type)})"
                                      for i in range(0, 5)))
    normal = [(i, p.piece, p.score) for i, p in enumerate(mp.pieces) if p.type == 1]
    out("- first NORMAL pieces: " + ", ".join(f"{i}:`{s!r}` ({sc:g})" for i, s, sc in normal[:6]))
    out("- last NORMAL pieces: " + ", ".join(f"{i}:`{s!r}` ({sc:g})" for i, s, sc in normal[-3:]))
    huge = [(i, s, sc) for i, s, sc in normal if sc <= -1e8]
    rest = [x for x in normal if x[2] > -1e8]
    strict = all(a[2] > b[2] for a, b in zip(rest, rest[1:]))
    first = normal[0][0]
    eq_id = all(sc == -(i - first) for i, _, sc in rest)
    out(f"- NORMAL scores: {len(huge)} pieces with score ≤ -1e8"
        + (f" ({', '.join(f'{i}:{s!r}' for i, s, _ in huge[:8])}{' …' if len(huge) > 8 else ''};"
           f" all of them runs of `▁`: {all(set(s) == {chr(0x2581)} for _, s, _ in huge)})" if huge else "")
        + f"; the other {len(rest)} are strictly decreasing in id order: {strict};"
        f" each of them has score == -(id - {first}) (first NORMAL id): {eq_id}")
    other_scores = collections.Counter(p.score for p in mp.pieces if p.type != 1)
    out(f"- scores of non-NORMAL pieces: {dict(other_scores)}")
    single_char = sum(1 for _, s, _ in normal if len(s) == 1)
    out(f"- single-character NORMAL pieces: {single_char}; longest piece: {max(len(s) for _, s, _ in normal)} chars;"
        f" `▁` (U+2581) is a piece: {any(s == chr(0x2581) for _, s, _ in normal)}")
    out()


# ---------------------------------------------------------------- Tekken
def inspect_tekken(path, name):
    text = open(path, encoding="utf-8").read()
    d = json.loads(text)
    out(f"### `{name}`")
    out()
    out(f"- size: {os.path.getsize(path)} bytes; top-level keys: " + ", ".join(f"`{k}`" for k in d))
    out("- `config` (source text):")
    fence(raw_json_value(text, "config"), "json")
    out("- `config.pattern` after JSON decoding (Python repr):")
    fence(repr(d["config"]["pattern"]))
    v = d["vocab"]
    keys = collections.Counter(tuple(sorted(e)) for e in v)
    out(f"- `vocab`: **{len(v)}** entries; entry keys: {dict(keys)}; ranks are 0..{len(v) - 1} in array order:"
        f" {[e['rank'] for e in v] == list(range(len(v)))}")
    out(f"  - entry 0: `{json.dumps(v[0], ensure_ascii=False)}`; entry 255: `{json.dumps(v[255], ensure_ascii=False)}`;"
        f" entry 256: `{json.dumps(v[256], ensure_ascii=False)}`")
    none = [e for e in v if e["token_str"] is None]
    out(f"  - `token_str` is null for {len(none)} entries (bytes not valid UTF-8), e.g."
        f" `{json.dumps(none[0], ensure_ascii=False) if none else ''}`")
    ranks = {base64.b64decode(e["token_bytes"]): e["rank"] for e in v}
    singles = {t[0]: r for t, r in ranks.items() if len(t) == 1}
    out(f"  - single-byte tokens at ranks 0..255 in byte order (rank == byte value): "
        f"{all(singles.get(b) == b for b in range(256))}")
    c = d["config"]
    nspecial = c.get("default_num_special_tokens")
    inner = c.get("default_vocab_size") - nspecial
    out(f"- `special_tokens` key: {'present, ' + str(len(d['special_tokens'])) if 'special_tokens' in d else 'absent'}")
    out(f"- effective model (mistral-common `Tekkenizer.from_file`): default_vocab_size {c['default_vocab_size']} ="
        f" {nspecial} special ids (0..{nspecial - 1}) + the first **{inner}** vocab entries (ranks 0..{inner - 1});"
        f" token id = rank + {nspecial}")
    if ARGS.merge_check:
        inner_ranks = {t: r for t, r in ranks.items() if r < inner}
        out(f"- merge check over the {inner} used ranks:")
        report_merge_check(inner_ranks)
    out()


# ---------------------------------------------------------------- CLIP
def inspect_clip(path, name):
    raw = gzip.open(path).read()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    out(f"### `{name}`")
    out()
    out(f"- size: {os.path.getsize(path)} bytes gzip, {len(raw)} bytes UTF-8 text; {len(lines)} `\\n`-separated"
        f" fields (last one {'empty' if lines[-1] == '' else repr(lines[-1])})")
    out("- first lines (`repr`):")
    fence("\n".join(repr(l) for l in lines[:4]))
    used = lines[1:49152 - 256 - 2 + 1]
    out(f"- the CLIP/open_clip loader uses lines[1 : 48895] = **{len(used)}** merges; first used `{used[0]}`, last used"
        f" `{used[-1]}`; next (unused) `{lines[48895]}`")
    eow = sum(1 for l in used if l.endswith("</w>"))
    out(f"- used merges whose 2nd part ends in `</w>`: {eow}; parts per line always 2: "
        f"{all(len(l.split()) == 2 for l in used)}")
    out()


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--no-merge-check", dest="merge_check", action="store_false")
    ARGS = ap.parse_args()
    groups = [(HF_JSON, inspect_hf), (TIKTOKEN, inspect_tiktoken), (SPM, inspect_spm), (TEKKEN, inspect_tekken),
              (CLIP, inspect_clip)]
    for names, fn in groups:
        for n in names:
            if ARGS.only and n not in ARGS.only:
                continue
            p = os.path.join(ARGS.cache, n)
            if not os.path.exists(p):
                out(f"### `{n}`\n\n(missing — run scripts/fetch-tokenizers)\n")
                continue
            fn(p, n)
            sys.stdout.flush()
    if not ARGS.only or any(n.endswith(".gguf") for n in ARGS.only or []):
        inspect_gguf_dir(os.path.join(ARGS.cache, "gguf"))


# ---------------------------------------------------------------- GGUF
def inspect_gguf_dir(d):
    import gguf
    import glob
    out("### GGUF vocab files (`gguf/`)")
    out()
    out("| file | tokenizer.ggml.model | tokenizer.ggml.pre | tokens | merges | scores | .inp/.out | other tokenizer.* keys |")
    out("|---|---|---|---|---|---|---|---|")
    for p in sorted(glob.glob(os.path.join(d, "*.gguf"))):
        r = gguf.GGUFReader(p)
        f = r.fields

        def val(k):
            if k not in f:
                return None
            return f[k].contents()

        def alen(k):
            return len(f[k].data) if k in f else "—"

        other = []
        for k, fld in f.items():
            if not k.startswith("tokenizer.") or k in ("tokenizer.ggml.model", "tokenizer.ggml.pre",
                                                        "tokenizer.ggml.tokens", "tokenizer.ggml.merges",
                                                        "tokenizer.ggml.scores"):
                continue
            t = gguf.GGUFValueType(fld.types[0]).name
            if t == "ARRAY":
                other.append(f"{k.replace('tokenizer.', '')}[{len(fld.data)}]")
            elif t == "STRING":
                other.append(f"{k.replace('tokenizer.', '')}=<{len(fld.contents())} chars>")
            else:
                other.append(f"{k.replace('tokenizer.', '')}={fld.contents()}")
        pre = val("tokenizer.ggml.pre")
        io = "yes" if os.path.exists(p + ".inp") and os.path.exists(p + ".out") else "no"
        out(f"| `{os.path.basename(p)}` | `{val('tokenizer.ggml.model')}` | {('`' + pre + '`') if pre else '(absent)'} |"
            f" {alen('tokenizer.ggml.tokens')} | {alen('tokenizer.ggml.merges')} | {alen('tokenizer.ggml.scores')} | {io} |"
            f" {', '.join(other)} |")
    out()
    out("token_type histograms (1 NORMAL, 2 UNKNOWN, 3 CONTROL, 4 USER_DEFINED, 5 UNUSED, 6 BYTE) and first merge:")
    out()
    for p in sorted(glob.glob(os.path.join(d, "*.gguf"))):
        r = gguf.GGUFReader(p)
        f = r.fields
        tt = collections.Counter(f["tokenizer.ggml.token_type"].contents()) if "tokenizer.ggml.token_type" in f else {}
        m0 = ""
        if "tokenizer.ggml.merges" in f:
            mf = f["tokenizer.ggml.merges"]
            m0 = "; merges[0] = " + json.dumps(str(bytes(mf.parts[mf.data[0]]), "utf-8"), ensure_ascii=False)
        t0 = f["tokenizer.ggml.tokens"]
        toks = [json.dumps(str(bytes(t0.parts[t0.data[i]]), "utf-8"), ensure_ascii=False) for i in range(min(3, len(t0.data)))]
        out(f"- `{os.path.basename(p)}`: {dict(sorted(tt.items()))}; tokens[0..2] = {', '.join(toks)}{m0}")
    out()
    # token_type histogram and merge format for one BPE file
    p = os.path.join(d, "ggml-vocab-gpt-2.gguf")
    if os.path.exists(p):
        r = gguf.GGUFReader(p)
        mf = r.fields["tokenizer.ggml.merges"].contents()
        tt = collections.Counter(r.fields["tokenizer.ggml.token_type"].contents())
        out(f"- e.g. `ggml-vocab-gpt-2.gguf`: merges[0..2] = {json.dumps(mf[:3], ensure_ascii=False)};"
            f" token_type histogram {dict(sorted(tt.items()))}")
    out()


if __name__ == "__main__":
    main()
