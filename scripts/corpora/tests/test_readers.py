"""Readers: literary works cut into sections, gettext catalogues, HTML, LaTeX."""

import os
import struct
import tempfile
import unittest

from corpora import readers


def mo_file(messages):
    """The bytes of a little-endian .mo file with these (msgid, msgstr) pairs."""
    ids = [m.encode() for m, _ in messages]
    strs = [s.encode() for _, s in messages]
    n = len(messages)
    o_ids, o_strs = 28, 28 + 8 * n
    data_at = o_strs + 8 * n
    table_ids, table_strs, blob = [], [], b""
    for b in ids:
        table_ids.append((len(b), data_at + len(blob)))
        blob += b + b"\0"
    for b in strs:
        table_strs.append((len(b), data_at + len(blob)))
        blob += b + b"\0"
    head = struct.pack("<7I", 0x950412de, 0, n, o_ids, o_strs, 0, 0)
    return head + b"".join(struct.pack("<2I", *t) for t in table_ids + table_strs) + blob


class MoTests(unittest.TestCase):
    def test_messages_contexts_and_plurals(self):
        msgs = [("", "Content-Type: text/plain; charset=UTF-8\n"), ("ctx\x04Open", "Öffnen"),
                ("file\x00files", "Datei\x00Dateien")]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.mo")
            with open(path, "wb") as f:
                f.write(mo_file(msgs))
            self.assertEqual(readers.read_mo(path), [("ctx", "Open", ["Öffnen"]),
                                                      ("", "file", ["Datei", "Dateien"])])


class SplitWorkTests(unittest.TestCase):
    def test_sections_merged_and_cut(self):
        chapter = lambda i, n: f"CHAPTER {i}\n" + ("word " * 19 + "\n\n") * n
        text = "Title page\n" + chapter(1, 30) + chapter(2, 5) + chapter(3, 200)
        parts = readers.split_work(text, part_max=6_000, min_section=2_000)
        self.assertTrue(parts[0].startswith("Title page\nCHAPTER 1"))
        self.assertEqual("".join(p.replace("\n", "") for p in parts), text.replace("\n", ""))
        self.assertTrue(all(len(p.encode()) <= 6_000 + 200 for p in parts))


class PageTests(unittest.TestCase):
    def test_navigation_dropped_text_and_html(self):
        page = ('<html><head><title>T</title></head><body><div class="related">Next</div>'
                '<h1>Title</h1><p>Some &amp; text</p><pre>a  b\n c</pre></body></html>')
        self.assertEqual(readers.page_content(page, "text"), "Title\nSome & text\na  b\n c")
        self.assertEqual(readers.page_content(page, "html"), "<h1>Title</h1><p>Some &amp; text</p><pre>a  b\n c</pre>")


class LatexTests(unittest.TestCase):
    def test_comments(self):
        text = "% a comment line\nSome text % trailing\nno space%\n\\begin{verbatim}\n100% kept\n\\end{verbatim}"
        self.assertEqual(readers.strip_latex_comments(text),
                         "Some text\nno space%\n\\begin{verbatim}\n100% kept\n\\end{verbatim}")


if __name__ == "__main__":
    unittest.main()
