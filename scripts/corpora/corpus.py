"""The corpus builder's sizes, and the sources of the documents it takes.

SOURCE maps a document's label to its source: the stratum it was
interleaved in (a package, or "<package>/<top directory or help module>").
The builders of the categories fill it (interleave(..., SOURCE)); it goes
to OUT/documents.tsv for source-shift evaluation.  A label not in it (man
pages, shell scripts) has its package as its source.
"""

MIN_DOC = 1024          # bytes of a cleaned document
MAX_DOC = 64_000
MIN_HELP_DOC = 300      # help pages are often short (one dialog each)
FILE_TARGET = 128_000   # aim of the packer; files end up ~64-256 KB
MIN_CATEGORY = 300_000  # a category with less usable text is left out

SOURCE = {}


def source_of(label):
    return SOURCE.get(label, label.split(":")[0])
