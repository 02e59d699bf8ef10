"""Where the programming languages' source code comes from: the files of
Debian 12 binary packages that are each language's candidates, and how
they are read.

Candidates are (key, label, item).  The functions shared with the Samples
builder (c_candidates, shell_candidates) record no sources.
"""

import os
import re
import sys
import tarfile
import zipfile
from html.parser import HTMLParser

from .code_text import clean_code
from .corpus import MAX_DOC, MIN_DOC, SOURCE
from .files import read_bytes, regular_files
from .text import interleave, order_key

PY_EXCLUDE = re.compile(
    r"(^|/)(encodings|pydoc_data|site-packages|dist-packages|config-3[^/]*|"
    r"__phello__|lib-dynload)/|(^|/)_sysconfigdata|(^|/)(keyword|token|"
    r"stringprep)\.py$")

# Files: category -> [(package, directory inside it, file-name regex,
# path-exclusion regex or None)].  Strata are the packages, unless a
# category names a stratum function below.
CODE = {
    "python": [("libpython3.11-stdlib", "usr/lib/python3.11", r"\.py$", PY_EXCLUDE.pattern)],
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
# The languages with candidates of their own kind (below).
OTHER = ["c", "java", "shell"]

# Within one package, round-robin over its top directories instead.
STRATA_BY_DIR = {"go": 1, "rust": 1, "python": 1, "elisp": 3, "vim": 3, "java": 1}


def file_candidates(cat, src):
    """The files CODE names for a category."""
    cands = []
    for pkg, sub, name_re, excl in CODE[cat]:
        root = os.path.join(src, pkg, sub)
        if not os.path.isdir(root):
            sys.exit(f"{cat}: {root} is missing")
        name_re = re.compile(name_re)
        excl = re.compile(excl) if excl else None
        for p in regular_files(root):
            rel = os.path.relpath(p, root)
            if not name_re.search(os.path.basename(p)) or (excl and excl.search(rel)):
                continue
            label = f"{pkg}:{sub}/{rel}"
            cands.append((order_key(cat, label), label, p))
    if cat in STRATA_BY_DIR:
        depth = STRATA_BY_DIR[cat]

        def stratum(label):
            rel = label.split(":", 1)[1]
            parts = rel[len(CODE[cat][0][1]) + 1:].split("/")
            return "/".join(parts[:depth]) if len(parts) > depth else "."
        return interleave(cands, stratum, SOURCE)
    return interleave(cands, lambda label: label.split(":")[0], SOURCE)


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


def read_source(p):
    """The source code bytes of a candidate file (out of haddock's HTML)."""
    raw = read_bytes(p)
    return haddock_source(raw) if p.endswith(".html") else raw


def java_candidates(cat, src):
    """The .java files of the JDK's src.zip of MIN_DOC..4 * MAX_DOC bytes."""
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
    return interleave(cands, lambda label: label.split("/")[1], SOURCE)


def c_candidates(cat, src, min_size, max_size):
    """(key, label, bytes) of the .c files of glibc's source tarball of
    min_size..max_size bytes, read in one pass, in key order."""
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
            if not (min_size <= m.size <= max_size):
                continue
            data = tf.extractfile(m).read()
            label = "glibc-source:" + m.name
            cands.append((order_key(cat, label), label, data))
    cands.sort()
    return cands


SHELL_SHEBANG = re.compile(rb"#!\s*/(usr/)?bin/(env\s+)?(sh|bash|dash)\b")

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
    """The shell scripts of SHELL_ROOTS (not documentation); strata: the
    packages."""
    cands = []
    for pkg, sub, all_files in SHELL_ROOTS:
        for p in regular_files(os.path.join(src, pkg, sub)):
            d = os.path.dirname(p)
            if "/usr/share/doc" in d or "/usr/share/man" in d:
                continue
            if not all_files:
                with open(p, "rb") as f:
                    if not SHELL_SHEBANG.match(f.readline()):
                        continue
            label = pkg + ":" + os.path.relpath(p, os.path.join(src, pkg))
            cands.append((order_key(cat, label), label, p))
    return interleave(cands, lambda label: label.split(":")[0])


def code_job(cat, src):
    """(candidates, make_text, packages) of a programming language."""
    if cat == "c":
        # glibc's top directories are the strata.
        cands = interleave(c_candidates(cat, src, MIN_DOC, MAX_DOC),
                           lambda label: label.split("/")[1], SOURCE)
        return cands, lambda item: clean_code(item, "c"), ["glibc-source"]
    if cat == "java":
        zf = {}

        def make(item):
            if item[0] not in zf:
                zf[item[0]] = zipfile.ZipFile(item[0])
            return clean_code(zf[item[0]].read(item[1]), "java")
        return java_candidates(cat, src), make, ["openjdk-17-source"]
    if cat == "shell":
        return (shell_candidates(cat, src), lambda p: clean_code(read_source(p), "shell"),
                [p for p, _, _ in SHELL_ROOTS])
    return (file_candidates(cat, src), lambda p: clean_code(read_source(p), cat),
            [p for p, _, _, _ in CODE[cat]])
