"""Text rules every builder shares: the visiting order of candidate
documents, normalisation, and the test for tables of numbers.

A candidate is a tuple (key, label, item): key fixes its place in the
visiting order, label names it ("<package>:<path>"), item is what the
category's make_text turns into text (a path, bytes, ...).
"""

import hashlib
import re


def order_key(cat, label):
    """A fixed pseudo-random place for a candidate of a category."""
    return hashlib.sha256(f"{cat}:{label}".encode()).hexdigest()


def interleave(cands, stratum, sources=None):
    """Round-robin over strata (sorted by name), each stratum in its own
    fixed pseudo-random order, so that no one section or package dominates.
    If sources is a dict, it gets label -> the document's source: its
    package, or "<package>/<stratum>" where the stratum is within one."""
    groups = {}
    for c in sorted(cands):
        groups.setdefault(stratum(c[1]), []).append(c)
        if sources is not None:
            pkg, key = c[1].split(":")[0], stratum(c[1])
            sources[c[1]] = pkg if key == pkg else f"{pkg}/{key}"
    out, lists = [], [groups[k] for k in sorted(groups)]
    for i in range(max((len(g) for g in lists), default=0)):
        out += [g[i] for g in lists if i < len(g)]
    return out


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


def looks_like_data(text):
    """Tables of numbers (generated code) rather than written code."""
    nonspace = [c for c in text if not c.isspace()]
    if not nonspace:
        return True
    digits = sum(1 for c in nonspace if c.isdigit())
    return digits / len(nonspace) > 0.20
