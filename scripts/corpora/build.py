"""The corpus builder's run: which categories a set has, each category's
documents selected, packed and written (in worker processes), and the
manifest."""

import functools
import json
import multiprocessing
import os
import sys

from . import code_files, domains, l10n, libreoffice, man
from .corpus import FILE_TARGET, MAX_DOC, MIN_CATEGORY, MIN_DOC, MIN_HELP_DOC, source_of
from .manifest import package_licence, package_version, write_categories, write_documents
from .packing import Limits, file_count, pack, select, write_category

SETS = ("languages", "domains", "all")

# kind of category -> job(cat, src): (candidates, make_text, packages)
JOBS = {"help": libreoffice.job, "l10n": l10n.job, "code": code_files.code_job,
        "domain": domains.job}
KINDS = {"help": "natural", "l10n": "natural", "code": "code", "domain": "domain"}


def plan(which, src):
    """(category, kind) for every category of the set: natural languages
    (LibreOffice help: "help"; the others of l10n.py: "l10n"), then
    programming languages ("code"), then the domains ("domain")."""
    natural = [(c, "help") for c in libreoffice.LO_LANGS]
    if which != "domains":
        natural += [(c, "l10n") for c in l10n.categories(src)]
    langs = sorted(natural) + \
        [(c, "code") for c in sorted(list(code_files.CODE) + code_files.OTHER)]
    domain_cats = [(c, "domain") for c in domains.CATEGORIES]
    return {"languages": langs, "domains": domain_cats, "all": langs + domain_cats}[which]


def limits(cat, kind, max_bytes):
    """Limits and de-duplication unit of a category's selection."""
    # Help pages are often short (one dialog each): keep those of >= 300 bytes.
    min_doc = MIN_HELP_DOC if kind in ("help", "l10n") else MIN_DOC
    dedup = None if kind == "domain" and cat in domains.KEEP_REPEATED_LINES else "lines"
    return Limits(max_bytes, min_doc, MAX_DOC, MAX_DOC // 4), dedup


def build(settings, job):
    """Select, pack and write one category; returns (category, (manifest
    entry, documents.tsv rows) or None if left out, log text)."""
    src, out, max_bytes = settings
    cat, kind = job
    cands, make, pkgs = JOBS[kind](cat, src)
    lim, dedup = limits(cat, kind, max_bytes)
    docs, total, rejected = select(cands, make, lim, dedup)
    man.cleanup()
    log = f"{cat}: {len(cands)} candidates, {len(docs)} documents, {total} bytes; rejected {rejected}"
    if total < MIN_CATEGORY:
        return cat, None, log + " -- LEFT OUT (too little usable text)"
    bins = pack(docs, file_count(docs, FILE_TARGET))
    sizes, rows = write_category(out, cat, bins, source_of)
    if os.environ.get("BUILD_CORPORA_VERBOSE"):
        for i, b in enumerate(bins):
            for label, _ in b:
                log += f"\n  {cat}/{i:03d}.txt <- {label}"
    entry = {
        "kind": KINDS[kind],
        "bytes": sum(sizes), "files": len(sizes), "documents": len(docs),
        "file_bytes": [min(sizes), max(sizes)],
        "sources": sources(src, pkgs, docs),
    }
    return cat, (entry, rows), log + f"; files {min(sizes)}..{max(sizes)} bytes"


def sources(src, pkgs, docs):
    """The manifest's rows of the packages documents were taken from."""
    used = {label.split(":")[0] for label, _ in docs}
    rows = [{"package": p, "version": package_version(src, p),
             "licence": package_licence(src, p),
             "documents": sum(1 for label, _ in docs if label.split(":")[0] == p)}
            for p in pkgs if p in used]
    for s in rows:
        if s["package"] in domains.PYPI:
            s["registry"] = "PyPI"
    return rows


def run(src, out, max_bytes, which):
    """Build the set into OUT; returns the manifest's text."""
    os.makedirs(out)
    jobs = plan(which, src)
    if any(kind in ("help", "l10n") for _, kind in jobs):
        libreoffice.learn_english(src)   # inherited by the worker processes
    only = os.environ.get("BUILD_CORPORA_ONLY")
    if only:
        jobs = [j for j in jobs if j[0] in only.split(",")]
    # Longest jobs first keeps both cores busy to the end.
    slow = {"java": 0, "code": 0, "c": 1, "manual": 1, "en": 2}
    jobs.sort(key=lambda j: slow.get(j[0], 9))
    manifest, documents = {}, {}
    worker = functools.partial(build, (src, out, max_bytes))
    with multiprocessing.Pool(int(os.environ.get("BUILD_CORPORA_JOBS", os.cpu_count() or 1))) as pool:
        for cat, entry, log in pool.imap_unordered(worker, jobs):
            print(log, file=sys.stderr, flush=True)
            if entry:
                manifest[cat], documents[cat] = entry
    order = [c for c, _ in plan(which, src) if c in manifest]
    result = {
        "max_bytes_per_category": max_bytes,
        "total_bytes": sum(manifest[c]["bytes"] for c in order),
        "categories": {c: manifest[c] for c in order},
    }
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(text)
    write_documents(os.path.join(out, "documents.tsv"), [documents[c] for c in order])
    write_categories(os.path.join(out, "categories.yaml"), {c: manifest[c]["kind"] for c in order})
    return text
