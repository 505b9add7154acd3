"""The running header stays inside its box: a line too long for the text block wraps in it, the
build says which key to shorten, and no text falls outside the page (read from the PDF's text
positions); a chapter may have a running title of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer

from thaibook.build.pipeline import build
from thaibook.core.errors import collecting
from thaibook.editions.validate import check_pdf

LONG = "รายงานสรุปผลการประชุมเชิงปฏิบัติการด้านการคุ้มครองทางสังคมสำหรับแรงงานนอกระบบและผู้สูงอายุ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"
TEXT = "การคุ้มครองทางสังคมเป็นเรื่องสำคัญของทุกคน " * 12


def make_book(root: Path, settings: str, chapter_meta: str = "") -> Path:
    root.mkdir(parents=True)
    (root / "book.yaml").write_text(f"title: {LONG}\n{settings}", encoding="utf-8")
    (root / "01.md").write_text(f"---\ntitle: บทนำ\n{chapter_meta}---\n\n{TEXT}\n", encoding="utf-8")
    return root


TOP = 25 / 25.4 * 72  # page.top, the running header's margin


def header_chars(pdf: Path) -> list[tuple[int, LTChar, float, float]]:
    """(page, char, page width, page height) of every character above the text block."""
    found = []
    for number, page in enumerate(extract_pages(str(pdf)), 1):
        width, height = page.width, page.height
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    for char in getattr(line, "_objs", []):
                        if isinstance(char, LTChar) and char.y0 > height - TOP and char.get_text().strip():
                            found.append((number, char, width, height))
    return found


def build_warned(book: Path, overrides: dict | None = None) -> tuple[Path, list[str]]:
    with collecting() as warnings:
        result = build(book, print_overrides=overrides)
    return result.output, [w.formatted() for w in warnings if w.kind == "header"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("settings", "overrides"), [("page:\n  size: A5\n", None), ("", {"trim": "A5"})], ids=["A5", "--trim A5"]
)
def test_a_long_title_wraps_inside_the_page_and_the_build_says_what_to_shorten(
    settings: str, overrides: dict | None, tmp_path: Path
) -> None:
    book = make_book(tmp_path / "book", settings)
    pdf, warned = build_warned(book, overrides)
    assert warned == [
        f"{book}/book.yaml:1:1: warning: the running header 'รายงานสรุปผลการประชุมเชิงปฏิบัติการด้า…' "
        "is wider than the text block: it wraps to 2 lines (first on page 1); give a shorter short_title in book.yaml"
    ]
    chars = header_chars(pdf)
    assert chars, "no running header found"
    margin = 15 / 25.4 * 72  # the smallest side margin (20mm outside) less a little
    for page, char, width, _ in chars:
        assert margin <= char.x0 and char.x1 <= width - margin, (page, char.get_text(), char.x0, char.x1)
    assert check_pdf(pdf) == []  # the validator sees no text outside the trim box


@pytest.mark.slow
def test_a_short_title_fits_and_a_chapter_may_have_its_own(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book", "short_title: รายงานสรุปผลการประชุม\npage:\n  size: A5\n")
    pdf, warned = build_warned(book)
    assert warned == []
    assert "".join(c.get_text() for _, c, _, _ in header_chars(pdf)).startswith("รายงานสรุปผลการประชุม")
    (book / "01.md").write_text(f"---\ntitle: บทนำ\nrunning_title: บทนำ\n---\n\n{TEXT}\n", encoding="utf-8")
    pdf, warned = build_warned(book)
    shown = "".join(c.get_text() for _, c, _, _ in header_chars(pdf))
    assert "บทนำ" in shown and "รายงานสรุปผล" not in shown  # the chapter's own running title
