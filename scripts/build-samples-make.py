#!/usr/bin/env python3
"""Build Samples/categories/<name>/NNN.txt from unpacked Debian packages.

Called by scripts/build-samples, which downloads the .deb files and unpacks
each one into SRC/<package>/ with dpkg-deb -x.  Usage:

    build-samples-make.py SRC OUT

Everything here is deterministic: the candidate documents of a category are
visited in the order of sha256(category + ":" + path) (a fixed pseudo-random
order, which spreads the selection over all sections and the whole
alphabet), accepted or rejected by fixed rules, and packed into files by a
fixed rule.  No clock, no random numbers, no locale dependence.
"""

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

# Sizes (bytes of UTF-8).
TARGET_BYTES = 400_000      # per category, before packing
N_FILES = 14                # files per category (7 training + 7 inference)
MIN_DOC = 1024              # drop documents smaller than this
MAX_DOC = 16_000            # and larger than this (a document is never split)

# ---------------------------------------------------------------------------
# Category definitions

MAN_LANGS = {
    # category: (package, man directory inside the package)
    "de": ("manpages-de", "usr/share/man/de"),
    "fr": ("manpages-fr", "usr/share/man/fr"),
    "es": ("manpages-es", "usr/share/man/es"),
    "ru": ("manpages-ru", "usr/share/man/ru"),
    "pl": ("manpages-pl", "usr/share/man/pl"),
    "ja": ("manpages-ja", "usr/share/man/ja"),
}

# Heading of the section that manpages-l10n appends to every translated page
# (translator credits + the same licence paragraph on every page).  It and
# everything after it is dropped.  "COLOPHON" is the equivalent boilerplate
# in some English pages.
TAIL_HEADINGS = {
    "en": ("COLOPHON",),
    "de": ("ÜBERSETZUNG",),
    "fr": ("TRADUCTION",),
    "es": ("TRADUCCIÓN",),
    "ru": ("ПЕРЕВОД",),
    "pl": ("TŁUMACZENIE",),
    "ja": (),
}

# Small stop-word lists, used only to check that a page is written in the
# expected language (translated pages may keep untranslated paragraphs, and
# a few pages are hardly translated at all).
STOPWORDS = {
    "en": "the and of to is are that for with this be not or by an as on it which from can will when if was have".split(),
    "de": "der die das und ist nicht ein eine zu den mit von wird werden auf für dem des oder sich wenn auch kann als wie".split(),
    "fr": "le la les de des et est un une pour dans que qui du sur par pas ne sont être avec ce au ou cette".split(),
    "es": "el la los las de del que y es un una en para por con se no lo al como si son este esta".split(),
    "ru": "и в не на что с по для из это как если или к от при быть будет этот также только может".split(),
    "pl": "i w nie na się jest z do że to jak lub dla od przez jeśli być są po ten oraz może który tej".split(),
}
# Words in more than one list say nothing about the language.
_all = [w for ws in STOPWORDS.values() for w in set(ws)]
_AMBIGUOUS = {w for w in _all if _all.count(w) > 1}
STOPWORDS = {k: {w for w in v if w not in _AMBIGUOUS} for k, v in STOPWORDS.items()}

BOX_RE = re.compile(r"[\u2500-\u257f]+")
WORD_RE = re.compile(r"[^\W\d_]+")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]")
# A space that groff puts where a Japanese source line was joined to the next.
CJK_SPACE_RE = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]) "
    r"(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60])")


def order_key(cat, path):
    return hashlib.sha256(f"{cat}:{path}".encode()).hexdigest()


def interleave(cands, stratum):
    """Round-robin over strata (sorted by name), each stratum in its own
    fixed pseudo-random order, so that no one section or package dominates."""
    groups = {}
    for c in sorted(cands):
        groups.setdefault(stratum(c[1]), []).append(c)
    out, lists = [], [groups[k] for k in sorted(groups)]
    for i in range(max((len(g) for g in lists), default=0)):
        out += [g[i] for g in lists if i < len(g)]
    return out


# ---------------------------------------------------------------------------
# Generic text cleaning

def normalise(text):
    """Line endings, control characters, trailing whitespace, blank runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r".\x08", "", text)  # overstrike, in case any is left
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    text = re.sub(r"\n{4,}", "\n\n\n", text)  # at most 2 blank lines
    return text + "\n"


def paragraphs(text):
    return re.split(r"\n\s*\n", text)


# ---------------------------------------------------------------------------
# Man pages

PRE_ROFF = ".ad l\n"  # left-adjust: no spaces added to justify lines


def render_man(path, tmpdir):
    """Render a (gzipped) man page to plain UTF-8 text with groff.

    -rLL=2000n gives one output line per paragraph (no re-wrapping),
    -rHY=0 turns hyphenation off, -P-cbou turns off SGR, bold, overstrike
    and underline, so the output carries no terminal markup.
    """
    with open(path, "rb") as f:
        raw = f.read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    if re.match(rb"\s*\.so\s", raw):  # a redirect to another page
        return ""
    pre = os.path.join(tmpdir, "pre.roff")
    if not os.path.exists(pre):
        with open(pre, "w") as f:
            f.write(PRE_ROFF)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    res = subprocess.run(
        ["groff", "-k", "-t", "-Tutf8", "-man", "-rHY=0", "-rLL=2000n",
         "-P-cbou", pre, "-"],
        input=raw, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    if res.returncode != 0:
        return ""
    return res.stdout.decode("utf-8", errors="replace")


def clean_man(text, lang):
    lines = text.replace("\r", "").split("\n")
    # Drop the page header (first non-empty line) and footer (last one):
    # with the very long line length they hold a long run of spaces.
    # (groff prints neither for some mdoc pages.)
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(idx) < 3:
        return ""
    first, last = idx[0], idx[-1]
    if " " * 10 not in lines[first].strip():
        first -= 1
    if " " * 10 not in lines[last].strip():
        last += 1
    lines = lines[first + 1: last]
    out = []
    for ln in lines:
        s = ln.strip()
        if s in TAIL_HEADINGS[lang] and not ln.startswith(" "):
            break
        # Table rules and borders (tbl's box drawing) are layout, not text.
        if BOX_RE.search(s):
            s = BOX_RE.sub(" ", s).strip()
            if not s:
                continue
        # Indentation and runs of spaces come from the renderer's layout,
        # not from the text: drop them.
        s = re.sub(r"[ \t]{2,}", " ", s)
        out.append(s)
    text = drop_english_paragraphs("\n".join(out), lang)
    if lang == "ja":
        text = CJK_SPACE_RE.sub("", text)
    if "\ufffd" in text:
        return ""
    return normalise(text)


def language_ok(text, lang):
    """Is the text mostly prose in `lang`?"""
    nonspace = sum(1 for c in text if not c.isspace())
    letters = sum(1 for c in text if c.isalpha())
    if nonspace == 0 or letters / nonspace < 0.6:  # mostly symbols / markup
        return False
    if lang == "ja":
        cjk = len(CJK_RE.findall(text))
        return cjk / letters >= 0.5
    words = [w.lower() for w in WORD_RE.findall(text)]
    if len(words) < 100:
        return False
    own = sum(1 for w in words if w in STOPWORDS[lang])
    if lang == "en":
        return own / len(words) >= 0.10
    eng = sum(1 for w in words if w in STOPWORDS["en"])
    return own / len(words) >= 0.06 and own >= 4 * eng


def drop_english_paragraphs(text, lang):
    """Translated pages may keep some paragraphs in English: drop those."""
    if lang == "en":
        return text
    kept = []
    for para in paragraphs(text):
        words = [w.lower() for w in WORD_RE.findall(para)]
        if lang == "ja":  # Japanese prose has no spaces: look for kana/kanji
            own = 1000 if CJK_RE.search(para) else 0
        else:
            own = sum(1 for w in words if w in STOPWORDS[lang])
        eng = sum(1 for w in words if w in STOPWORDS["en"])
        if len(words) >= 8 and eng >= 2 and eng > own:
            continue
        kept.append(para)
    return "\n\n".join(kept)


def man_candidates(cat, roots):
    """(key, label, path) of every man page file (no symlinks)."""
    cands = []
    for root, label_root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                p = os.path.join(dirpath, fn)
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                if not re.search(r"\.[0-9][a-z]*(\.gz)?$", fn):
                    continue
                label = os.path.join(label_root, os.path.relpath(p, root))
                cands.append((order_key(cat, label), label, p))
    # Strata: the manual's sections (man1, man2, ...).
    return interleave(cands, lambda label: re.search(r"/man(\d)", label).group(1))


# ---------------------------------------------------------------------------
# Source code

LICENCE_WORDS = re.compile(r"copyright|licen[cs]e|free software|warranty", re.I)


def strip_c_licence(text):
    """Drop a leading /* ... */ comment that is a copyright/licence notice."""
    m = re.match(r"\s*/\*.*?\*/[ \t]*\n", text, re.S)
    if m and LICENCE_WORDS.search(m.group(0)):
        return text[m.end():]
    return text


def strip_hash_licence(text):
    """Drop a leading run of '#' comment lines (after a #! line) that is a
    copyright/licence notice."""
    lines = text.split("\n")
    start = 1 if lines and lines[0].startswith("#!") else 0
    i = start
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        i += 1
    block = "\n".join(lines[start:i])
    if LICENCE_WORDS.search(block):
        return "\n".join(lines[:start] + lines[i:])
    return text


def looks_like_data(text):
    """Tables of numbers (generated code) rather than written code."""
    nonspace = [c for c in text if not c.isspace()]
    if not nonspace:
        return True
    digits = sum(1 for c in nonspace if c.isdigit())
    return digits / len(nonspace) > 0.20


PY_EXCLUDE = re.compile(
    r"(^|/)(encodings|pydoc_data|site-packages|dist-packages|config-3[^/]*|"
    r"__phello__|lib-dynload)/|(^|/)_sysconfigdata|(^|/)(keyword|token|"
    r"stringprep)\.py$")

SHELL_SHEBANG = re.compile(rb"#!\s*/(usr/)?bin/(env\s+)?(sh|bash|dash)\b")


def python_candidates(cat, src):
    root = os.path.join(src, "libpython3.11-stdlib", "usr/lib/python3.11")
    cands = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, root)
            if not fn.endswith(".py") or os.path.islink(p) or PY_EXCLUDE.search(rel):
                continue
            label = "libpython3.11-stdlib:" + rel
            cands.append((order_key(cat, label), label, p))
    cands.sort()
    return cands


SHELL_ROOTS = [
    # package, directory, take every file (else only files with a #! line
    # naming sh, bash or dash)
    ("bash-completion", "usr/share/bash-completion/completions", True),
    ("debianutils", "", False),
    ("dracut-core", "", False),
    ("grub-common", "", False),
    ("gzip", "", False),
    ("initramfs-tools-core", "", False),
    ("live-build", "", False),
]


def shell_candidates(cat, src):
    cands = []
    for pkg, sub, all_files in SHELL_ROOTS:
        root = os.path.join(src, pkg, sub)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if "/usr/share/doc" in dirpath or "/usr/share/man" in dirpath:
                continue
            for fn in sorted(filenames):
                p = os.path.join(dirpath, fn)
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                if not all_files:
                    with open(p, "rb") as f:
                        if not SHELL_SHEBANG.match(f.readline()):
                            continue
                label = pkg + ":" + os.path.relpath(p, os.path.join(src, pkg))
                cands.append((order_key(cat, label), label, p))
    # Strata: the packages.
    return interleave(cands, lambda label: label.split(":")[0])


def c_candidates(cat, src):
    """All .c files of the glibc source tarball, read in one pass."""
    tars = []
    for dirpath, _, filenames in os.walk(os.path.join(src, "glibc-source")):
        tars += [os.path.join(dirpath, f) for f in filenames
                 if re.match(r"glibc-[0-9.]+\.tar\.xz$", f)]
    if len(tars) != 1:
        sys.exit(f"expected one glibc tarball, found {tars}")
    cands = []
    with tarfile.open(tars[0], "r:xz") as tf:
        for m in tf:
            if not m.isfile() or not m.name.endswith(".c"):
                continue
            if not (MIN_DOC <= m.size <= 4 * MAX_DOC):
                continue
            data = tf.extractfile(m).read()
            label = "glibc-source:" + m.name
            cands.append((order_key(cat, label), label, data))
    cands.sort()
    return cands


def read_code(item):
    if isinstance(item, bytes):
        raw = item
    else:
        with open(item, "rb") as f:
            raw = f.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def clean_code(text, kind):
    if "\x00" in text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "c":
        text = strip_c_licence(text)
    else:
        text = strip_hash_licence(text)
    text = normalise(text)
    if looks_like_data(text):
        return ""
    return text


# ---------------------------------------------------------------------------
# Selection and packing

def select(cat, cands, make_text, log):
    """Walk candidates in their fixed order, keep good ones up to TARGET_BYTES.

    Exact duplicate documents are dropped, and so are paragraphs that already
    appeared (>= 60 characters) in an earlier document of the category
    (boilerplate such as licence notices repeated on every page).
    """
    docs, seen_docs, seen_paras, total = [], set(), set(), 0
    rejected = {"empty/tiny/large": 0, "language": 0, "duplicate": 0}
    for _, label, item in cands:
        if total >= TARGET_BYTES:
            break
        text = make_text(item)
        if not text:
            rejected["empty/tiny/large"] += 1
            continue
        h = hashlib.sha256(text.encode()).digest()
        if h in seen_docs:
            rejected["duplicate"] += 1
            continue
        seen_docs.add(h)
        kept, new_paras = [], set()
        for para in paragraphs(text):
            key = para.strip()
            if len(key) >= 60:
                if key in seen_paras or key in new_paras:
                    continue
                new_paras.add(key)
            kept.append(para)
        text = normalise("\n\n".join(kept))
        if cat in TAIL_HEADINGS and not language_ok(text, cat):
            rejected["language"] += 1
            continue
        n = len(text.encode())
        if not (MIN_DOC <= n <= MAX_DOC):
            rejected["empty/tiny/large"] += 1
            continue
        seen_paras |= new_paras
        docs.append((label, text))
        total += n
    log(f"{cat}: {len(docs)} documents, {total} bytes; rejected {rejected}")
    if total < TARGET_BYTES:
        sys.exit(f"{cat}: only {total} bytes of usable text")
    return docs


def pack(docs):
    """Largest-first into the currently smallest file (ties: lowest index).

    Documents of any size end up spread evenly over even- and odd-numbered
    files, so the training half and the inference half are alike.  Within a
    file the documents keep their selection order.
    """
    order = {label: i for i, (label, _) in enumerate(docs)}
    bins = [[] for _ in range(N_FILES)]
    sizes = [0] * N_FILES
    for label, text in sorted(docs, key=lambda d: (-len(d[1].encode()), order[d[0]])):
        j = min(range(N_FILES), key=lambda k: (sizes[k], k))
        bins[j].append((label, text))
        sizes[j] += len(text.encode()) + 1
    return [sorted(b, key=lambda d: order[d[0]]) for b in bins]


def write_category(out, cat, bins):
    d = os.path.join(out, cat)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for i, b in enumerate(bins):
        text = "\n".join(t for _, t in b)  # each t ends in "\n": one blank line between
        with open(os.path.join(d, f"{i:03d}.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    log = lambda s: print(s, file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        def man_text(lang):
            return lambda p: clean_man(render_man(p, tmp), lang)

        plan = []
        en_roots = [(os.path.join(src, "manpages", "usr/share/man"), "manpages"),
                    (os.path.join(src, "manpages-dev", "usr/share/man"), "manpages-dev")]
        plan.append(("en", man_candidates("en", en_roots), man_text("en")))
        for cat, (pkg, sub) in MAN_LANGS.items():
            plan.append((cat, man_candidates(cat, [(os.path.join(src, pkg, sub), pkg)]),
                         man_text(cat)))
        code = lambda kind: (lambda item: (lambda t: clean_code(t, kind) if t else "")(read_code(item)))
        plan.append(("python", python_candidates("python", src), code("python")))
        plan.append(("c", c_candidates("c", src), code("c")))
        plan.append(("shell", shell_candidates("shell", src), code("shell")))

        for cat, cands, make_text in plan:
            docs = select(cat, cands, make_text, log)
            bins = pack(docs)
            write_category(out, cat, bins)
            if os.environ.get("BUILD_SAMPLES_VERBOSE"):
                for i, b in enumerate(bins):
                    for label, _ in b:
                        log(f"  {cat}/{i:03d}.txt <- {label}")
            sizes = [sum(len(t.encode()) + 1 for _, t in b) - 1 for b in bins]
            log(f"{cat}: files {min(sizes)}..{max(sizes)} bytes, total {sum(sizes)}")


if __name__ == "__main__":
    main()
