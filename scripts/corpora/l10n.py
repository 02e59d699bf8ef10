"""More natural languages for the "languages" set of scripts/build-corpora.

The 26 languages of libreoffice.LO_LANGS come from LibreOffice's help alone; this module
gives every other language that Debian 12 has enough translated text for,
from three kinds of source, in this order of preference:

  help        LibreOffice help packages not used there (libreoffice-help-dz,
              -hi, -km, -om, -pt, -zh-tw), same extraction and checks
  man         translated man pages (manpages-mk, -nb, -ro, -sr, -uk),
              rendered with groff as the domains set's `manual` is
  catalogues  the msgstr texts of gettext catalogues (.mo): LibreOffice's
              user interface (libreoffice-l10n-<lang>) and the catalogues of
              every language in CATALOGUE_PKGS (GNOME, GIMP, VLC, GnuCash,
              Audacity, FileZilla, Pidgin, ...)

A category's candidates are its help pages, then its man pages, then its
catalogue documents (each list in its own fixed order), so select() takes
all prose first and fills up with translation strings.  A catalogue
"document" is the messages of one package in one locale (the package's
catalogues of that locale in path order, messages in the file's order,
which is by English msgid), one message per line, cut at message
boundaries into parts of 1-16 KB (cut_parts); a message already seen in
the category (exact text) is left out, so is one that is the English
original (msgstr == msgid, or English words), and mnemonic markers
(`~`, `_`, `&` before a letter; `(_F)`) are removed.

job(cat, src) gives (candidates, make_text, packages) as the other
builders do.
"""

import os
import re
import unicodedata

from . import man
from .corpus import MIN_DOC, SOURCE
from .files import regular_files
from .libreoffice import LO_LANGS, clean_help, lo_candidates
from .readers import read_mo
from .text import interleave, normalise, order_key

# LibreOffice help beyond LO_LANGS: category: package suffix.  Not used:
# -sk (empty, points to the Czech help), -en-gb (English).
HELP = {"dz": "dz", "hi": "hi", "km": "km", "om": "om", "pt-pt": "pt", "zh-tw": "zh-tw"}

# Translated man pages (manpages-l10n): category: (stop words, heading of
# the translator-credits section that ends every page).  manpages-pt is
# empty; the other manpages-<lang> are languages of LO_LANGS.
MAN = {
    "mk": ("и во на се да не за со од што е ако или кои тоа може ги ја го", "ПРЕВОД"),
    "nb": ("og i er det som en på til av ikke at kan den eller fra å vil har blir skal dette de du om",
           "OVERSETTELSE"),
    "ro": ("și de în la cu nu este un o pentru sau care se din pe dacă sunt ca fi acest această prin al ale mai",
           "TRADUCERE"),
    "sr": ("и у на се да не за са од што је ако или које то може као", "ПРЕВОД"),
    "uk": ("і в на не що з до як для це або та у є за від якщо може бути які", "ПЕРЕКЛАД"),
}
for _lang, (_words, _tail) in MAN.items():
    man.add_language(_lang, _words.split(), _tail)

# libreoffice-l10n-<suffix> of the languages that are not in LO_LANGS
# (LibreOffice's user interface; -in and -za are empty transitional
# packages, -en-gb and -en-za English).
LO_L10N = ("af am ar as ast be bg bn br bs cy dz eo fa ga gd gu gug he hi hr is "
           "ka kk km kmr kn lt lv mk ml mn mr nb ne nn nr nso oc om or pa-in pt ro "
           "rw si sk sr ss st szl ta te tg th tn ts ug uk uz ve xh zh-tw zu").split()
# Packages with the catalogues of many languages.
CATALOGUE_PKGS = [
    "gnucash-common", "gimp-data", "vlc-l10n", "evolution-common", "audacity-data",
    "filezilla-common", "pidgin-data", "libgtk-3-common", "gnome-control-center-data",
    "nautilus-data", "shotwell-common", "gedit-common", "rhythmbox-data",
    "epiphany-browser-data", "libglib2.0-data", "gnome-terminal-data", "evince-common",
    "gnome-shell-common", "totem-common", "hexchat-common", "claws-mail-i18n", "gcc-12-locales",
]
# Catalogues that are lists of names, not sentences.
CATALOGUE_EXCLUDE = re.compile(r"timezones")

# Old locale names.
LOCALE_ALIASES = {"no": "nb", "iw": "he", "in": "id", "ji": "yi"}


def category_of(locale):
    """The category of a locale directory name (`ar`, `pt_BR`, `zh-TW`,
    `sr@latin`), or None: ISO 639 code, region dropped, except zh_TW ->
    zh-tw and pt/pt_PT -> pt-pt (pt is Brazilian, zh simplified Chinese);
    script or orthography variants (`@latin`, `@valencia`, `sr_Latn`),
    English and other Chinese variants are left out."""
    if "@" in locale:
        return None
    lang, _, region = locale.replace("-", "_").partition("_")
    lang = LOCALE_ALIASES.get(lang, lang)
    if lang == "en" or len(region) == 4:
        return None
    if lang == "zh":
        return "zh-tw" if region == "TW" else None
    if lang == "pt":
        return "pt-pt" if region in ("", "PT") else None
    return lang


# ---------------------------------------------------------------------------
# Scripts: a document's letters must be mostly in its language's script.

SCRIPT_RE = {k: re.compile(v) for k, v in {
    "latn": r"[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff]",
    "cyrl": r"[\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f]",
    "arab": r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]",
    "hebr": r"[\u0590-\u05ff\ufb1d-\ufb4f]",
    "deva": r"[\u0900-\u097f\ua8e0-\ua8ff]",
    "beng": r"[\u0980-\u09ff]",
    "guru": r"[\u0a00-\u0a7f]",
    "gujr": r"[\u0a80-\u0aff]",
    "orya": r"[\u0b00-\u0b7f]",
    "taml": r"[\u0b80-\u0bff]",
    "telu": r"[\u0c00-\u0c7f]",
    "knda": r"[\u0c80-\u0cff]",
    "mlym": r"[\u0d00-\u0d7f]",
    "sinh": r"[\u0d80-\u0dff]",
    "thai": r"[\u0e00-\u0e7f]",
    "laoo": r"[\u0e80-\u0eff]",
    "tibt": r"[\u0f00-\u0fff]",
    "mymr": r"[\u1000-\u109f\uaa60-\uaa7f]",
    "geor": r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]",
    "ethi": r"[\u1200-\u139f\u2d80-\u2ddf]",
    "khmr": r"[\u1780-\u17ff\u19e0-\u19ff]",
    "armn": r"[\u0530-\u058f]",
    "mtei": r"[\uabc0-\uabff]",
    "olck": r"[\u1c50-\u1c7f]",
    "tfng": r"[\u2d30-\u2d7f]",
    "hani": r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]",
}.items()}
SCRIPT_OF = {"latn": "", "cyrl": "uk be bg mk sr kk mn tg ky tt ba cv os ab sah",
             "arab": "ar fa ur ug ps ks sd ckb", "hebr": "he yi",
             "deva": "hi mr ne mai brx doi kok sa bho", "beng": "bn as", "guru": "pa",
             "gujr": "gu", "orya": "or", "taml": "ta", "telu": "te", "knda": "kn",
             "mlym": "ml", "sinh": "si", "thai": "th", "laoo": "lo", "tibt": "dz bo",
             "mymr": "my", "geor": "ka", "ethi": "am ti", "khmr": "km", "armn": "hy",
             "mtei": "mni", "olck": "sat", "hani": "zh-tw"}
LANG_SCRIPT = {lang: s for s, langs in SCRIPT_OF.items() for lang in langs.split()}


def script_of(cat):
    return LANG_SCRIPT.get(cat, "latn")


def language_ok(text, cat):
    """>= 60 % of the non-space characters are letters, >= 50 % of the
    letters are in the language's script.  Combining marks count as letters
    (the vowel signs of Indic, Khmer, Myanmar, Tibetan scripts are marks)."""
    nonspace = sum(1 for c in text if not c.isspace())
    letters = sum(1 for c in text if c.isalpha() or unicodedata.category(c)[0] == "M")
    if nonspace == 0 or letters / nonspace < 0.6:
        return False
    return len(SCRIPT_RE[script_of(cat)].findall(text)) / letters >= 0.5


# ---------------------------------------------------------------------------
# Categories

def catalogue_files(src):
    """{category: [(package, locale, path), ...]} of every catalogue of the
    catalogue packages unpacked in SRC, sorted by package and path."""
    out = {}
    pkgs = ["libreoffice-l10n-" + s for s in LO_L10N] + CATALOGUE_PKGS
    for pkg in sorted(pkgs):
        root = os.path.join(src, pkg)
        if not os.path.isdir(root):
            continue
        for p in regular_files(root):
            m = re.search(r"/(?:locale|resource)/([^/]+)/LC_MESSAGES$", os.path.dirname(p))
            fn = os.path.basename(p)
            if not (m and fn.endswith(".mo")) or CATALOGUE_EXCLUDE.search(fn):
                continue
            cat = category_of(m.group(1))
            if cat and cat not in LO_LANGS:
                out.setdefault(cat, []).append((pkg, m.group(1), p))
    return out


CATALOGUES = None   # catalogue_files(SRC), per process


def catalogues(src):
    global CATALOGUES
    if CATALOGUES is None:
        CATALOGUES = catalogue_files(src)
    return CATALOGUES


def categories(src):
    """The categories this module builds from what is unpacked in SRC."""
    cats = set(catalogues(src))
    cats |= {c for c, s in HELP.items() if os.path.isdir(os.path.join(src, "libreoffice-help-" + s))}
    cats |= {c for c in MAN if os.path.isdir(os.path.join(src, "manpages-" + c))}
    return sorted(cats)


# ---------------------------------------------------------------------------
# Help pages and man pages

def help_candidates(cat, src):
    suffix = HELP.get(cat)
    if not suffix or not os.path.isdir(os.path.join(src, "libreoffice-help-" + suffix)):
        return [], []
    return lo_candidates(cat, src, suffix), ["libreoffice-help-" + suffix]


def help_text(p, cat):
    return clean_help(p, cat, lambda text, lang: language_ok(text, cat))


def man_candidates(cat, src):
    pkg = "manpages-" + cat
    if cat not in MAN or not os.path.isdir(os.path.join(src, pkg)):
        return [], []
    root = os.path.join(src, pkg, "usr/share/man", cat)
    return man.man_candidates(cat, [(root, f"{pkg}:usr/share/man/{cat}")]), [pkg]


def man_text(p, cat):
    text = man.clean_man(man.render_man(p), cat)
    if not text or len(text.encode()) < MIN_DOC:
        return ""
    return text if man.language_ok(text, cat) and language_ok(text, cat) else ""


# ---------------------------------------------------------------------------
# Catalogues

MNEMONIC_PAREN = re.compile(r"\s?\([_~&][A-Za-z0-9]\)")
MNEMONIC = re.compile(r"(?<![A-Za-z0-9_~&])[_~](?=[^\W\d_])|(?<![\w&])&(?=[^\W\d_])(?![a-zA-Z]+;)")
WORD_RE = re.compile(r"[^\W\d_]+")
EN_MARK = set("the and that with which from when have this will your you would should "
              "there been these into".split())


def english(s):
    """An untranslated (English) message: >= 4 words, of which at least
    two and >= 15 % are common English words found in no other language."""
    words = [w.lower() for w in WORD_RE.findall(s)]
    if len(words) < 4:
        return False
    k = sum(w in EN_MARK for w in words)
    return k >= 2 and k >= 0.15 * len(words)


def clean_message(msgid, msgstr):
    s = MNEMONIC.sub("", MNEMONIC_PAREN.sub("", msgstr)).strip()
    if not s or "\ufffd" in s or s == msgid.strip() or s == MNEMONIC.sub("", msgid).strip():
        return ""
    if not any(c.isalpha() for c in s) or english(s):
        return ""
    return s


# Sizes (KB) of the parts a catalogue document is cut into, in turn: equal
# parts would leave the packer nothing to even out its files with.
PART_SIZES = (16, 11, 7, 14, 4, 9, 1.2, 13, 6, 15, 2, 8, 12, 5, 10, 3)


def cut_parts(msgs, min_part=1_100):
    """Consecutive runs of messages, of 16, 11, 7, ... KB (PART_SIZES in
    turn); the rest is the last part (joined to the one before if it is
    under min_part)."""
    parts, cur, size = [], [], 0
    for m in msgs:
        cur.append(m)
        size += len(m.encode()) + 1
        if size >= 1000 * PART_SIZES[len(parts) % len(PART_SIZES)]:
            parts.append(cur)
            cur, size = [], 0
    if cur:
        if size < min_part and parts:
            parts[-1] += cur
        else:
            parts.append(cur)
    return parts


def catalogue_docs(cat, src):
    """(label, text) of the catalogue documents of a category."""
    seen, groups = set(), {}
    for pkg, locale, p in catalogues(src).get(cat, []):
        msgs = groups.setdefault((pkg, locale), [])
        for _, msgid, msgstrs in read_mo(p):
            for msgstr in msgstrs:
                s = clean_message(msgid, msgstr)
                if s and s not in seen:
                    seen.add(s)
                    msgs.append(s)
    docs = []
    for (pkg, locale), msgs in sorted(groups.items()):
        parts = cut_parts(msgs)
        root = "usr/lib/libreoffice/program/resource" if pkg.startswith("libreoffice-") else "usr/share/locale"
        for i, part in enumerate(parts):
            docs.append((f"{pkg}:{root}/{locale}#{i:02d}", "\n".join(part)))
    return docs


def catalogue_text(text, cat):
    text = normalise(text)
    if len(text.encode()) < MIN_DOC:
        return ""
    return text if language_ok(text, cat) else ""


# ---------------------------------------------------------------------------

def job(cat, src):
    helps, help_pkgs = help_candidates(cat, src)
    mans, man_pkgs = man_candidates(cat, src)
    docs = catalogue_docs(cat, src)
    cats = interleave([(order_key(cat, label), label, text) for label, text in docs],
                      lambda label: label.split(":")[0], SOURCE)
    cands = ([(k, label, ("help", p)) for k, label, p in helps]
             + [(k, label, ("man", p)) for k, label, p in mans]
             + [(k, label, ("catalogue", t)) for k, label, t in cats])
    makers = {"help": help_text, "man": man_text, "catalogue": catalogue_text}
    pkgs = help_pkgs + man_pkgs + sorted({label.split(":")[0] for label, _ in docs},
                                         key=lambda p: (not p.startswith("libreoffice-"), p))
    return cands, lambda item: makers[item[0]](item[1], cat), pkgs
