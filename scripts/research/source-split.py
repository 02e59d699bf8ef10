#!/usr/bin/env python3
"""Source shift for controlled evaluations with other trainers (eval-hf.py, eval-sp.py --shift).

    python3 scripts/research/source-split.py CATEGORIES OUT     # prints each category's sides as JSON

The same rule as `mixinfer evaluate --shift` (Sources/MixInferResearch/SourceSplit.swift): the sources of
each category (from documents.tsv, which scripts/build-corpora writes next to the category folders; a
category folder may be a symbolic link into such a corpus) are taken largest first, each to the side with
fewer bytes so far (ties to training, equal sizes by name); a category of one source is left out (listed
under "left_out"); OUT/<category>/000.txt and 002.txt get the
training side's documents dealt in turn, 001.txt and 003.txt the inference side's. So even files train and
odd files infer, as without a shift.
"""
import json, os, sys


def read_table(root):
    rows = {}
    with open(os.path.join(root, "documents.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            key, offset, length, source = line.rstrip("\n").split("\t")[:4]
            rows.setdefault(key, []).append((os.path.join(root, key), int(offset), int(length), source))
    return rows


def sides(documents):
    size = {}
    for _, _, length, source in documents:
        size[source] = size.get(source, 0) + length
    if len(size) < 2:
        raise SystemExit(f"a source shift needs two or more sources, found {sorted(size)}")
    training, inference, tb, ib = [], [], 0, 0
    for source in sorted(size, key=lambda s: (-size[s], s)):
        if tb <= ib:
            training.append(source)
            tb += size[source]
        else:
            inference.append(source)
            ib += size[source]
    return training, inference


def split(categories, out):
    """Writes the split layout under `out`; returns {category: {"training": [...], "inference": [...]}}
    and the categories left out."""
    tables, result, left_out = {}, {}, []
    for name in sorted(d for d in os.listdir(categories) if os.path.isdir(os.path.join(categories, d))):
        folder = os.path.realpath(os.path.join(categories, name))
        root = os.path.dirname(folder)
        if root not in tables:
            tables[root] = read_table(root)
        files = sorted(f for f in os.listdir(folder) if not f.startswith("."))
        documents = [row for f in files for row in tables[root].get(os.path.basename(folder) + "/" + f, [])]
        if len({row[3] for row in documents}) == 1:
            left_out.append(name)
            continue
        training, inference = sides(documents)
        parts, dealt, cache = [bytearray() for _ in range(4)], [0, 0], {}
        train_set = set(training)
        for path, offset, length, source in documents:
            if path not in cache:
                with open(path, "rb") as f:
                    cache[path] = f.read()
            side = 0 if source in train_set else 1
            parts[side + 2 * (dealt[side] % 2)] += cache[path][offset:offset + length] + b"\n"
            dealt[side] += 1
        os.makedirs(os.path.join(out, name))
        for i, data in enumerate(parts):
            with open(os.path.join(out, name, f"{i:03d}.txt"), "wb") as f:
                f.write(data)
        result[name] = {"training": training, "inference": inference}
    return result, left_out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    result, left_out = split(sys.argv[1], sys.argv[2])
    json.dump({"shift": result, "left_out": left_out}, sys.stdout, indent=1)
    print()
