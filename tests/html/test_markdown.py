"""Markdown to HTML: Thai soft line breaks, Thai punctuation, headings with ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaibook.core.book import Chapter, ChapterMeta
from thaibook.html.markdown import chapter_to_html

NOBR = re.compile(r'<span class="nobr">(.*?)</span>|\u200b')


def html_of(body: str) -> str:
    """The chapter's HTML without the no-break spans of line breaking (tested in test_linebreak)."""
    return NOBR.sub(r"\1", chapter_to_html(Chapter(Path("x.md"), ChapterMeta(), body, 1, 1)).html)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("สถานการณ์ใน\nปัจจุบัน", "<p>สถานการณ์ในปัจจุบัน</p>"),
        ("ภาค\n  ผนวก", "<p>ภาคผนวก</p>"),
        ("(unit of operation)\nจึงเน้น", "<p>(unit of operation)\nจึงเน้น</p>"),
        ("ประเทศไทย\n(เอกสาร)", "<p>ประเทศไทย\n(เอกสาร)</p>"),
        ("คำ ๆ\n“คำพูด”", "<p>คำ ๆ\n“คำพูด”</p>"),
        ("- รายการ\n  ต่อ", "<ul>\n<li>รายการต่อ</li>\n</ul>"),
    ],
)
def test_line_end_joins_only_between_thai(source: str, expected: str) -> None:
    assert html_of(source) == expected


def test_code_keeps_its_line_ends() -> None:
    assert html_of("    ก\n    ข") == (
        '<div class="language-text highlight"><pre><span></span><code>'
        '<span class="ln">ก\n</span><span class="ln">ข\n</span></code></pre></div>'
    )


def test_line_end_after_inline_code_joins() -> None:
    assert html_of("ใช้ `words.txt` เป็น\nรายการ") == "<p>ใช้ <code>words.txt</code> เป็นรายการ</p>"


def test_thai_digits_and_marks_pass_through() -> None:
    text = "ฯลฯ ๑๒๓ ต่าง ๆ “อ้างอิง” กรุงเทพฯ"
    assert html_of(text) == f"<p>{text}</p>"


def test_headings_get_chapter_unique_ids() -> None:
    result = chapter_to_html(Chapter(Path("x.md"), ChapterMeta(), "## ๑.๔ การออกแบบ\n", 1, 3))
    assert result.html == '<h2 id="c3-๑๔-การออกแบบ">๑.๔ การออกแบบ</h2>'
    assert [(h.level, h.text) for h in result.headings] == [(2, "๑.๔ การออกแบบ")]


def test_tables_footnotes_attributes_and_raw_html() -> None:
    html = html_of("| ก | ข |\n|---|---|\n| ๑ | ๒ |\n\nคำ[^1]{.x}\n\n[^1]: หมายเหตุ\n\n<div>ดิบ</div>")
    assert "<table>" in html and "<td>๑</td>" in html
    assert 'class="footnote-text"' in html and "หมายเหตุ" in html
    assert "<div>ดิบ</div>" in html


def test_footnote_ids_are_unique_across_chapters() -> None:
    """One book is one document: chapter 2's footnote links go to chapter 2's notes."""
    source = "ข้อความ[^1]\n\n[^1]: หมายเหตุ\n"
    ids = {}
    for index in (1, 2):
        html = chapter_to_html(Chapter(Path(f"{index}.md"), ChapterMeta(), source, 1, index)).html
        ids[index] = re.findall(r'id="([^"]+)"', html)
        assert set(re.findall(r'href="#([^"]+)"', html)) <= set(ids[index])  # links point inside
    assert ids[1] and not set(ids[1]) & set(ids[2])
