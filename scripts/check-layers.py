#!/usr/bin/env python3
"""Checks that the folders of Sources/MixInfer depend on each other in one direction only.

    python3 scripts/check-layers.py          # prints the folder graph; exit 1 on a loop or a forbidden edge

A folder "uses" another when one of its files names a type, function or constant declared at the top level
(or as an extension member's owner) in the other. docs/architecture.md gives the allowed order, mirrored in LAYERS.
"""
import os, re, sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "MixInfer")
# Lowest first: a folder may use only folders listed before it.
LAYERS = ["Support", "Pretokenize", "Tokenizers", "Encode", "Corpus", "Replay", "Solve", "Inference",
          "Evaluate", "Report", "Batch"]

DECL = re.compile(r"^(?:public |package |internal |fileprivate |private |final |nonisolated\(unsafe\) |@\w+ )*"
                  r"(?:struct|enum|class|protocol|typealias|actor|func|let|var)\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def strip(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)


def main():
    files = defaultdict(list)
    for folder, _, names in os.walk(ROOT):
        for name in names:
            if name.endswith(".swift"):
                rel = os.path.relpath(folder, ROOT).split(os.sep)[0]
                files["(top)" if rel == "." else rel].append(os.path.join(folder, name))
    owner = {}
    local = defaultdict(set)
    texts = {}
    for folder, paths in files.items():
        for path in paths:
            text = strip(open(path, encoding="utf-8").read())
            texts[path] = (folder, text)
            local[folder].update(re.findall(r"\b(?:struct|enum|class|protocol|typealias|actor|case)\s+([A-Za-z_]\w*)", text))
            # Only declarations at column 0 (top level): nested names are reached through their owner.
            for match in DECL.finditer(text):
                name = match.group(1)
                if name[0].isupper() or match.group(0).split()[-2] == "func":
                    owner.setdefault(name, set()).add(folder)
    edges = defaultdict(lambda: defaultdict(set))
    for path, (folder, text) in texts.items():
        for name in set(IDENT.findall(text)):
            for other in owner.get(name, ()):
                if other != folder and folder not in owner[name] and name not in local[folder]:
                    edges[folder][other].add(name)
    bad = []
    for folder in sorted(edges):
        for other in sorted(edges[folder]):
            names = sorted(edges[folder][other])
            allowed = folder in LAYERS and other in LAYERS and LAYERS.index(other) < LAYERS.index(folder)
            mark = "" if allowed else "   <-- not allowed"
            if not allowed:
                bad.append((folder, other))
            print(f"{folder:12} -> {other:12} {', '.join(names[:8])}{' …' if len(names) > 8 else ''}{mark}")
    unknown = sorted(set(files) - set(LAYERS))
    if unknown:
        print("folders not in the layer order:", ", ".join(unknown))
    if bad or unknown:
        print(f"{len(bad)} forbidden edge(s)")
        return 1
    print("no loops: every folder uses only folders below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
