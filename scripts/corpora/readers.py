"""Readers and cleaners for the corpus builder (the domains set, the help
pages and the translation catalogues of the languages set).

Used by domains.py, libreoffice.py and l10n.py.  Pure functions of their
input: no clock, no randomness, no locale dependence.

- RData: the few parts of R's serialization format that an R package's
  lazy-load data base (data/Rdata.rdb + .rdx) needs, to read the texts of
  r-cran-janeaustenr without R.
- dictd: the text of a dictd database (.dict.dz is gzip-compatible).
- PageFilter: the main content of an HTML page, either as HTML (markup kept,
  navigation/scripts/boilerplate elements removed) or as its visible text.
- LaTeX: comments removed; the share of prose in a source file.
- split_work: a long literary work cut into sections (chapters, acts, books).
- read_mo: the messages of a compiled gettext catalogue (.mo).
"""

import bz2
import gzip
import lzma
import re
import struct
import zlib
from html import unescape
from html.parser import HTMLParser

# ---------------------------------------------------------------------------
# R serialization (XDR, versions 2 and 3)


class RData:
    """Minimal reader: NULL, symbols, pairlists, character/logical/integer/
    double vectors and lists; a list with a "names" attribute becomes a dict."""

    def __init__(self, data):
        self.d, self.i, self.refs = data, 0, []

    def int(self):
        v = struct.unpack_from(">i", self.d, self.i)[0]
        self.i += 4
        return v

    def read(self):
        if self.d[:2] != b"X\n":
            raise ValueError("not R XDR serialization")
        self.i = 2
        version = self.int()
        self.int()   # R version that wrote it
        self.int()   # minimal R version to read it
        if version == 3:
            self.i += 4 + self.int()   # native encoding name
        return self.item()

    def item(self):
        flags = self.int()
        t = flags & 0xFF
        has_attr, has_tag = flags & (1 << 9), flags & (1 << 10)
        if t in (254, 242, 251, 253):        # NULL, empty/global env, missing arg
            return None
        if t == 255:                         # reference to an earlier symbol
            return self.refs[(flags >> 8) - 1 if flags >> 8 else self.int() - 1]
        if t == 1:                           # SYMSXP
            s = self.item()
            self.refs.append(s)
            return s
        if t == 9:                           # CHARSXP
            n = self.int()
            if n == -1:
                return None
            s = self.d[self.i:self.i + n].decode("utf-8", errors="replace")
            self.i += n
            return s
        if t in (2, 6):                      # pairlist
            out = []
            while t in (2, 6):
                if has_attr:
                    self.item()
                tag = self.item() if has_tag else None
                out.append((tag, self.item()))
                flags = self.int()
                t = flags & 0xFF
                has_attr, has_tag = flags & (1 << 9), flags & (1 << 10)
            if t != 254:
                raise ValueError("bad pairlist")
            return dict(out) if all(k is not None for k, _ in out) else out
        if t in (16, 19, 20):                # character vector, list
            v = [self.item() for _ in range(self.int())]
        elif t in (10, 13):                  # logical, integer
            n = self.int()
            v = list(struct.unpack_from(f">{n}i", self.d, self.i))
            self.i += 4 * n
        elif t == 14:                        # double
            n = self.int()
            v = list(struct.unpack_from(f">{n}d", self.d, self.i))
            self.i += 8 * n
        else:
            raise ValueError(f"R type {t} is not supported")
        attr = self.item() if has_attr else None
        if t == 19 and isinstance(attr, dict) and attr.get("names"):
            return dict(zip(attr["names"], v))
        return v


def r_lazyload(rdb, rdx):
    """{name: object} of an R lazy-load data base (data/Rdata.rdb/.rdx)."""
    with open(rdx, "rb") as f:
        index = RData(gzip.decompress(f.read())).read()
    with open(rdb, "rb") as f:
        data = f.read()
    out = {}
    for name, (off, n) in sorted(index["variables"].items()):
        blob = data[int(off):int(off) + int(n)]
        kind = blob[4:5]
        if kind == b"Z":
            raw = lzma.decompress(blob[5:])
        elif kind == b"2":
            raw = bz2.decompress(blob[5:])
        elif kind == b"0":
            raw = blob[5:]
        else:
            raw = zlib.decompress(blob[4:])
        out[name] = RData(raw).read()
    return out


# ---------------------------------------------------------------------------
# dictd

def dictd_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    return gzip.decompress(raw).decode("utf-8") if path.endswith(".dz") else raw.decode("utf-8")


# ---------------------------------------------------------------------------
# HTML

DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "form",
             "button", "iframe", "svg", "select", "textarea", "head", "title"}
VOID_TAGS = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col",
             "wbr", "source", "param", "embed", "track"}
# Class names, ids and roles of navigation, sidebars, headers/footers,
# permalinks and tables of contents (Sphinx, DocBook XSL, SQLite's site).
DROP_CLASSES = {"navheader", "navfooter", "sphinxsidebar", "sphinxsidebarwrapper",
                "related", "footer", "header", "breadcrumbs", "toc", "headerlink",
                "nosearch", "navigation", "menu", "search", "sidebar", "clearer",
                "menubar", "submenu", "mobile-nav", "wy-nav-side", "rst-versions",
                "fixedsidebar", "tabs", "copyright", "legalnotice"}
DROP_ROLES = {"navigation", "search", "banner", "contentinfo"}
DROP_IDS = {"header", "footer", "nav", "navigation", "sidebar", "search", "toc",
            "menu", "searchbox", "toc_header"}
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div",
              "dt", "dd", "caption", "br", "pre", "blockquote", "table", "tr",
              "section", "article", "ul", "ol", "dl", "hr", "figcaption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def flush_paragraph(buf, lines, heading=False):
    """Append the text gathered in buf (whitespace collapsed) to lines as one line, a blank line before a
    heading; empty buf."""
    s = re.sub(r"\s+", " ", "".join(buf)).strip()
    buf.clear()
    if s:
        if heading and lines:
            lines.append("")
        lines.append(s)


def _dropped(tag, attrs):
    if tag in DROP_TAGS:
        return True
    a = dict(attrs)
    classes = set((a.get("class") or "").split())
    return bool(classes & DROP_CLASSES or (a.get("role") or "") in DROP_ROLES
                or (a.get("id") or "") in DROP_IDS)


class PageFilter(HTMLParser):
    """The <body> of a page without the elements _dropped() names and
    without comments.  mode "html": the remaining markup as written (tags,
    entities, whitespace; end tags in lower case); mode "text": its visible
    text, one line per block element, <pre> kept verbatim, other whitespace
    collapsed."""

    def __init__(self, mode):
        super().__init__(convert_charrefs=False)
        self.mode = mode
        self.body = False
        self.stack = []          # (tag, dropping, counted in pre) of open elements
        self.skip = 0
        self.pre = 0
        self.out = []            # html mode
        self.lines, self.buf = [], []   # text mode

    # text mode helpers
    def flush(self, heading=False):
        if not self.pre:
            flush_paragraph(self.buf, self.lines, heading)

    def emit(self, raw, text=None):
        if not self.body or self.skip:
            return
        if self.mode == "html":
            self.out.append(raw)
        elif text is not None:
            self.buf.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.body = True
            return
        if not self.body:
            return
        if self.mode == "text" and not self.skip and tag in BLOCK_TAGS:
            self.flush()
        if tag in VOID_TAGS:
            self.emit(self.get_starttag_text(), "\n" if tag == "br" and self.pre else None)
            return
        dropping = _dropped(tag, attrs)
        if not dropping:
            self.emit(self.get_starttag_text())
        counted_pre = tag == "pre" and not dropping and not self.skip
        self.stack.append((tag, dropping, counted_pre))
        self.skip += dropping
        self.pre += counted_pre

    def handle_startendtag(self, tag, attrs):
        if self.body and not _dropped(tag, attrs):
            self.emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "body":
            if self.mode == "text":
                self.flush()
            self.body = False
            return
        if not self.body or tag in VOID_TAGS:
            return
        # Close up to the matching open element (HTML may omit end tags).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                break
        else:
            return                      # a stray end tag
        visible = not any(d for _, d, _ in self.stack[:i + 1])
        closing = self.stack[i:]
        del self.stack[i:]
        self.skip -= sum(d for _, d, _ in closing)
        if visible and self.mode == "text" and tag == "pre":
            self.lines.append("".join(self.buf).strip("\n"))
            self.buf = []
        self.pre -= sum(p for _, _, p in closing)
        if not visible:
            return
        if self.mode == "html":
            self.out.append(f"</{tag}>")
        elif tag in BLOCK_TAGS:
            self.flush(heading=tag in HEADINGS)

    def handle_data(self, data):
        self.emit(data, data)

    def handle_entityref(self, name):
        self.emit(f"&{name};", unescape(f"&{name};"))

    def handle_charref(self, name):
        self.emit(f"&#{name};", unescape(f"&#{name};"))

    def result(self):
        if self.mode == "html":
            return "".join(self.out)
        self.flush()
        return "\n".join(self.lines)


# A footer that SQLite's pages carry inside their content.
PAGE_FOOTER = {"html": re.compile(r'<p align="center"><small><i>This page last modified on .*?</p>', re.S),
               "text": re.compile(r"^This page last modified on .*$", re.M)}


def page_content(raw, mode):
    p = PageFilter(mode)
    p.feed(raw)
    p.close()
    return PAGE_FOOTER[mode].sub("", p.result())


# ---------------------------------------------------------------------------
# LaTeX

LATEX_COMMENT = re.compile(r"(?<!\\)%.*")
LATEX_COMMAND = re.compile(r"\\([A-Za-z@]+\*?|.)")


VERBATIM = re.compile(r"\\(begin|end)\{(verbatim|Verbatim|BVerbatim|LVerbatim|lstlisting|minted|"
                      r"filecontents|alltt|comment|tcblisting|tcbverbatimwrite|example|sourcecode)"
                      r"\*?\}")


def strip_latex_comments(text):
    """Drop comment lines and trailing comments (a `%` that ends a line
    right after text stays: it is part of the markup).  Inside verbatim-like
    environments `%` is text and nothing is dropped."""
    out, verbatim = [], 0
    for ln in text.split("\n"):
        for m in VERBATIM.finditer(ln):
            verbatim = max(0, verbatim + (1 if m.group(1) == "begin" else -1))
        m = None if verbatim or VERBATIM.search(ln) else LATEX_COMMENT.search(ln)
        if m is None:
            out.append(ln)
            continue
        head = ln[:m.start()]
        if not head.strip():
            continue                    # a comment line
        out.append(head + "%" if not head[-1].isspace() else head.rstrip())
    return "\n".join(out)


def latex_prose(text):
    """The words of a LaTeX source outside command names, math and braces."""
    t = re.sub(r"\$\$?[^$]*\$\$?", " ", text)
    t = LATEX_COMMAND.sub(" ", t)
    return re.findall(r"[^\W\d_]+", t)


# ---------------------------------------------------------------------------
# Literature

SECTION = re.compile(r"^\s*(ACT|Act|BOOK|Book|CHAPTER|Chapter)\s+([IVXLC]+|\d+)\b[.:]?.{0,30}$")


def split_work(text, part_max=48_000, min_section=2_000):
    """Cut a work at its section headings (chapters, acts, books); sections
    under min_section bytes (front matter, a volume title) join the next one,
    and one over part_max is cut at paragraph breaks into near-equal parts."""
    lines = text.split("\n")
    starts = [0] + [i for i, ln in enumerate(lines) if i > 0 and SECTION.match(ln)]
    sections = ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]
    merged, acc = [], ""
    for s in sections:
        acc = acc + "\n" + s if acc else s
        if len(acc.encode()) >= min_section:
            merged.append(acc)
            acc = ""
    if acc.strip():
        if merged:
            merged[-1] += "\n" + acc
        else:
            merged.append(acc)
    parts = []
    for s in merged:
        n = len(s.encode())
        if n <= part_max:
            parts.append(s)
            continue
        k = -(-n // part_max)
        target = n / k
        cur, size = [], 0
        # Units: paragraphs, or the lines of a paragraph too long to be one.
        units = []
        for p in re.split(r"(?<=\n)(?=[ \t]*\n)", s):
            units += p.splitlines(keepends=True) if len(p.encode()) > target / 4 else [p]
        for u in units:
            cur.append(u)
            size += len(u.encode())
            if size >= target:
                parts.append("".join(cur))
                cur, size = [], 0
        if cur:
            if size < target / 2 and parts:
                parts[-1] += "".join(cur)
            else:
                parts.append("".join(cur))
    return [p for p in parts if p.strip()]


# ---------------------------------------------------------------------------
# gettext catalogues

MO_MAGIC = 0x950412de


def read_mo(path):
    """(msgctxt, msgid, [msgstr, ...]) of every message of a .mo file, in the
    file's order (sorted by msgid); the header entry (empty msgid) is left
    out.  Plural forms give one msgstr each.  Text is decoded with the
    catalogue's charset (UTF-8 if the header names none)."""
    with open(path, "rb") as f:
        d = f.read()
    if len(d) < 20:
        raise ValueError(f"{path}: not a .mo file")
    for e in "<>":
        if struct.unpack(e + "I", d[:4])[0] == MO_MAGIC:
            break
    else:
        raise ValueError(f"{path}: not a .mo file")
    _, n, o_ids, o_strs = struct.unpack(e + "4I", d[4:20])
    raw = []
    for i in range(n):
        l1, a1 = struct.unpack_from(e + "2I", d, o_ids + 8 * i)
        l2, a2 = struct.unpack_from(e + "2I", d, o_strs + 8 * i)
        raw.append((d[a1:a1 + l1], d[a2:a2 + l2]))
    charset = "utf-8"
    for mid, mstr in raw:
        if mid == b"":
            m = re.search(rb"charset=([-\w]+)", mstr)
            if m and m.group(1).lower() not in (b"charset", b"utf-8", b"utf8"):
                charset = m.group(1).decode("ascii")
    out = []
    for mid, mstr in raw:
        if mid == b"":
            continue
        ctx, _, mid = mid.rpartition(b"\x04")
        dec = lambda b: b.decode(charset, errors="replace")
        out.append((dec(ctx), dec(mid.split(b"\x00")[0]), [dec(s) for s in mstr.split(b"\x00")]))
    return out
