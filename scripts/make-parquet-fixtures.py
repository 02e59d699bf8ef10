#!/usr/bin/env python3
"""Writes the small committed corpus-format fixtures of Tests/Fixtures/parquet/ (pyarrow, zstandard).

Rows are real lines of Samples/categories/*/000.txt in several languages. Every Parquet codec mixinfer
reads (none, snappy, gzip, zstd) x PLAIN / dictionary x data page v1 / v2, plus nulls, several row groups
and pages, a REQUIRED column, format 1.0 (PLAIN_DICTIONARY), a `content` column beside others, and
compressed JSON lines (multi-frame zstd, gzip). expected.json lists exactly the rows written: "files" maps
each fixture to its text column, the name of its row list in "rows" (null: a null value) and, for Parquet,
the text column's total uncompressed size in the metadata.

    pip install pyarrow zstandard && python3 scripts/make-parquet-fixtures.py
"""
import gzip
import io
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "parquet")
LANGUAGES = ["en", "de", "fr", "es", "pl", "ru", "ja"]


def sample_rows(per_language=6):
    """Distinct stripped non-empty lines of 20-160 bytes, `per_language` from each language's 000.txt."""
    rows = []
    for language in LANGUAGES:
        path = os.path.join(ROOT, "Samples", "categories", language, "000.txt")
        taken = 0
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if 20 <= len(line.encode()) <= 160 and line not in rows:
                    rows.append(line)
                    taken += 1
                    if taken == per_language:
                        break
    return rows


def write(name, table, **options):
    path = os.path.join(OUT, name)
    pq.write_table(table, path, **options)
    assert os.path.getsize(path) < 30_000, (name, os.path.getsize(path))


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = sample_rows()
    # Repeat some rows so that dictionary encoding has something to share.
    texts = rows + rows[::3]
    expected = {}
    lists = {"texts": texts}
    table = pa.table({"text": pa.array(texts, pa.string())})
    for codec in ["none", "snappy", "gzip", "zstd"]:
        for dictionary in [False, True]:
            for page in ["1.0", "2.0"]:
                name = f"{codec}-{'dict' if dictionary else 'plain'}-v{page[0]}.parquet"
                write(name, table, compression=codec, use_dictionary=dictionary, data_page_version=page)
                expected[name] = {"column": "text", "rows": "texts"}
    write("format1-dictionary.parquet", table, version="1.0", use_dictionary=True, compression="snappy")
    expected["format1-dictionary.parquet"] = {"column": "text", "rows": "texts"}

    with_nulls = [None if i % 4 == 1 else t for i, t in enumerate(texts)]
    lists["with_nulls"] = with_nulls
    write("nulls.parquet", pa.table({"text": pa.array(with_nulls, pa.string())}), compression="snappy")
    expected["nulls.parquet"] = {"column": "text", "rows": "with_nulls"}
    write("nulls-v2.parquet", pa.table({"text": pa.array(with_nulls, pa.string())}), compression="zstd",
          data_page_version="2.0", use_dictionary=False)
    expected["nulls-v2.parquet"] = {"column": "text", "rows": "with_nulls"}

    write("row-groups.parquet", table, row_group_size=10, data_page_size=256, compression="zstd")
    assert pq.ParquetFile(os.path.join(OUT, "row-groups.parquet")).metadata.num_row_groups >= 4
    expected["row-groups.parquet"] = {"column": "text", "rows": "texts"}

    required = pa.schema([pa.field("text", pa.string(), nullable=False)])
    write("required.parquet", pa.table({"text": texts}, schema=required), compression="gzip")
    expected["required.parquet"] = {"column": "text", "rows": "texts"}

    languages = [LANGUAGES[i // 6] if i < len(rows) else LANGUAGES[(i - len(rows)) * 3 // 6] for i in range(len(texts))]
    stack = pa.table({
        "id": pa.array(range(len(texts)), pa.int64()),
        "lang": pa.array(languages, pa.string()),
        "content": pa.array(texts, pa.string()),
        "size": pa.array([len(t.encode()) for t in texts], pa.int32()),
    })
    write("content-beside-others.parquet", stack, compression="snappy")
    expected["content-beside-others.parquet"] = {"column": "content", "rows": "texts"}

    # The same documents (each a line ending in "\n") in every container, for the equivalence test.
    documents = [t + "\n" for t in texts]
    lists["documents"] = documents
    write("equivalence.parquet", pa.table({"id": pa.array(range(len(documents))), "content": documents}),
          compression="zstd", row_group_size=20)
    expected["equivalence.parquet"] = {"column": "content", "rows": "documents"}
    lines = [json.dumps({"id": i, "content": d}, ensure_ascii=False) + "\n" for i, d in enumerate(documents)]
    half = len(lines) // 2
    frames = [zstandard.ZstdCompressor(write_content_size=True).compress("".join(lines[:half]).encode()),
              zstandard.ZstdCompressor(write_content_size=True).compress("".join(lines[half:]).encode())]
    with open(os.path.join(OUT, "equivalence.jsonl.zst"), "wb") as handle:
        handle.write(b"".join(frames))                     # two frames
    streamed = io.BytesIO()
    with zstandard.ZstdCompressor().stream_writer(streamed, closefd=False) as writer:
        writer.write("".join(lines).encode())              # no content size in the header
    with open(os.path.join(OUT, "equivalence-unsized.jsonl.zst"), "wb") as handle:
        handle.write(streamed.getvalue())
    text_lines = [json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in documents]
    with open(os.path.join(OUT, "equivalence.json.gz"), "wb") as handle:
        handle.write(gzip.compress("".join(text_lines).encode(), mtime=0))
    text = "".join(documents).encode()
    with open(os.path.join(OUT, "equivalence.txt.zst"), "wb") as handle:   # plain text, two frames
        handle.write(zstandard.ZstdCompressor().compress(text[:1000]) + zstandard.ZstdCompressor().compress(text[1000:]))
    expected["equivalence.txt.zst"] = {"column": None, "rows": "documents"}
    expected["equivalence.jsonl.zst"] = {"column": "content", "rows": "documents"}
    expected["equivalence-unsized.jsonl.zst"] = {"column": "content", "rows": "documents"}
    expected["equivalence.json.gz"] = {"column": "text", "rows": "documents"}

    for name, entry in expected.items():
        if name.endswith(".parquet"):
            metadata = pq.ParquetFile(os.path.join(OUT, name)).metadata
            groups = [metadata.row_group(i) for i in range(metadata.num_row_groups)]
            entry["column_uncompressed_bytes"] = sum(
                g.column(j).total_uncompressed_size for g in groups for j in range(g.num_columns)
                if g.column(j).path_in_schema == entry["column"])
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump({"files": expected, "rows": lists}, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    print(f"wrote {len(expected)} fixtures ({len(texts)} rows each) to {OUT}")


if __name__ == "__main__":
    main()
