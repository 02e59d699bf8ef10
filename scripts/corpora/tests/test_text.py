"""Visiting order, interleaving and normalisation."""

import unittest

from corpora.text import interleave, looks_like_data, normalise, order_key


def cands(cat, labels):
    return [(order_key(cat, label), label, label) for label in labels]


class OrderKeyTests(unittest.TestCase):
    def test_depends_on_category_and_label_only(self):
        self.assertEqual(order_key("c", "pkg:a"), order_key("c", "pkg:a"))
        self.assertNotEqual(order_key("c", "pkg:a"), order_key("go", "pkg:a"))
        self.assertEqual(len(order_key("c", "pkg:a")), 64)


class InterleaveTests(unittest.TestCase):
    def test_round_robin_over_sorted_strata(self):
        labels = ["b:1", "b:2", "b:3", "a:1"]
        out = interleave(cands("x", labels), lambda label: label.split(":")[0])
        # a's one candidate first, then b's in key order.
        self.assertEqual(out[0][1], "a:1")
        b = sorted(c for c in cands("x", labels) if c[1].startswith("b:"))
        self.assertEqual([c[1] for c in out[1:]], [c[1] for c in b])

    def test_takes_one_of_each_stratum_in_turn(self):
        labels = [f"{p}:{i}" for p in "abc" for i in range(3)]
        out = interleave(cands("x", labels), lambda label: label.split(":")[0])
        self.assertEqual([c[1][0] for c in out], list("abc" * 3))

    def test_records_sources_only_when_asked(self):
        sources = {}
        c = cands("x", ["pkg:dir1/f", "pkg:dir2/g", "other:h"])
        interleave(c, lambda label: label.split(":")[1].split("/")[0], sources)
        self.assertEqual(sources["pkg:dir1/f"], "pkg/dir1")
        self.assertEqual(sources["pkg:dir2/g"], "pkg/dir2")
        self.assertEqual(sources["other:h"], "other/h")
        self.assertEqual(interleave([], lambda label: label), [])


class NormaliseTests(unittest.TestCase):
    def test_line_ends_controls_trailing_space_and_blank_runs(self):
        text = "\n\na\r\nb \t\rc\x07d\n\n\n\n\n\ne\n"
        self.assertEqual(normalise(text), "a\nb\ncd\n\n\ne\n")

    def test_overstrike(self):
        self.assertEqual(normalise("x\x08yz"), "yz\n")

    def test_ends_in_one_newline(self):
        self.assertEqual(normalise("x\n\n\n"), "x\n")


class DataTests(unittest.TestCase):
    def test_tables_of_numbers(self):
        self.assertTrue(looks_like_data("0x12, 0x34, 0x56, 0x78,\n" * 5))
        self.assertFalse(looks_like_data("def f(x):\n    return x + 1\n"))
        self.assertTrue(looks_like_data(" \n"))


if __name__ == "__main__":
    unittest.main()
