"""The corpus builder: evaluation corpora OUT/<category>/NNN.txt from
unpacked Debian packages (run by scripts/build-corpora; see __main__.py and
docs/corpora.md).

Candidate documents are visited in a fixed pseudo-random order (sha256 of
"<category>:<label>", round-robin over strata such as packages or help
modules), cleaned, checked, de-duplicated and packed into files of about
64-256 KB; a document is never split.  Deterministic: no clock, no random
numbers, no locale dependence.

Modules:
  build        the run: categories of a set, one worker job per category
  corpus       the corpus's sizes; the source of each document
  text         visiting order, interleaving, normalisation
  packing      selection of documents and packing into files
  files        reading unpacked packages in a fixed order
  libreoffice  natural languages from LibreOffice's help
  l10n         more natural languages: help, man pages, catalogues
  man          man pages rendered and cleaned
  code_files   programming languages: which files of which packages
  code_text    source code cleaned (licences, generated code)
  domains      the domains set (English manual, literature, ...)
  readers      readers of R data, dictd, HTML, LaTeX, gettext .mo
  manifest     versions, licences, documents.tsv

The Samples builder (scripts/fixtures/build-samples-make.py) uses text,
packing, files, man, code_files and code_text with its own limits.
"""
