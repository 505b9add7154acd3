"""Lists nested by two or three spaces nest, as on GitHub (html/listindent.py); lists nested by
four spaces and a list item's fenced code are as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaibook.core.errors import collecting
from thaibook.html.markdown import convert_chapters
from thaibook.sources.chapters import load_book

BOOK = Path(__file__).resolve().parents[1] / "books" / "nested-lists"


@pytest.fixture(scope="module")
def html() -> str:
    """The chapter's HTML, code blocks as [code], white space as one space, <p> in items dropped."""
    with collecting():
        text = convert_chapters(load_book(BOOK))[0].html
    text = re.sub(r'<span class="ln">.*?</code>', "[code]", text, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"</?p>", "", text))


def test_two_spaces_nest_under_a_bullet(html: str) -> None:
    assert "<li>รายการที่สาม<ul> <li>รายการย่อย</li> <li>รายการย่อยอีกอัน</li> </ul> </li>" in html


def test_three_spaces_nest_under_a_number_and_the_list_goes_on(html: str) -> None:
    assert "<li>ตำแหน่งที่ระบุผ่านตัวเลือก <code>--config</code><ul> <li>ตำแหน่งย่อย</li> </ul> </li>" in html
    # The sub-items stay in item 2, the paragraph after a blank line in its sub-item, and item 3
    # goes on the same list (it had ended the list, and started one numbered from 3).
    assert (
        "<li> ไดเรกทอรีปัจจุบัน <ul> <li>ชื่อของขั้นตอน</li> <li> ขั้นตอน-ถึง-ขั้นตอน ย่อหน้าของขั้นตอน </li> </ul> </li>"
        " <li> บันทึกรายงาน </li> </ol>" in html
    )
    assert "<ol start" not in html  # no list restarted at 3


def test_four_spaces_and_a_fence_are_as_typed(html: str) -> None:
    assert "<li> สี่ช่อง <ul> <li>ซ้อนด้วยสี่ช่อง</li> </ul> </li>" in html
    assert (
        '<li> โค้ดในรายการ <div class="language-javascript highlight"><pre><span></span><code>[code]' in html
    )


def test_an_item_right_after_an_item_s_paragraph_is_an_item(html: str) -> None:
    """powerbi-visuals-th's "4. โฮเวอร์เหนือแท่ง" came right after an image indented under item 2:
    Python-Markdown read it as that paragraph's text, CommonMark as the next item."""
    assert "<li> ขั้นหนึ่ง ย่อหน้าของขั้นหนึ่ง </li> <li> ขั้นสอง </li>" in html
    assert "2. ขั้นสอง" not in html
