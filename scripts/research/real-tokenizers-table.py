#!/usr/bin/env python3
"""Summarises the results of scripts/real-tokenizers as English / code / non-English shares and top languages.

    python3 scripts/research/real-tokenizers-table.py OUT CORPORA/manifest.json

The groups are those of the run's category manifest (build-corpora's categories.yaml: English = `en` and the
English domains; code = the programming languages and the `code` domain; non-English = the other languages), in
byte shares (with 90 % intervals when the run had --intervals) and in initial-pair shares, the unit of the
paper's Table 4.
"""
import json, os, sys

PAPER = {  # Hayase et al. 2024, Table 4 (%): English = web + books + academic + wiki
    "gpt2": (99.1, 0.7, 0.9), "gpt-3.5": (34.3, 62.6, 3.2), "gpt-4o": (28.1, 32.8, 39.0),
    "llama3-extension": (21.3, 30.2, 48.5), "mistral-nemo": (35.0, 18.3, 46.6), "gpt-neox": (82.0, 15.2, 2.7),
    "claude-legacy": (38.9, 57.5, 3.7), "gemma": (45.8, 25.9, 28.4), "llama2": (None, 19.2, None),
    "mistral-v1": (57.6, 25.8, None),
}


def group_text(group):
    """A group of the JSON's `groups` as a share in %, with its 90 % interval when the run had --intervals."""
    text = f"{100 * group['share']:.1f}"
    if group.get("interval"):
        low, high = group["interval"]
        text += f" [{100 * low:.1f}, {100 * high:.1f}]"
    return text


def main(out, manifest):
    kinds = {name: v["kind"] for name, v in json.load(open(manifest))["categories"].items()}
    groups = ("English", "code", "non-English")
    print("| tokenizer | English % | code % | non-English % | the same in initial pairs | detected | "
          "top non-English | paper, Table 4 (pairs) | warnings |")
    print("|---|---|---|---|---|---|---|---|---|")
    for file in sorted(os.listdir(out)):
        if not file.endswith("__all.json"):
            continue
        name = file[: -len("__all.json")]
        result = json.load(open(os.path.join(out, file)))
        shares = result["shares"]
        if "groups" not in result:
            sys.exit(f"{file}: no group totals (run scripts/real-tokenizers on a build-corpora categories.yaml)")
        by_bytes = [group_text(result["groups"][g]) if g in result["groups"] else "—" for g in groups]
        pairs = result.get("group_pair_shares", {})
        by_pairs = " / ".join(f"{100 * pairs[g]:.1f}" if g in pairs else "—" for g in groups)
        detected = result.get("detected", {})
        found = sum(1 for c in shares if detected.get(c, True))
        other = {c: v for c, v in shares.items() if kinds.get(c) == "natural" and c != "en" and v > 0}
        top = ", ".join(f"{c} {100 * v:.1f}" for c, v in sorted(other.items(), key=lambda x: -x[1])[:3]) or "—"
        paper = PAPER.get(name)
        paper_text = " / ".join("—" if x is None else f"{x:.1f}" for x in paper) if paper else "—"
        warnings = ", ".join(sorted({w["code"] for w in result.get("warnings", [])})) or "none"
        print(f"| {name} | {' | '.join(by_bytes)} | {by_pairs} | {found} of {len(shares)} | {top} | {paper_text} | {warnings} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
