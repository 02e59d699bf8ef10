"""OUT/categories.yaml: every category with the paper's group."""
import os
import tempfile
import unittest

from corpora.manifest import group_of, write_categories


class CategoriesManifestTest(unittest.TestCase):
    def test_groups_follow_the_paper(self):
        self.assertEqual(group_of("en", "natural"), "English")
        self.assertEqual(group_of("web", "domain"), "English")
        self.assertEqual(group_of("wiki", "domain"), "English")
        self.assertEqual(group_of("code", "domain"), "code")
        self.assertEqual(group_of("python", "code"), "code")
        self.assertEqual(group_of("fr", "natural"), "non-English")

    def test_each_category_is_a_line_naming_its_folder_and_group(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "categories.yaml")
            write_categories(path, {"en": "natural", "pt-pt": "natural", "c": "code"})
            lines = [l for l in open(path, encoding="utf-8").read().splitlines() if not l.startswith("#")]
        self.assertEqual(lines, ["en: {paths: en, group: English}", "pt-pt: {paths: pt-pt, group: non-English}",
                                 "c: {paths: c, group: code}"])


if __name__ == "__main__":
    unittest.main()
