"""<wbr> where the project's line-break rule lets a line break, runs it keeps whole nowrap,
Latin runs marked English, and not one character added to the text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from thaibook.epub.breaks import XHTML, mark_breaks, word_breaks
from thaibook.thai.breaks import allowed_breaks
from thaibook.thai.linebreak import line_breaks
from thaibook.thai.rules import is_thai

TEXT = (
    "หน่วยการวิเคราะห์และปฏิบัติการ (unit of operation) จึงเน้นที่การแลกเปลี่ยนประสบการณ์ "
    "ในกลุ่มประชากรต่าง ๆ ฯลฯ “มุ่งเน้นการมองอนาคต” ผู้แทนจากสหรัฐอเมริกา "
    "ดู https://www.m-society.go.th/article_attach/ ได้"
)
WORDS = ("สหรัฐอเมริกา",)


def marked(html: str, words: tuple[str, ...] = (), lang: str = "th") -> ET.Element:
    root = ET.fromstring(f'<body xmlns="{XHTML}">{html}</body>')
    mark_breaks(root, words, lang)
    return root


def serial(root: ET.Element) -> str:
    """The tree as XHTML, its namespace left out."""
    return ET.tostring(root, encoding="unicode").replace(f' xmlns:html="{XHTML}"', "").replace("html:", "")


def offsets(root: ET.Element, test) -> list[int]:  # noqa: ANN001
    """Offsets into the element's text where an element passing ``test`` starts."""
    out, seen = [], 0

    def walk(el: ET.Element) -> None:
        nonlocal seen
        if test(el):
            out.append(seen)
        seen += len(el.text or "")
        for child in el:
            walk(child)
            seen += len(child.tail or "")

    walk(root)
    return out


def test_wbr_stand_only_where_the_rule_breaks_and_wherever_it_breaks_a_thai_word() -> None:
    root = marked(f"<p>{TEXT}</p>", WORDS)
    assert "".join(root.itertext()) == TEXT  # no character added or lost
    wbr = offsets(root, lambda el: el.tag == f"{{{XHTML}}}wbr")
    allowed = allowed_breaks(TEXT, WORDS)
    assert set(wbr) <= allowed
    assert not [p for p in wbr if TEXT[p - 1].isspace() or TEXT[p].isspace()]
    between_thai = {p for p in allowed if is_thai(TEXT[p - 1]) and is_thai(TEXT[p])}
    assert between_thai <= set(wbr)  # a reader with no Thai dictionary can break at each of them
    assert {TEXT.index("m-society") + 2, TEXT.index("th/") + 3} <= set(wbr)  # the rule's breaks in a URL
    assert len(wbr) == 20


def test_runs_the_rule_keeps_whole_are_nowrap_and_latin_runs_english() -> None:
    root = marked(f"<p>{TEXT}</p>", WORDS)
    nobr = ["".join(s.itertext()) for s in root.iter(f"{{{XHTML}}}span") if s.get("class") == "nobr"]
    assert nobr == ["การวิเคราะห์", "การแลกเปลี่ยน", "ต่าง ๆ ฯลฯ", "“มุ่งเน้น", "การมอง", "สหรัฐอเมริกา"]
    refused = line_breaks(TEXT) - allowed_breaks(TEXT, WORDS)
    _, keep = word_breaks(TEXT, WORDS, "dictionary")
    assert all(any(a < p < b for a, b in keep) for p in refused)  # Pango's every refused break is in one
    english = [s for s in root.iter(f"{{{XHTML}}}span") if s.get("lang")]
    assert [
        ("".join(s.itertext()), s.get("{http://www.w3.org/XML/1998/namespace}lang")) for s in english
    ] == [("unit of operation", "en")]  # the web address is not marked


def test_code_keeps_its_text_untouched_and_headings_get_breaks() -> None:
    root = marked(
        "<h2>การออกแบบการประชุม</h2><pre><code>ภาษาไทยในโค้ด</code></pre><p><code>ไทยไทย</code>ไทย</p>"
    )
    assert serial(root) == (
        '<body><h2><span class="nobr">การออกแบบ</span><wbr /><span class="nobr">การประชุม</span></h2>'
        "<pre><code>ภาษาไทยในโค้ด</code></pre><p><code>ไทยไทย</code>ไทย</p></body>"
    )


def test_an_english_book_marks_no_latin_run() -> None:
    assert serial(marked("<p>unit of operation</p>", lang="en")) == "<body><p>unit of operation</p></body>"
