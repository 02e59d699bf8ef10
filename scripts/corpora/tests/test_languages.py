"""Man-page cleaning, language checks and translation catalogues."""

import unittest

from corpora import l10n, man

HEADER = "LS(1)" + " " * 40 + "User Commands" + " " * 40 + "LS(1)"
FOOTER = "GNU coreutils 9.1" + " " * 40 + "September 2022" + " " * 40 + "LS(1)"


class ManTests(unittest.TestCase):
    def test_header_footer_tail_boxes_and_layout_spaces(self):
        rendered = "\n".join([HEADER, "NAME", "       ls - list     directory", "│ a │ b │", "──────",
                              "COLOPHON", "       This page is part of ...", FOOTER, ""])
        self.assertEqual(man.clean_man(rendered, "en"), "NAME\nls - list directory\na b\n")

    def test_translated_page_drops_english_paragraphs(self):
        rendered = "\n".join([HEADER, "Die Datei wird mit dem Befehl und der Option gelesen.", "",
                              "This is the text of the page that was not translated at all.", "",
                              "ÜBERSETZUNG", "Die deutsche Übersetzung", FOOTER])
        self.assertEqual(man.clean_man(rendered, "de"), "Die Datei wird mit dem Befehl und der Option gelesen.\n")

    def test_language_ok(self):
        english = "the file is read and the option is set when it is not given " * 10
        self.assertTrue(man.language_ok(english, "en"))
        self.assertFalse(man.language_ok(english, "de"))
        self.assertFalse(man.language_ok("{}[]();" * 50, "en"))

    def test_added_languages(self):
        self.assertEqual(man.TAIL_HEADINGS["mk"], ("ПРЕВОД",))
        self.assertNotIn("the", man.STOPWORDS["nb"])


class CatalogueTests(unittest.TestCase):
    def test_category_of_locale(self):
        cases = {"ar": "ar", "pt_BR": None, "pt": "pt-pt", "zh_TW": "zh-tw", "zh_CN": None,
                 "sr@latin": None, "no": "nb", "en_GB": None, "sr_Latn": None, "de-AT": "de"}
        for locale, cat in cases.items():
            self.assertEqual(l10n.category_of(locale), cat, locale)

    def test_clean_message(self):
        self.assertEqual(l10n.clean_message("_Open", "_Öffnen"), "Öffnen")
        self.assertEqual(l10n.clean_message("Save (_S)", "保存 (_S)"), "保存")
        self.assertEqual(l10n.clean_message("File", "File"), "")
        self.assertEqual(l10n.clean_message("x", "Open the file with the program that you want"), "")

    def test_cut_parts_sizes_and_remainder(self):
        msgs = ["m" * 99] * 300          # 100 bytes each with the newline
        parts = l10n.cut_parts(msgs)
        self.assertEqual([len(p) for p in parts], [160, 110, 30])
        # A rest under min_part joins the part before.
        self.assertEqual([len(p) for p in l10n.cut_parts(msgs[:270] + ["m" * 9])], [160, 111])
        self.assertEqual(l10n.cut_parts(["a"] * 3), [["a"] * 3])


if __name__ == "__main__":
    unittest.main()
