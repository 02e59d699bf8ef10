#!/usr/bin/env python3
"""Summarises the results of scripts/real-tokenizers as English / code / non-English shares and top languages.

    python3 scripts/research/real-tokenizers-table.py OUT CORPORA/manifest.json

English = the `en` language and the English domains (manual, literature, latex, html, web); code = the
programming languages and the `code` domain; non-English = every other natural language.
"""
import json, os, sys

PAPER = {  # Hayase et al. 2024, Table 4 (%): English = web + books + academic + wiki
    "gpt2": (99.1, 0.7, 0.9), "gpt-3.5": (34.3, 62.6, 3.2), "gpt-4o": (28.1, 32.8, 39.0),
    "llama3-extension": (21.3, 30.2, 48.5), "mistral-nemo": (35.0, 18.3, 46.6), "gpt-neox": (82.0, 15.2, 2.7),
    "claude-legacy": (38.9, 57.5, 3.7), "gemma": (45.8, 25.9, 28.4), "llama2": (None, 19.2, None),
    "mistral-v1": (57.6, 25.8, None),
}


def main(out, manifest):
    kinds = {name: v["kind"] for name, v in json.load(open(manifest))["categories"].items()}
    english = {"en"} | {c for c, k in kinds.items() if k == "domain" and c != "code"}
    print("| tokenizer | English % | code % | non-English % | top non-English languages | paper (English / code / non-English) | warnings |")
    print("|---|---|---|---|---|---|---|")
    for file in sorted(os.listdir(out)):
        if not file.endswith("__all.json"):
            continue
        name = file[: -len("__all.json")]
        result = json.load(open(os.path.join(out, file)))
        shares = result["shares"]
        eng = sum(v for c, v in shares.items() if c in english)
        code = sum(v for c, v in shares.items() if kinds.get(c) == "code" or c == "code")
        other = {c: v for c, v in shares.items() if kinds.get(c) == "natural" and c != "en"}
        top = ", ".join(f"{c} {100 * v:.1f}" for c, v in sorted(other.items(), key=lambda x: -x[1])[:3])
        paper = PAPER.get(name)
        paper_text = " / ".join("—" if x is None else f"{x:.1f}" for x in paper) if paper else "—"
        warnings = ", ".join(sorted({w["code"] for w in result.get("warnings", [])})) or "none"
        print(f"| {name} | {100 * eng:.1f} | {100 * code:.1f} | {100 * sum(other.values()):.1f} | {top} | {paper_text} | {warnings} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
