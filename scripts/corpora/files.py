"""Reading the files of unpacked packages, in a fixed order."""

import gzip
import os


def regular_files(root):
    """The paths of the regular files under root (symbolic links left out),
    directories and names visited in sorted order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            p = os.path.join(dirpath, fn)
            if not os.path.islink(p) and os.path.isfile(p):
                yield p


def read_bytes(path):
    """A file's bytes, decompressed if its name ends in .gz."""
    with open(path, "rb") as f:
        raw = f.read()
    return gzip.decompress(raw) if path.endswith(".gz") else raw
