"""docfx's [!INCLUDE] in the three spellings of Microsoft's Thai documentation: the file's text
spliced in (its front matter left out, its images found beside it), no chapter of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaibook.core.errors import collecting
from thaibook.html.markdown import convert_chapters
from thaibook.sources.chapters import load_book

INCLUDES = Path(__file__).resolve().parents[1] / "books" / "includes"


@pytest.fixture(scope="module")
def card() -> tuple[list[str], str, list[str]]:
    """The chapters' files, the card chapter's HTML (no line-break spans) and the warnings."""
    with collecting() as warnings:
        book = load_book(INCLUDES)
        html = convert_chapters(book)[0].html
    shown = [f"{Path(w.path).relative_to(INCLUDES)}:{w.line}:{w.column}: {w.message}" for w in warnings]
    names = [c.path.relative_to(INCLUDES).as_posix() for c in book.chapters]
    return names, re.sub(r'<span class="nobr"[^>]*>(.*?)</span>|\u200b', r"\1", html), shown


def test_included_files_are_no_chapters(card) -> None:
    names, _, _ = card
    assert names == ["visuals/card.md"]


def test_each_spelling_is_spliced_in_its_place(card) -> None:
    _, html, _ = card
    blocks = html.split("\n<")
    assert blocks[1].startswith(  # [!INCLUDE[...](...)]: the front matter gone, the images beside the include
        'p><Token><strong>ปรับใช้กับ:</strong> <img alt="ไม่ใช่" src="includes/media/no.png">'
    )
    assert "title: include file" not in html and "ms.topic" not in html
    # [!INCLUDE [...](...)], a GitHub alert (html/callouts.py)
    assert (
        '<aside class="admonition note">\n<p class="admonition-title">หมายเหตุ</p>\n<p>ภาพเหล่านี้สามารถจัดทำ'
        in html
    )
    assert "<blockquote>\n<p>ข้อความนี้ใช้ได้กับ Dynamics 365</p>\n</blockquote>" in html  # [!include [...](...)]
    assert "<p>คำเตือนในประโยค สำคัญมาก จบประโยค</p>" in html  # inside a sentence
    assert "[!INCLUDE [in code](../includes/banner.md)]" in re.sub(r"<[^>]+>", "", html)  # code is code
    assert "[!INCLUDE" not in html.replace("[!INCLUDE [in code]", "")


def test_a_missing_include_is_a_warning(card) -> None:
    _, html, warnings = card
    assert "not-here" not in html
    assert warnings[-1] == "visuals/card.md:19:1: include '../includes/not-here.md' not found: left out"
