"""Footnotes as print has them: each note beside its reference (for the foot of the page) or at
the chapter's end, never with Python-Markdown's back-link ↩ (U+21A9, not in the Thai faces)."""

from __future__ import annotations

import re
from pathlib import Path

from thaibook.core.book import Chapter, ChapterMeta
from thaibook.html.markdown import chapter_to_html

# The shape of md2docx-manual-th's ch04_markdown_syntax.md:351-355 (the corpus' real footnotes).
SOURCE = """\
This sentence has a footnote[^1].
ประโยคนี้มีเชิงอรรถ[^2] และอ้างถึงเชิงอรรถแรกอีกครั้ง[^1]

[^1]: This is the footnote content.
[^2]: นี่คือเนื้อหาของเชิงอรรถ

    ย่อหน้าที่สองของเชิงอรรถ
[^unused]: เชิงอรรถที่ไม่มีใครอ้างถึง
"""


def html_of(body: str, footnotes: str = "page") -> str:
    chapter = Chapter(Path("x.md"), ChapterMeta(), body, 1, 3)
    return re.sub(
        r'<span class="nobr"[^>]*>(.*?)</span>|\u200b', r"\1", chapter_to_html(chapter, (), footnotes).html
    )


def test_each_note_follows_its_first_reference() -> None:
    assert html_of(SOURCE) == (
        '<p class="has-footnote">This sentence has a footnote<sup id="fnref:3-1"><a class="footnote-ref" href="#fn:3-1">1</a></sup>'
        '<span class="footnote-text" data-n="1" id="fn:3-1">This is the footnote content.</span>.\n'
        'ประโยคนี้มีเชิงอรรถ<sup id="fnref:3-2"><a class="footnote-ref" href="#fn:3-2">2</a></sup>'
        '<span class="footnote-text" data-n="2" id="fn:3-2">นี่คือเนื้อหาของเชิงอรรถ'
        '<span class="footnote-p">ย่อหน้าที่สองของเชิงอรรถ</span></span> '
        'และอ้างถึงเชิงอรรถแรกอีกครั้ง<sup id="fnref2:3-1"><a class="footnote-ref" href="#fn:3-1">1</a></sup></p>\n'
        '<div class="footnote">\n<hr>\n<ol>\n'
        '<li id="fn:3-unused" value="3" style="counter-set: list-item 3; counter-increment: none">\n'
        "<p>เชิงอรรถที่ไม่มีใครอ้างถึง</p>\n</li>\n</ol>\n</div>"
    )


def test_chapter_endnotes_keep_the_list_without_back_links() -> None:
    html = html_of(SOURCE, "chapter")
    assert "footnote-text" not in html and "footnote-backref" not in html and "&#8617;" not in html
    notes = html.split('<div class="footnote">', 1)[1]
    assert re.findall(r'<li id="([^"]+)">', notes) == ["fn:3-1", "fn:3-2", "fn:3-unused"]
    assert "<p>This is the footnote content.</p>" in notes


def test_a_note_of_blocks_follows_its_paragraph() -> None:
    html = html_of("ข้อความ[^a] ต่อ\n\nย่อหน้าถัดไป\n\n[^a]: รายการ:\n\n    - หนึ่ง\n    - สอง\n")
    assert html.startswith(
        '<p class="has-footnote">ข้อความ<sup id="fnref:3-a"><a class="footnote-ref" href="#fn:3-a">1</a></sup> ต่อ</p>'
        '<div class="footnote-text" data-n="1" id="fn:3-a"><p>รายการ:</p>\n<ul>\n<li>หนึ่ง</li>\n<li>สอง</li>\n</ul>\n</div>\n'
        "<p>ย่อหน้าถัดไป</p>"
    )
