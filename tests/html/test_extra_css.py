"""A book changes one style without copying the 120-line stylesheet: extra_css files come after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import pdftotext
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError
from thaibook.sources.chapters import load_book


def make_book(root: Path, settings: str) -> Path:
    root.mkdir(parents=True)
    (root / "book.yaml").write_text(
        f"title: ทดสอบ\ncover: false\ncontents: false\n{settings}", encoding="utf-8"
    )
    (root / "01.md").write_text("# บทที่ ๑\n\n## หัวข้อที่ซ่อน\n\nข้อความ\n", encoding="utf-8")
    return root


@pytest.mark.slow
def test_extra_css_comes_after_the_layouts_style_sheet(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book", "extra_css:\n  - style/mine.css\n")
    (book / "style").mkdir()
    (book / "style" / "mine.css").write_text("h2 { display: none; }\n", encoding="utf-8")
    text = pdftotext(build(book).output)
    assert "ข้อความ" in text and "หัวข้อที่ซ่อน" not in text


def test_a_missing_style_sheet_is_named_at_its_line(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book", "extra_css: [mine.css, theirs.css]\n")
    (book / "mine.css").write_text("p { color: red }\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_book(book)
    assert (
        caught.value.formatted()
        == f"{book}/book.yaml:4:23: error: style sheet 'theirs.css' not found in the book folder"
    )
