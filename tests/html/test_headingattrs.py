"""A heading's ``{#id}`` typed with no space before it (react-main-concepts-th does): the id is
kept, the braces do not print, and a warning points at the brace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaibook.core.errors import collecting
from thaibook.core.store import Store
from thaibook.html.markdown import convert_chapters
from thaibook.parts import plan
from thaibook.sources.chapters import load_book

BOOK = Path(__file__).resolve().parents[1] / "books" / "heading-attrs"


@pytest.fixture(scope="module")
def converted() -> tuple[str, list[str]]:
    """The chapter's HTML and the warnings, as printed."""
    with collecting() as warnings:
        html = convert_chapters(load_book(BOOK))[0].html
    return html, [
        f"{Path(w.path).relative_to(BOOK)}:{w.line}:{w.column}: warning: {w.message}" for w in warnings
    ]


def test_a_glued_attribute_list_gives_the_heading_its_id(converted) -> None:
    html, _ = converted
    headings = re.findall(r'<h[1-6] id="([^"]*)">([^<]*)</h', html)
    assert headings[1:] == [
        (
            "keys-must-only-be-unique-among-siblings",
            "ค่า key จะต้องมีเอกลักษ์ในหมู่พี่น้องของมัน(Keys Must Only Be Unique Among Siblings)",
        ),
        ("spaced", "หัวข้อที่เว้นวรรคแล้ว"),
        ("closed", "ปิดท้ายด้วยเครื่องหมาย"),
        ("c1-parentheses", "Parentheses"),  # indented two spaces: a heading, as CommonMark reads it
    ]
    assert '<a href="#keys-must-only-be-unique-among-siblings">' in html


def test_code_keeps_what_looks_like_one(converted) -> None:
    html, _ = converted
    assert "ในโค้ด{#not-read}" in html
    assert 'id="not-read"' not in html
    assert "\n  # a comment in raw pre\n" in html  # a raw <pre> keeps its lines as typed
    assert "## Parentheses" not in html and '<a href="#c1-parentheses">' in html


def test_each_glued_list_is_a_warning_at_its_brace(converted) -> None:
    _, warnings = converted
    assert warnings == [
        "01-keys.md:3:89: warning: no space before the heading's attribute list"
        " '{#keys-must-only-be-unique-among-siblings}': read as one",
        "01-keys.md:13:26: warning: no space before the heading's attribute list '{#closed}': read as one",
    ]


def test_the_warning_stands_when_the_chapter_comes_from_the_cache(tmp_path: Path) -> None:
    """The converted chapter is cached (and made in a worker): the warning is the build's own."""
    store = Store(tmp_path / "parts", "salt")
    for _ in range(2):  # converted, then loaded from the store
        with collecting() as warnings:
            plan.convert_chapters(load_book(BOOK), store, None)
        assert [(w.line, w.column) for w in warnings] == [(3, 89), (13, 26)]
