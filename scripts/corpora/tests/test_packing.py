"""Selection of documents and their packing into files."""

import os
import tempfile
import unittest

from corpora.packing import Limits, file_count, pack, select, write_category

LONG = "x" * 70   # a unit long enough (>= 60 characters) to be de-duplicated


def cands(texts):
    return [(f"{i:04d}", f"pkg:{i}", t) for i, t in enumerate(texts)]


class SelectTests(unittest.TestCase):
    limits = Limits(max_bytes=10_000, min_doc=10, max_doc=1_000, overshoot=None)

    def test_keeps_order_and_drops_exact_duplicates(self):
        docs, total, rejected = select(cands(["alpha one\n" * 2, "beta two\n" * 2, "alpha one\n" * 2]),
                                       lambda t: t, self.limits)
        self.assertEqual([label for label, _ in docs], ["pkg:0", "pkg:1"])
        self.assertEqual(total, sum(len(t.encode()) for _, t in docs))
        self.assertEqual(rejected["duplicate"], 1)

    def test_drops_long_lines_seen_before(self):
        docs, _, _ = select(cands([f"first\n{LONG}\n", f"second\n{LONG}\nshort\nshort\n"]),
                            lambda t: t, self.limits)
        self.assertEqual(docs[1][1], "second\nshort\nshort\n")

    def test_dedup_none_keeps_repeated_lines(self):
        docs, _, _ = select(cands([f"first\n{LONG}\n", f"second\n{LONG}\n"]), lambda t: t, self.limits, None)
        self.assertEqual(docs[1][1], f"second\n{LONG}\n")

    def test_paragraphs_are_the_unit(self):
        docs, _, _ = select(cands([f"a\n\n{LONG}\n", f"b\n\n{LONG}\n\n{LONG}\nmore\n\nc\n"]), lambda t: t,
                            Limits(10_000, 1, 1_000, None), "paragraphs")
        self.assertEqual(docs[1][1], f"b\n\n{LONG}\nmore\n\nc\n")

    def test_size_limits_budget_and_overshoot(self):
        texts = ["a" * 5 + "\n", "b" * 40 + "\n", "c" * 2000 + "\n", "d" * 30 + "\n", "e" * 30 + "\n"]
        docs, total, rejected = select(cands(texts), lambda t: t, Limits(60, 10, 1_000, None))
        self.assertEqual([label for label, _ in docs], ["pkg:1", "pkg:3"])
        self.assertEqual(total, 72)
        self.assertEqual(rejected["empty/tiny/large"], 2)
        # With overshoot 0 the last document must fit the budget left.
        docs, _, _ = select(cands(texts), lambda t: t, Limits(60, 10, 1_000, 0))
        self.assertEqual([label for label, _ in docs], ["pkg:1"])

    def test_accept_judges_the_deduplicated_text(self):
        docs, _, rejected = select(cands(["keep me\n" * 3, "drop me\n" * 3]), lambda t: t, self.limits,
                                   accept=lambda text: text.startswith("keep"))
        self.assertEqual([label for label, _ in docs], ["pkg:0"])
        self.assertEqual(rejected["language"], 1)


class PackTests(unittest.TestCase):
    def test_largest_first_into_smallest_file_keeping_order_within(self):
        docs = [(f"d{i}", "x" * n + "\n") for i, n in enumerate([10, 50, 30, 40, 20, 60])]
        bins = pack(docs, 2)
        self.assertEqual([[label for label, _ in b] for b in bins], [["d2", "d4", "d5"], ["d0", "d1", "d3"]])
        sizes = [sum(len(t) + 1 for _, t in b) for b in bins]
        self.assertLessEqual(abs(sizes[0] - sizes[1]), 11)
        order = {label: i for i, (label, _) in enumerate(docs)}
        for b in bins:
            self.assertEqual([label for label, _ in b], sorted((label for label, _ in b), key=order.get))
        self.assertEqual(sorted(label for b in bins for label, _ in b), sorted(order))

    def test_exact_assignment(self):
        docs = [("a", "x" * 9 + "\n"), ("b", "x" * 5 + "\n"), ("c", "x" * 4 + "\n"), ("d", "x" * 1 + "\n")]
        self.assertEqual([[label for label, _ in b] for b in pack(docs, 2)], [["a", "d"], ["b", "c"]])

    def test_file_count_is_even(self):
        docs = [("a", "x" * 999)]
        self.assertEqual(file_count(docs, 1000), 2)
        self.assertEqual(file_count(docs * 5, 1000), 4)
        self.assertEqual(file_count(docs * 7, 1000), 8)


class WriteTests(unittest.TestCase):
    def test_files_and_rows(self):
        bins = [[("p:1", "é\n"), ("q:2", "b\n")], [("p:3", "c\n")]]
        with tempfile.TemporaryDirectory() as out:
            sizes, rows = write_category(out, "cat", bins, lambda label: label.upper())
            with open(os.path.join(out, "cat", "000.txt"), "rb") as f:
                self.assertEqual(f.read(), "é\n\nb\n".encode())
            self.assertEqual(sizes, [6, 2])
        self.assertEqual(rows[1], ("cat/000.txt", 4, 2, "Q:2", "q:2"))
        self.assertEqual(rows[2][:4], ("cat/001.txt", 0, 2, "P:3"))


if __name__ == "__main__":
    unittest.main()
