"""Build evaluation corpora OUT/<category>/NNN.txt from unpacked Debian packages.

Called by scripts/build-corpora, which downloads the .deb files and unpacks
each one into SRC/<package>/ (and writes SRC/<package>.version).  Usage:

    PYTHONPATH=scripts python3 -m corpora SRC OUT MAX_BYTES_PER_CATEGORY [languages|domains|all]

The "languages" set (the default): natural languages from LibreOffice's
help (libreoffice.py) and, for the languages it does not cover, from more
help packages, translated man pages and translation catalogues (l10n.py);
programming languages from the source code Debian ships in binary
packages (code_files.py).  The "domains" set (English manual, literature,
LaTeX, HTML, web text, code) is domains.py.  BUILD_CORPORA_ONLY=cat1,cat2
builds only those categories of the set (for development).

A JSON manifest goes to stdout and to OUT/manifest.json; OUT/documents.tsv
lists every document with its source.
"""

import sys

from .build import SETS, run


def main():
    if sys.argv[1:] in (["-h"], ["--help"]):
        print(__doc__)
        return
    if len(sys.argv) not in (4, 5) or sys.argv[4:] not in ([],) + tuple([s] for s in SETS):
        sys.exit(__doc__)
    src, out, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    which = (sys.argv[4:] or ["languages"])[0]
    sys.stdout.write(run(src, out, max_bytes, which))


if __name__ == "__main__":
    main()
