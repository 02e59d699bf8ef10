#!/usr/bin/env python3
"""Checks that a new JSON result keeps every field of an old one, byte for byte, in the same order (fields may be added).

    python3 scripts/checks/compare-json-fields.py OLD.json NEW.json

Used to show that a change to the code left the README demo's answer as it was:
    mixinfer infer Samples/tokenizers/claude-legacy.json --categories Samples/categories --format json --no-cache
"""
import json, sys


def fields(path):
    text = open(path, encoding="utf-8").read()
    decoder = json.JSONDecoder(object_pairs_hook=lambda pairs: pairs)
    return decoder.decode(text)


def main(old_path, new_path):
    old, new = fields(old_path), fields(new_path)
    old_keys = [k for k, _ in old]
    new_map = dict(new)
    problems = []
    for key, value in old:
        if key not in new_map:
            problems.append(f"missing field {key!r}")
        elif json.dumps(new_map[key]) != json.dumps(value):
            problems.append(f"field {key!r} differs: {json.dumps(value)[:200]} → {json.dumps(new_map[key])[:200]}")
    order = [k for k, _ in new if k in old_keys]
    if order != old_keys:
        problems.append(f"field order changed: {old_keys} → {order}")
    added = [k for k, _ in new if k not in old_keys]
    for problem in problems:
        print(problem)
    print(f"{len(old_keys)} fields compared, {len(problems)} differ; added: {', '.join(added) or 'none'}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
