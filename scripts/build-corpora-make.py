#!/usr/bin/env python3
"""Build evaluation corpora OUT/<category>/NNN.txt from unpacked Debian packages.

Called by scripts/build-corpora, which downloads the .deb files and unpacks
each one into SRC/<package>/ (and writes SRC/<package>.version).  Usage:

    build-corpora-make.py SRC OUT MAX_BYTES_PER_CATEGORY [languages|domains|all]

The "languages" set (the default) is described here; the "domains" set
(English manual, literature, LaTeX, HTML, web text, code) lives in
build-corpora-domains.py.  BUILD_CORPORA_ONLY=cat1,cat2 builds only those
categories of the set (for development).

Natural languages come from LibreOffice's help (libreoffice-help-<lang>,
HTML stripped to text); languages that the 26 of LO_LANGS do not cover come
from more help packages, translated man pages and translation catalogues
(build-corpora-l10n.py).  Programming languages come from the source code
Debian ships in binary packages.  As in build-samples-make.py (whose helpers are
reused), candidate documents are visited in a fixed pseudo-random order
(sha256 of "<category>:<label>", round-robin over strata such as packages
or help modules), cleaned, checked, de-duplicated and packed into files of
about 64-256 KB; a document is never split.  Deterministic: no clock, no
random numbers, no locale dependence.  A JSON manifest goes to stdout and
to OUT/manifest.json.
"""

import gzip
import hashlib
import html
import importlib.util
import json
import multiprocessing
import os
import re
import sys
import zipfile
from html.parser import HTMLParser

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "build_samples_make", os.path.join(_here, "build-samples-make.py"))
bsm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bsm)

normalise = bsm.normalise
order_key = bsm.order_key
looks_like_data = bsm.looks_like_data

# label -> the source a document came from: the stratum it was interleaved in
# (a package, or a top directory or help module within one), prefixed with
# its package.  Written to OUT/documents.tsv for source-shift evaluation.
SOURCE = {}


def interleave(cands, stratum):
    for c in cands:
        pkg, key = c[1].split(":")[0], stratum(c[1])
        SOURCE[c[1]] = pkg if key == pkg else f"{pkg}/{key}"
    return bsm.interleave(cands, stratum)

_spec = importlib.util.spec_from_file_location(
    "build_corpora_domains", os.path.join(_here, "build-corpora-domains.py"))
dom = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dom)
dom.mk = sys.modules.get(__name__)   # this module (main() sets it again)

_spec = importlib.util.spec_from_file_location(
    "build_corpora_l10n", os.path.join(_here, "build-corpora-l10n.py"))
l10n = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(l10n)
l10n.mk = dom.mk

MIN_DOC = 1024          # bytes of a cleaned document
MAX_DOC = 64_000
MIN_HELP_DOC = 300
FILE_TARGET = 128_000   # aim of the packer; files end up ~64-256 KB
MIN_CATEGORY = 300_000  # a category with less usable text is left out

# ---------------------------------------------------------------------------
# Natural languages: LibreOffice help

# category: package suffix
LO_LANGS = {
    "en": "en-us", "ca": "ca", "cs": "cs", "da": "da", "de": "de", "el": "el",
    "es": "es", "et": "et", "eu": "eu", "fi": "fi", "fr": "fr", "gl": "gl",
    "hu": "hu", "id": "id", "it": "it", "ja": "ja",
    "ko": "ko", "nl": "nl", "pl": "pl", "pt": "pt-br", "ru": "ru",
    "sl": "sl", "sv": "sv", "tr": "tr", "vi": "vi", "zh": "zh-cn",
}

# Languages not written in Latin script: share of letters that must be in
# the script (untranslated English is dropped line by line before).
SCRIPTS = {
    "el": r"[\u0370-\u03ff\u1f00-\u1fff]",
    "ru": r"[\u0400-\u04ff]",
    "hi": r"[\u0900-\u097f]",
    "km": r"[\u1780-\u17ff\u19e0-\u19ff]",
    "ja": r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]",
    "zh": r"[\u3400-\u4dbf\u4e00-\u9fff]",
    "ko": r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]",
}
SCRIPTS = {k: re.compile(v) for k, v in SCRIPTS.items()}

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th",
              "div", "dt", "dd", "caption", "title", "br"}
SKIP_TAGS = {"script", "style", "pre", "code", "noscript", "head"}
VOID_TAGS = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col", "wbr"}


class HelpText(HTMLParser):
    """Text of the #DisplayArea of a LibreOffice help page: one line per
    block element; code samples and platform/module-specific variants other
    than the default one are skipped; headings start a new paragraph."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.on = False
        self.done = False
        self.stack = []        # (tag, skipping) of open elements
        self.skip = 0
        self.buf = []
        self.lines = []

    def flush(self, heading=False):
        dom.rd.flush_paragraph(self.buf, self.lines, heading)

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        a = dict(attrs)
        if not self.on:
            if a.get("id") == "DisplayArea":
                self.on = True
                self.stack = [(tag, False)]
            return
        if a.get("id") in ("SearchFrame", "DonationFrame") or tag == "footer":
            self.flush()
            self.done = True
            return
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in VOID_TAGS:
            return
        skipping = (tag in SKIP_TAGS
                    or ("hidden" in a and not (a.get("id") or "").startswith("default"))
                    or a.get("class") in ("bascode", "debug", "bug"))
        self.stack.append((tag, skipping))
        if skipping:
            self.skip += 1

    def handle_endtag(self, tag):
        if not self.on or self.done or tag in VOID_TAGS:
            return
        # Close up to the matching open element (HTML may omit end tags).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, sk in self.stack[i:]:
                    if sk:
                        self.skip -= 1
                del self.stack[i:]
                break
        else:
            return
        if tag in BLOCK_TAGS:
            self.flush(heading=tag in ("h1", "h2", "h3", "h4", "h5", "h6"))
        if not self.stack:
            self.done = True

    def handle_data(self, data):
        if self.on and not self.done and not self.skip:
            self.buf.append(data)


def help_text(path):
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8", errors="replace")
    p = HelpText()
    p.feed(raw)
    p.close()
    p.flush()
    return "\n".join(p.lines)


def lo_root(src, lang, suffix=None):
    suffix = suffix or LO_LANGS[lang]
    pkg = "libreoffice-help-" + suffix
    code = suffix.split("-")
    code = "-".join([code[0]] + [c.upper() for c in code[1:]])   # pt-br -> pt-BR
    return pkg, os.path.join(src, pkg, "usr/share/libreoffice/help", code)


def lo_candidates(cat, src, suffix=None):
    pkg, root = lo_root(src, cat, suffix)
    cands = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".html"):
                continue
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, root)
            if not rel.startswith("text/"):
                continue
            label = pkg + ":" + rel
            cands.append((order_key(cat, label), label, p))
    # Strata: the help modules (text/scalc, text/swriter, text/shared, ...).
    return interleave(cands, lambda label: label.split(":")[1].split("/")[1])


ENGLISH_LINES = set()   # every line of the English help, filled in main()


def english_lines(src):
    _, root = lo_root(src, "en")
    lines = set()
    for dirpath, _, filenames in os.walk(root):
        for fn in filenames:
            if fn.endswith(".html"):
                for ln in help_text(os.path.join(dirpath, fn)).split("\n"):
                    if ln:
                        lines.add(ln)
    return lines


def clean_help(path, lang, language_ok=None):
    text = help_text(path)
    if "\ufffd" in text:
        return ""
    lines = text.split("\n")
    if lang != "en":
        # Untranslated strings fall back to the English original: drop every
        # line that is exactly a line of the English help, and the page if
        # that was much of it.
        total = sum(len(ln) for ln in lines) or 1
        eng = sum(len(ln) for ln in lines if ln in ENGLISH_LINES)
        if eng / total > 0.5:
            return ""
        lines = [ln for ln in lines if ln not in ENGLISH_LINES]
    text = normalise("\n".join(lines))
    return text if (language_ok or help_language_ok)(text, lang) else ""


def help_language_ok(text, lang):
    nonspace = sum(1 for c in text if not c.isspace())
    letters = sum(1 for c in text if c.isalpha())
    if nonspace == 0 or letters / nonspace < 0.6:
        return False
    if lang in SCRIPTS:
        return len(SCRIPTS[lang].findall(text)) / letters >= 0.5
    return True


# ---------------------------------------------------------------------------
# Programming languages

LICENCE_WORDS = re.compile(r"copyright|licen[cs]e|free software|warranty|\(c\)|©|spdx|"
                           r"\bauthors?\s*:|\bmaintainers?\s*:", re.I)
GENERATED = re.compile(r"do not edit|code generated|automatically generated|"
                       r"auto-generated|autogenerated|generated by|generated from", re.I)

# Comment syntax per category: (line-comment prefixes, block comment pairs)
COMMENTS = {
    "c": (("//",), (("/*", "*/"),)),
    "python": (("#",), ()),
    "shell": (("#",), ()),
    "perl": (("#",), ()),
    "ruby": (("#",), (("=begin", "=end"),)),
    "tcl": (("#",), ()),
    "cmake": (("#",), (("#[[", "]]"),)),
    "lua": (("--",), (("--[[", "]]"),)),
    "haskell": (("--",), (("{-", "-}"),)),
    "tex": (("%",), ()),
    "elisp": ((";",), ()),
    "scheme": ((";",), (("#|", "|#"),)),
    "vim": (('"',), ()),
}
for _c in ("cpp", "go", "rust", "java", "javascript", "php"):
    COMMENTS[_c] = COMMENTS["c"]


HEAD_LINE = re.compile(r"#!|<\?php\s*$|declare\(|['\"]use strict['\"];?\s*$|"
                       r"#\s*(ifndef|define)\s+\w+\s*$|#\s*if\s+!\s*defined\s*\(?\s*\w+\s*\)?\s*$|"
                       r"#\s*pragma\s+once\s*$")


def strip_licence(text, cat):
    """Drop the copyright/licence notices at the top of a source file: the
    leading region of comments (after a #! line, <?php, 'use strict' ...)
    is cut into blocks (block comments; runs of line comments between blank
    lines), and every block that names a copyright or licence is dropped."""
    prefixes, pairs = COMMENTS[cat]
    lines = text.split("\n")
    head, block, i = [], [], 0

    def flush():
        if block and not LICENCE_WORDS.search("\n".join(block)):
            head.extend(block)
        block.clear()

    while i < len(lines):
        s = lines[i].strip()
        if not s or (i < 3 and HEAD_LINE.match(s)):
            flush()
            head.append(lines[i])
            i += 1
            continue
        pair = next(((a, b) for a, b in pairs if s.startswith(a)), None)
        if pair:
            a, b = pair
            j, rest = i, s[len(a):]
            while b not in rest and j + 1 < len(lines):
                j += 1
                rest += "\n" + lines[j]
            if b not in rest or rest.split(b, 1)[1].strip():
                break          # unterminated, or code after the comment
            flush()
            block.extend(lines[i:j + 1])
            flush()
            i = j + 1
            continue
        if any(s.startswith(p) for p in prefixes):
            block.append(lines[i])
            i += 1
            continue
        break
    flush()
    text = "\n".join(head + lines[i:])
    if cat == "perl":  # POD sections about authors, copyright and licence
        text = POD_BOILERPLATE.sub("", text)
    return text


POD_BOILERPLATE = re.compile(
    r"^=head\d\s+(COPYRIGHT|LICEN[CS]E|AUTHORS?|MAINTAINERS?)\b.*?(?=^=(head\d|cut)\b|\Z)",
    re.M | re.S | re.I)
# Output of compilers and bundlers (TypeScript, Babel, webpack).
JS_COMPILED = re.compile(r'exports, "__esModule"|\btslib_1\b|__webpack_require__|'
                         r'_interopRequireDefault|\bvar _this = _super')


def clean_code(raw, cat):
    if raw is None:
        return ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if "\x00" in text or "\ufffd" in text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if GENERATED.search(text[:1500]):
        return ""
    if cat == "javascript" and JS_COMPILED.search(text):
        return ""
    lines = text.split("\n")
    # Minified or machine-made: very long lines.
    if max(len(ln) for ln in lines) > 1000 or len(text) / max(len(lines), 1) > 100:
        return ""
    text = normalise(strip_licence(text, cat))
    if looks_like_data(text) or text.count("\n") < 10:
        return ""
    return text


class HaddockSource(HTMLParser):
    """Haskell source out of a haddock 'hyperlinked source' page: the text of
    its <pre> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "pre":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.buf.append(data)


def haddock_source(raw):
    p = HaddockSource()
    p.feed(raw.decode("utf-8", errors="replace"))
    p.close()
    return "".join(p.buf).encode("utf-8")


# Files: category -> [(package, directory inside it, file-name regex,
# path-exclusion regex or None)].  Strata are the packages, unless a
# category names a stratum function below.
CODE = {
    "python": [("libpython3.11-stdlib", "usr/lib/python3.11", r"\.py$", bsm.PY_EXCLUDE.pattern)],
    "cpp": [("libstdc++-12-dev", "usr/include/c++/12", r"(^[a-z_]+$|\.(h|hpp|tcc)$)", r"/bits/c\+\+config"),
            ("libboost1.74-dev", "usr/include/boost", r"\.(hpp|ipp)$", r"preprocessed|/typeof/|/vmd/")],
    "go": [("golang-1.19-src", "usr/share/go-1.19/src", r"\.go$", r"/testdata/|^cmd/vendor/|^vendor/")],
    "rust": [("rust-src", "usr/src/rustc-1.63.0", r"\.rs$", r"^src/test/|/tests?/|/vendor/")],
    "javascript": [(p, "usr", r"\.(js|mjs|cjs)$", r"\.min\.js$|/locales?/|/test/|/examples?/")
                   for p in ("libjs-pdf", "node-acorn", "node-uglify-js", "node-less",
                             "node-commander", "node-yargs", "node-d3", "libjs-chart.js",
                             "node-clean-css", "node-marked", "node-moment", "node-terser",
                             "libjs-jquery", "libjs-bootstrap4")]
                  + [("roundcube-core", "usr/share/roundcube", r"\.js$", r"\.min\.js$|/localization/")],
    "perl": [("perl-modules-5.36", "usr/share/perl/5.36", r"\.(pm|pl)$", r"/unicore/")],
    "ruby": [("libruby3.1", "usr/lib/ruby", r"\.rb$", None)],
    "php": [(p, "usr/share", r"\.(php|inc)$", r"/localization/|/tests?/|/Resources/")
            for p in ("roundcube-core", "php-twig", "php-league-commonmark", "php-doctrine-dbal",
                      "php-symfony-console", "composer", "php-phpseclib3", "phpunit",
                      "php-sabre-dav", "php-horde-imap-client")],
    "haskell": [(p, "usr/share/doc/" + p, r"\.html$", r"^(?!.*/src/)")
                for p in ("libghc-pandoc-doc", "libghc-lens-doc", "libghc-aeson-doc",
                          "libghc-hledger-lib-doc", "libghc-megaparsec-doc",
                          "libghc-conduit-doc", "libghc-xmonad-doc", "libghc-hakyll-doc")],
    "lua": [("nmap-common", "usr/share/nmap", r"\.(lua|nse)$", None),
            ("awesome", "usr/share/awesome", r"\.lua$", None),
            ("lua-penlight", "usr/share/lua", r"\.lua$", None)],
    "tex": [("texlive-latex-base", "usr/share/texlive/texmf-dist/tex", r"\.(sty|cls|def|clo|ldf)$", None),
            ("texlive-latex-recommended", "usr/share/texlive/texmf-dist/tex", r"\.(sty|cls|def|clo|ldf)$", None)],
    "elisp": [("emacs-el", "usr/share/emacs", r"\.el\.gz$", r"/leim/|/language/|-loaddefs|/obsolete/")],
    "vim": [("vim-runtime", "usr/share/vim", r"\.vim$", r"/lang/|/keymap/")],
    "cmake": [("cmake-data", "usr/share", r"\.cmake$", None)],
    "tcl": [("tcllib", "usr/share/tcltk", r"\.tcl$", r"/pkgIndex\.tcl$")],
    "scheme": [("guile-3.0-libs", "usr/share/guile", r"\.scm$", None)],
}

# Within one package, round-robin over its top directories instead.
STRATA_BY_DIR = {"go": 1, "rust": 1, "python": 1, "elisp": 3, "vim": 3, "java": 1}


def file_candidates(cat, src):
    cands = []
    for pkg, sub, name_re, excl in CODE[cat]:
        root = os.path.join(src, pkg, sub)
        if not os.path.isdir(root):
            sys.exit(f"{cat}: {root} is missing")
        name_re = re.compile(name_re)
        excl = re.compile(excl) if excl else None
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                p = os.path.join(dirpath, fn)
                rel = os.path.relpath(p, root)
                if not name_re.search(fn) or (excl and excl.search(rel)):
                    continue
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                label = f"{pkg}:{sub}/{rel}"
                cands.append((order_key(cat, label), label, p))
    if cat in STRATA_BY_DIR:
        depth = STRATA_BY_DIR[cat]

        def stratum(label):
            rel = label.split(":", 1)[1]
            parts = rel[len(CODE[cat][0][1]) + 1:].split("/")
            return "/".join(parts[:depth]) if len(parts) > depth else "."
        return interleave(cands, stratum)
    return interleave(cands, lambda label: label.split(":")[0])


def read_file(p):
    with open(p, "rb") as f:
        raw = f.read()
    if p.endswith(".gz"):
        raw = gzip.decompress(raw)
    if p.endswith(".html"):
        raw = haddock_source(raw)
    return raw


def java_candidates(cat, src):
    zips = []
    for dirpath, _, filenames in os.walk(os.path.join(src, "openjdk-17-source")):
        zips += [os.path.join(dirpath, f) for f in filenames if f == "src.zip"]
    if len(zips) != 1:
        sys.exit(f"expected one src.zip, found {zips}")
    cands = []
    with zipfile.ZipFile(zips[0]) as z:
        for info in z.infolist():
            if info.filename.endswith(".java") and MIN_DOC <= info.file_size <= 4 * MAX_DOC:
                label = "openjdk-17-source:src.zip/" + info.filename
                cands.append((order_key(cat, label), label, (zips[0], info.filename)))
    # Strata: the JDK modules (java.base, java.desktop, ...).
    return interleave(cands, lambda label: label.split("/")[1])


def glibc_candidates(cat, src):
    # build-samples-make.c_candidates reads the .c files of glibc's tarball;
    # headers and .c files are what we take (strata: glibc's top directories).
    return interleave(bsm.c_candidates(cat, src), lambda label: label.split("/")[1])


# ---------------------------------------------------------------------------
# Selection and packing

def select(cat, cands, make_text, max_bytes, min_doc=MIN_DOC, line_dedup=True):
    """Walk candidates in their fixed order and keep good documents until
    max_bytes.  Exact duplicate documents are dropped, and so are lines of
    >= 60 characters that already appeared in an earlier document of the
    category (boilerplate, notes repeated on many pages, copied code),
    unless line_dedup is false."""
    docs, seen_docs, seen_lines, total = [], set(), set(), 0
    rejected = {"empty/tiny/large": 0, "duplicate": 0}
    for _, label, item in cands:
        if total >= max_bytes:
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
        kept, new = [], set()
        for ln in text.split("\n"):
            key = ln.strip()
            if len(key) >= 60 and line_dedup:
                if key in seen_lines or key in new:
                    continue
                new.add(key)
            kept.append(ln)
        text = normalise("\n".join(kept))
        n = len(text.encode())
        if not (min_doc <= n <= MAX_DOC) or n > max_bytes - total + MAX_DOC // 4:
            rejected["empty/tiny/large"] += 1
            continue
        seen_lines |= new
        docs.append((label, text))
        total += n
    return docs, total, rejected


def pack(docs):
    """An even number of files of ~FILE_TARGET bytes; documents largest first
    into the currently smallest file, so even- and odd-indexed files (the two
    halves) are alike.  Within a file the documents keep selection order."""
    total = sum(len(t.encode()) + 1 for _, t in docs)
    n = max(2, 2 * round(total / FILE_TARGET / 2))
    order = {label: i for i, (label, _) in enumerate(docs)}
    bins, sizes = [[] for _ in range(n)], [0] * n
    for label, text in sorted(docs, key=lambda d: (-len(d[1].encode()), order[d[0]])):
        j = min(range(n), key=lambda k: (sizes[k], k))
        bins[j].append((label, text))
        sizes[j] += len(text.encode()) + 1
    return [sorted(b, key=lambda d: order[d[0]]) for b in bins]


def write_category(out, cat, bins):
    """Writes the files; returns their sizes and one row per document:
    (file, byte offset, bytes, source, label)."""
    d = os.path.join(out, cat)
    os.makedirs(d)
    sizes, rows = [], []
    for i, b in enumerate(bins):
        name, offset = f"{cat}/{i:03d}.txt", 0
        for label, t in b:
            n = len(t.encode("utf-8"))
            rows.append((name, offset, n, SOURCE.get(label, label.split(":")[0]), label))
            offset += n + 1
        text = "\n".join(t for _, t in b)
        data = text.encode("utf-8")
        with open(os.path.join(d, f"{i:03d}.txt"), "wb") as f:
            f.write(data)
        sizes.append(len(data))
    return sizes, rows


# ---------------------------------------------------------------------------
# Manifest helpers

def package_version(src, pkg):
    with open(os.path.join(src, pkg + ".version")) as f:
        return f.read().strip()


# Packages whose /usr/share/doc/<pkg> is a symlink into another package (so
# the copyright file is not in the .deb): the licence of the text we take, as
# that other package's copyright file states it.
LICENCE_KNOWN = {
    "libpython3.11-stdlib": "PSF-2.0 (copyright file of libpython3.11-minimal)",
    "libstdc++-12-dev": "GPL-3+ with GCC Runtime Library Exception 3.1 (copyright file of gcc-12-base)",
    "openjdk-17-source": "GPL-2 with Classpath exception (copyright file of openjdk-17-jdk)",
}


def package_licence(src, pkg):
    """The licences named in /usr/share/doc/<pkg>/copyright (DEP-5 'License:'
    fields, most frequent first), or those mentioned in a free-form file."""
    for known in (LICENCE_KNOWN, dom.LICENCE_KNOWN, l10n.LICENCE_KNOWN):
        if pkg in known:
            return known[pkg]
    path = os.path.join(src, pkg, "usr/share/doc", pkg, "copyright")
    if not os.path.isfile(path):
        return "see the package's copyright file"
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    names = re.findall(r"^License:[ \t]*(\S[^\n]*)", text, re.M)
    if names:
        counts = {}
        for n in names:
            counts[n.strip()] = counts.get(n.strip(), 0) + 1
        ranked = sorted(counts, key=lambda n: (-counts[n], n))
        return ", ".join(ranked[:5]) + (", ..." if len(ranked) > 5 else "")
    found = []
    for name, pat in (("GPL", r"\bGNU General Public License\b|\bGPL\b"),
                      ("LGPL", r"Lesser General Public|Library General Public|\bLGPL\b"),
                      ("BSD", r"\bBSD\b"), ("MIT/Expat", r"\bMIT\b|Expat"),
                      ("Apache-2.0", r"Apache License"), ("Artistic", r"Artistic"),
                      ("MPL-2.0", r"Mozilla Public License"),
                      ("LPPL", r"LaTeX Project Public License|\bLPPL\b"), ("PSF", r"Python Software Foundation")):
        if re.search(pat, text):
            found.append(name)
    return ", ".join(found) if found else "see the package's copyright file"


# ---------------------------------------------------------------------------

SRC = OUT = None
MAX_BYTES = 0


def plan(which="languages"):
    """(category, kind) for every category of the set: natural languages
    (LibreOffice help: "help"; the others of build-corpora-l10n: "l10n"),
    then programming languages ("languages"), then the domains."""
    natural = [(c, "help") for c in LO_LANGS]
    if which != "domains":
        natural += [(c, "l10n") for c in l10n.categories(SRC)]
    langs = sorted(natural) + \
        [(c, "code") for c in sorted(list(CODE) + ["c", "java", "shell"])]
    domains = [(c, "domain") for c in dom.CATEGORIES]
    return {"languages": langs, "domains": domains, "all": langs + domains}[which]


def code_job(cat):
    """(candidates, make_text, packages) of a programming language."""
    if cat == "c":
        cands = glibc_candidates(cat, SRC)
        make = lambda item: clean_code(item, "c")
        pkgs = ["glibc-source"]
    elif cat == "java":
        cands = java_candidates(cat, SRC)
        zf = {}

        def make(item):
            if item[0] not in zf:
                zf[item[0]] = zipfile.ZipFile(item[0])
            return clean_code(zf[item[0]].read(item[1]), "java")
        pkgs = ["openjdk-17-source"]
    elif cat == "shell":
        cands = bsm.shell_candidates(cat, SRC)
        make = lambda p: clean_code(read_file(p), "shell")
        pkgs = [p for p, _, _ in bsm.SHELL_ROOTS]
    else:
        cands = file_candidates(cat, SRC)
        make = lambda p: clean_code(read_file(p), cat)
        pkgs = [p for p, _, _, _ in CODE[cat]]
    return cands, make, pkgs


def build(job):
    cat, kind = job
    if kind == "help":
        cands = lo_candidates(cat, SRC)
        make = lambda p: clean_help(p, cat)
        pkgs = ["libreoffice-help-" + LO_LANGS[cat]]
    elif kind == "domain":
        cands, make, pkgs = dom.job(cat, SRC)
    elif kind == "l10n":
        cands, make, pkgs = l10n.job(cat, SRC)
    else:
        cands, make, pkgs = code_job(cat)
    # Help pages are often short (one dialog each): keep those of >= 300 bytes.
    docs, total, rejected = select(cat, cands, make, MAX_BYTES,
                                   MIN_HELP_DOC if kind in ("help", "l10n") else MIN_DOC,
                                   line_dedup=cat not in dom.KEEP_REPEATED_LINES or kind != "domain")
    if kind == "domain":
        dom.cleanup()
    if kind == "l10n":
        l10n.cleanup()
    log = f"{cat}: {len(cands)} candidates, {len(docs)} documents, {total} bytes; rejected {rejected}"
    if total < MIN_CATEGORY:
        return cat, None, log + " -- LEFT OUT (too little usable text)"
    bins = pack(docs)
    sizes, rows = write_category(OUT, cat, bins)
    used = {label.split(":")[0] for label, _ in docs}
    if os.environ.get("BUILD_CORPORA_VERBOSE"):
        for i, b in enumerate(bins):
            for label, _ in b:
                log += f"\n  {cat}/{i:03d}.txt <- {label}"
    entry = {
        "kind": {"help": "natural", "l10n": "natural", "code": "code", "domain": "domain"}[kind],
        "bytes": sum(sizes), "files": len(sizes), "documents": len(docs),
        "file_bytes": [min(sizes), max(sizes)],
        "sources": [{"package": p, "version": package_version(SRC, p),
                     "licence": package_licence(SRC, p),
                     "documents": sum(1 for label, _ in docs if label.split(":")[0] == p)}
                    for p in pkgs if p in used],
    }
    for s in entry["sources"]:
        if s["package"] in dom.PYPI:
            s["registry"] = "PyPI"
    return cat, (entry, rows), log + f"; files {min(sizes)}..{max(sizes)} bytes"


def main():
    global SRC, OUT, MAX_BYTES, ENGLISH_LINES
    dom.mk = l10n.mk = sys.modules[__name__]
    if len(sys.argv) not in (4, 5) or sys.argv[4:] not in ([], ["languages"], ["domains"], ["all"]):
        sys.exit(__doc__)
    SRC, OUT, MAX_BYTES = sys.argv[1], sys.argv[2], int(sys.argv[3])
    which = (sys.argv[4:] or ["languages"])[0]
    os.makedirs(OUT)
    jobs = plan(which)
    if any(kind in ("help", "l10n") for _, kind in jobs):
        ENGLISH_LINES = english_lines(SRC)   # inherited by the worker processes
    only = os.environ.get("BUILD_CORPORA_ONLY")
    if only:
        jobs = [j for j in jobs if j[0] in only.split(",")]
    # Longest jobs first keeps both cores busy to the end.
    slow = {"java": 0, "code": 0, "c": 1, "manual": 1, "en": 2}
    jobs.sort(key=lambda j: slow.get(j[0], 9))
    manifest, documents = {}, {}
    with multiprocessing.Pool(int(os.environ.get("BUILD_CORPORA_JOBS", os.cpu_count() or 1))) as pool:
        for cat, entry, log in pool.imap_unordered(build, jobs):
            print(log, file=sys.stderr, flush=True)
            if entry:
                manifest[cat], documents[cat] = entry
    order = [c for c, _ in plan(which) if c in manifest]
    result = {
        "max_bytes_per_category": MAX_BYTES,
        "total_bytes": sum(manifest[c]["bytes"] for c in order),
        "categories": {c: manifest[c] for c in order},
    }
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(text)
    write_documents(os.path.join(OUT, "documents.tsv"), [documents[c] for c in order])
    sys.stdout.write(text)


def write_documents(path, per_category):
    """OUT/documents.tsv: where each document lies and which source it came
    from (`mixinfer evaluate --shift` trains on some sources and infers from
    the others)."""
    clean = lambda v: str(v).replace("\t", " ").replace("\n", " ")
    with open(path, "w", encoding="utf-8") as f:
        f.write("file\toffset\tbytes\tsource\tlabel\n")
        for rows in per_category:
            for row in rows:
                f.write("\t".join(clean(v) for v in row) + "\n")


if __name__ == "__main__":
    main()
