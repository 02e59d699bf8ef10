"""The `wiki` domain: English Wikipedia articles as readers see them.

The source is the Wikipedia dump excerpt that gensim ships as test data
(PyPI: gensim, the wheel pinned in scripts/build-corpora): 206 pages of the
English Wikipedia's first articles file (Anarchism, Autism, Albedo, ...), in
MediaWiki XML with wiki markup.  Each article becomes one document: its
title, then its text with the markup removed (templates, tables, references,
comments, file and category links, bold and italic quotes, HTML tags);
links keep the words shown, headings become lines of their own, list
markers go.  Redirects and articles of under 2,000 characters of text are
left out; an article of over 48,000 bytes is cut at line breaks into
near-equal parts, each a document.

The paper's English (Hayase et al. 2024) is web text, books, academic text
and Wikipedia; the other domains have no encyclopaedic prose, so the
English of current affairs, places and people (names, years, institutions)
had no category, and tokenizers trained on web text borrowed it from
languages whose samples happen to contain such words.
"""

import bz2
import html
import os
import re

DUMP = "gensim/test/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
WIKI_PKGS = ["gensim"]
MIN_ARTICLE = 2000
PART_MAX = 48_000

PAGE = re.compile(r"<page>.*?<title>(.*?)</title>.*?<text[^>]*>(.*?)</text>", re.S)
LINK_NAMESPACE = re.compile(r"\[\[(?:File|Image|Category|[a-z][a-z-]{1,11}):[^\[\]]*(?:\[\[[^\]]*\]\][^\[\]]*)*\]\]")


def drop_nested(text, opening, closing):
    """`text` without the (possibly nested) spans from `opening` to `closing`."""
    out, depth, i = [], 0, 0
    while i < len(text):
        if text.startswith(opening, i):
            depth, i = depth + 1, i + len(opening)
        elif depth and text.startswith(closing, i):
            depth, i = depth - 1, i + len(closing)
        else:
            if not depth:
                out.append(text[i])
            i += 1
    return "".join(out)


def plain_text(wikitext):
    """The text a reader sees of an article's wiki markup, one paragraph,
    heading or list item per line."""
    t = html.unescape(wikitext)
    t = re.sub(r"<!--.*?-->", "", t, flags=re.S)
    t = re.sub(r"<ref[^>]*/>", "", t)
    t = re.sub(r"<ref.*?</ref>", "", t, flags=re.S)
    t = drop_nested(drop_nested(t, "{{", "}}"), "{|", "|}")
    t = LINK_NAMESPACE.sub("", t)
    t = re.sub(r"\[\[([^\]|]*)\|([^\]]*)\]\]", r"\2", t)
    t = re.sub(r"\[\[([^\]]*)\]\]", r"\1", t)
    t = re.sub(r"\[https?://\S+ ([^\]]*)\]", r"\1", t)
    t = re.sub(r"\[https?://\S+\]", "", t)
    t = re.sub(r"'{2,}", "", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = re.sub(r"^=+\s*(.*?)\s*=+\s*$", r"\1", t, flags=re.M)
    lines = []
    for line in t.split("\n"):
        line = re.sub(r"^[*#:;]+\s*", "", line.strip())
        if len(line) > 1 and not line.startswith(("|", "!")):
            lines.append(line)
    return "\n".join(lines)


def articles(path):
    """(title, plain text) of the dump's articles, in the dump's order."""
    with bz2.open(path, "rt", encoding="utf-8") as f:
        xml = f.read()
    out = []
    for title, text in PAGE.findall(xml):
        if text.lstrip().lower().startswith("#redirect"):
            continue
        body = plain_text(text)
        if len(body) >= MIN_ARTICLE:
            out.append((html.unescape(title), body))
    return out


def parts(text, part_max=PART_MAX):
    """`text` cut at line breaks into the fewest near-equal parts of at most
    about `part_max` bytes."""
    size = len(text.encode())
    if size <= part_max:
        return [text]
    target = size / -(-size // part_max)
    out, cur, n = [], [], 0
    for line in text.split("\n"):
        cur.append(line)
        n += len(line.encode()) + 1
        if n >= target:
            out.append("\n".join(cur))
            cur, n = [], 0
    if cur:
        out.append("\n".join(cur))
    return out


def wiki_docs(src):
    """(label, text) of every article, or of each part of a long one."""
    docs = []
    for title, body in articles(os.path.join(src, "gensim", DUMP)):
        for i, part in enumerate(parts(f"{title}\n\n{body}")):
            docs.append((f"gensim:{DUMP}#{title}/{i}", part))
    return docs
