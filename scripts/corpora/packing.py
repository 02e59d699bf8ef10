"""Selection of a category's documents and their packing into files.

Both builders use these rules: the corpus builder (scripts/corpora) and the
Samples builder (scripts/fixtures/build-samples-make.py), each with its own
limits and de-duplication unit.
"""

import hashlib
import os
from collections import namedtuple

from .text import normalise, paragraphs

# Bytes of UTF-8: the category's budget, the smallest and largest document
# kept, and how far the last document may run over the budget (None: as far
# as max_doc allows).
Limits = namedtuple("Limits", "max_bytes min_doc max_doc overshoot")

# What select() de-duplicates within a category: (split, join) of a text.
UNITS = {
    "lines": (lambda text: text.split("\n"), "\n"),
    "paragraphs": (paragraphs, "\n\n"),
}


def select(cands, make_text, limits, dedup="lines", accept=None):
    """Walk candidates in their fixed order and keep good documents until
    limits.max_bytes.  Exact duplicate documents are dropped, and so are
    units (dedup: "lines" or "paragraphs") of >= 60 characters that already
    appeared in an earlier document of the category (boilerplate, notes
    repeated on many pages, copied code); dedup None keeps every unit.
    accept, if given, must approve the de-duplicated text.  Returns the
    documents [(label, text)], their bytes and the rejections by reason."""
    split, joiner = UNITS[dedup or "lines"]
    docs, seen_docs, seen_units, total = [], set(), set(), 0
    rejected = {"empty/tiny/large": 0, **({"language": 0} if accept else {}), "duplicate": 0}
    for _, label, item in cands:
        if total >= limits.max_bytes:
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
        for unit in split(text):
            key = unit.strip()
            if len(key) >= 60 and dedup:
                if key in seen_units or key in new:
                    continue
                new.add(key)
            kept.append(unit)
        text = normalise(joiner.join(kept))
        if accept and not accept(text):
            rejected["language"] += 1
            continue
        if not fits(len(text.encode()), total, limits):
            rejected["empty/tiny/large"] += 1
            continue
        seen_units |= new
        docs.append((label, text))
        total += len(text.encode())
    return docs, total, rejected


def fits(n, total, limits):
    """Is a document of n bytes within the limits, with total bytes taken?"""
    if not limits.min_doc <= n <= limits.max_doc:
        return False
    return limits.overshoot is None or n <= limits.max_bytes - total + limits.overshoot


def file_count(docs, target):
    """An even number of files of about target bytes for the documents."""
    total = sum(len(t.encode()) + 1 for _, t in docs)
    return max(2, 2 * round(total / target / 2))


def pack(docs, n):
    """n files; documents largest first into the currently smallest file
    (ties: lowest index), so even- and odd-indexed files (the training and
    the inference half) are alike.  Within a file the documents keep their
    selection order."""
    order = {label: i for i, (label, _) in enumerate(docs)}
    bins, sizes = [[] for _ in range(n)], [0] * n
    for label, text in sorted(docs, key=lambda d: (-len(d[1].encode()), order[d[0]])):
        j = min(range(n), key=lambda k: (sizes[k], k))
        bins[j].append((label, text))
        sizes[j] += len(text.encode()) + 1
    return [sorted(b, key=lambda d: order[d[0]]) for b in bins]


def package_of(label):
    return label.split(":")[0]


def write_category(out, cat, bins, source_of=package_of):
    """Writes OUT/<cat>/NNN.txt, the documents of a file separated by a
    newline (each ends in one: a blank line between them).  Returns the
    files' sizes and one row per document: (file, byte offset, bytes,
    source, label)."""
    d = os.path.join(out, cat)
    os.makedirs(d)
    sizes, rows = [], []
    for i, b in enumerate(bins):
        name, offset = f"{cat}/{i:03d}.txt", 0
        for label, t in b:
            n = len(t.encode("utf-8"))
            rows.append((name, offset, n, source_of(label), label))
            offset += n + 1
        data = "\n".join(t for _, t in b).encode("utf-8")
        with open(os.path.join(d, f"{i:03d}.txt"), "wb") as f:
            f.write(data)
        sizes.append(len(data))
    return sizes, rows
