"""The wiki domain: Wikipedia markup to the text a reader sees."""
import bz2
import os
import tempfile
import unittest

from corpora.wiki import MIN_ARTICLE, articles, parts, plain_text

# The start of the article "Albedo" as the dump holds it (XML-escaped wiki markup).
ALBEDO = """{{Other uses}}
{{Use dmy dates|date=June 2013}}
[[File:Albedo-e hg.svg|thumb|Percentage of diffusely reflected sunlight in relation to various surface conditions]]

'''Albedo''' ({{IPAc-en|æ|l|ˈ|b|iː|d|oʊ}}) or '''reflection coefficient''', derived from [[Latin]] ''albedo'' \
&quot;whiteness&quot; (or reflected sunlight) in turn from ''albus'' &quot;white&quot;, is the \
[[diffuse reflection|diffuse reflectivity]] or reflecting power of a surface.&lt;ref&gt;{{cite book|title=Optics}}\
&lt;/ref&gt;

==Terrestrial albedo==
* [[Fresh snow]]: 0.8&lt;!-- a comment --&gt;
{| class="wikitable"
|-
| Ocean || 0.06
|}
The term was introduced into optics by [[Johann Heinrich Lambert]] in his 1760 work ''[[Photometria]]''.
[[Category:Climate forcing]]"""


def dump(pages):
    xml = "<mediawiki>" + "".join(
        f"<page><title>{title}</title><ns>0</ns><revision><text xml:space=\"preserve\">{text}</text></revision></page>"
        for title, text in pages) + "</mediawiki>"
    return bz2.compress(xml.encode())


class WikiTest(unittest.TestCase):
    def test_markup_goes_and_the_words_a_reader_sees_stay(self):
        self.assertEqual(plain_text(ALBEDO).split("\n"), [
            "Albedo () or reflection coefficient, derived from Latin albedo \"whiteness\" (or reflected sunlight) "
            "in turn from albus \"white\", is the diffuse reflectivity or reflecting power of a surface.",
            "Terrestrial albedo",
            "Fresh snow: 0.8",
            "The term was introduced into optics by Johann Heinrich Lambert in his 1760 work Photometria.",
        ])

    def test_a_long_article_is_cut_at_line_breaks_into_near_equal_parts(self):
        text = "\n".join(f"line {i} " + "x" * (i % 50) for i in range(3000))
        cut = parts(text, part_max=20_000)
        self.assertEqual("\n".join(cut), text)
        sizes = [len(p.encode()) for p in cut]
        self.assertEqual(len(cut), -(-len(text.encode()) // 20_000))
        self.assertLess(max(sizes) - min(sizes), 200)
        self.assertEqual(parts("short"), ["short"])

    def test_redirects_and_short_pages_are_left_out(self):
        long_text = "\n\n".join([ALBEDO] * 20)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "dump.xml.bz2")
            with open(path, "wb") as f:
                f.write(dump([("AccessibleComputing", "#REDIRECT [[Computer accessibility]]"),
                              ("Stub", "'''Stub''' is short."), ("Albedo", long_text)]))
            found = articles(path)
        self.assertEqual([title for title, _ in found], ["Albedo"])
        self.assertGreaterEqual(len(found[0][1]), MIN_ARTICLE)
        self.assertNotIn("[[", found[0][1])


if __name__ == "__main__":
    unittest.main()
