"""Natural languages from LibreOffice's help (libreoffice-help-<lang>):
the text of its HTML pages, untranslated English lines dropped."""

import os
import re
from html.parser import HTMLParser

from .corpus import SOURCE
from .readers import flush_paragraph
from .text import interleave, normalise, order_key

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
        flush_paragraph(self.buf, self.lines, heading)

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
    """The help package of a language and its folder of pages."""
    suffix = suffix or LO_LANGS[lang]
    pkg = "libreoffice-help-" + suffix
    code = suffix.split("-")
    code = "-".join([code[0]] + [c.upper() for c in code[1:]])   # pt-br -> pt-BR
    return pkg, os.path.join(src, pkg, "usr/share/libreoffice/help", code)


def lo_candidates(cat, src, suffix=None):
    """The pages under text/; strata: the help modules (text/scalc,
    text/swriter, text/shared, ...)."""
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
    return interleave(cands, lambda label: label.split(":")[1].split("/")[1], SOURCE)


ENGLISH_LINES = set()   # every line of the English help: learn_english()


def learn_english(src):
    """Read every line of the English help, which clean_help() drops from
    the other languages' pages (worker processes forked later inherit it)."""
    global ENGLISH_LINES
    _, root = lo_root(src, "en")
    lines = set()
    for dirpath, _, filenames in os.walk(root):
        for fn in filenames:
            if fn.endswith(".html"):
                for ln in help_text(os.path.join(dirpath, fn)).split("\n"):
                    if ln:
                        lines.add(ln)
    ENGLISH_LINES = lines


def clean_help(path, lang, language_ok=None):
    """The text of a help page in lang, or "" (language_ok: the check that
    it is written in lang, help_language_ok by default)."""
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
    """>= 60 % letters; in the languages of SCRIPTS >= 50 % of them in the
    language's script."""
    nonspace = sum(1 for c in text if not c.isspace())
    letters = sum(1 for c in text if c.isalpha())
    if nonspace == 0 or letters / nonspace < 0.6:
        return False
    if lang in SCRIPTS:
        return len(SCRIPTS[lang].findall(text)) / letters >= 0.5
    return True


def job(cat, src):
    """(candidates, make_text, packages) of a language of LO_LANGS."""
    return (lo_candidates(cat, src), lambda p: clean_help(p, cat),
            ["libreoffice-help-" + LO_LANGS[cat]])
