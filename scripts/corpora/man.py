"""Man pages as text: rendering with groff, cleaning, and the check that a
page is written in its language.

The languages known from the start are those of Samples/categories (en, de,
fr, es, ru, pl, ja); add_language() adds others.
"""

import os
import re
import shutil
import subprocess
import tempfile

from .files import read_bytes, regular_files
from .text import interleave, normalise, order_key, paragraphs

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


def add_language(lang, stopwords, tail_heading):
    """Make a language known: its stop words (those that are English ones
    are left out) and the heading of the translator-credits section."""
    STOPWORDS[lang] = set(stopwords) - STOPWORDS["en"]
    TAIL_HEADINGS[lang] = (tail_heading,)


BOX_RE = re.compile(r"[\u2500-\u257f]+")
WORD_RE = re.compile(r"[^\W\d_]+")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]")
# A space that groff puts where a Japanese source line was joined to the next.
CJK_SPACE_RE = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]) "
    r"(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60])")

PRE_ROFF = ".ad l\n"  # left-adjust: no spaces added to justify lines
TMP = None   # per process: the folder of groff's prelude file


def render_man(path):
    """Render a (gzipped) man page to plain UTF-8 text with groff.

    -rLL=2000n gives one output line per paragraph (no re-wrapping),
    -rHY=0 turns hyphenation off, -P-cbou turns off SGR, bold, overstrike
    and underline, so the output carries no terminal markup.
    """
    raw = read_bytes(path)
    if re.match(rb"\s*\.so\s", raw):  # a redirect to another page
        return ""
    pre = prelude()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    res = subprocess.run(
        ["groff", "-k", "-t", "-Tutf8", "-man", "-rHY=0", "-rLL=2000n",
         "-P-cbou", pre, "-"],
        input=raw, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    if res.returncode != 0:
        return ""
    return res.stdout.decode("utf-8", errors="replace")


def prelude():
    """The path of groff's prelude file (written on first use)."""
    global TMP
    if TMP is None:
        TMP = tempfile.mkdtemp(prefix="build-corpora-man.")
        with open(os.path.join(TMP, "pre.roff"), "w") as f:
            f.write(PRE_ROFF)
    return os.path.join(TMP, "pre.roff")


def cleanup():
    """Remove the prelude file's folder."""
    global TMP
    if TMP:
        shutil.rmtree(TMP, ignore_errors=True)
        TMP = None


def clean_man(text, lang):
    """The text of a rendered page: no header, footer, translator credits,
    table rules or layout spaces; English paragraphs of a translated page
    dropped."""
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
    """(key, label, path) of every man page file (no symlinks) under the
    roots, given as (directory, label prefix); strata: the manual's
    sections (man1, man2, ...)."""
    cands = []
    for root, label_root in roots:
        for p in regular_files(root):
            if not re.search(r"\.[0-9][a-z]*(\.gz)?$", os.path.basename(p)):
                continue
            label = os.path.join(label_root, os.path.relpath(p, root))
            cands.append((order_key(cat, label), label, p))
    return interleave(cands, lambda label: re.search(r"/man(\d)", label).group(1))
