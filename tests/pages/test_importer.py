"""The importer: flip-book text and PDFs to chapter Markdown that builds back to the same pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from conftest import BOOKS, DATA, ROOT, pdftotext
from thaibook.cli.main import main
from thaibook.pages.importer import join_wrapped


def squeezed_pages(pdf: Path) -> list[str]:
    """Each page's text without whitespace (pdftotext separates pages with form feeds)."""
    return [re.sub(r"\s+", "", page) for page in pdftotext(pdf, "-raw").split("\f")[:-1]]


def book_from(tmp: Path, chapter: Path) -> Path:
    """A copy of the first book whose only chapter is the imported one."""
    book = tmp / "book"
    shutil.copytree(ROOT / "content", book)
    for old in book.glob("*.md"):
        old.unlink()
    shutil.copy(chapter, book / "01-imported.md")
    return book


def test_import_flipbook_text(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "page.md"
    assert main(["import", str(DATA / "page-011.txt"), "--output", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "Page 11" not in md and "P. 11" not in md and "ำา" not in md
    assert "ความก้าวหน้า" not in md  # the running header is gone
    assert "\n<!-- page 9 -->\n\n- ผู้แทนภาคประชาสังคม\n- ผู้มีส่วนเกี่ยวข้องอื่น ๆ\n" in md
    assert "\n## ๑.๔ การออกแบบการประชุมปฏิบัติการ\n" in md
    assert "สถานการณ์ในปัจจุบันและแนวทาง" in md  # a wrap between Thai words joins with no space
    assert "ความมั่นคงของมนุษย์\n" in md  # a wrapped list item stays one item
    assert "note: no chapter title found: set 'title:' in the front matter" in capsys.readouterr().err


def test_imported_flipbook_builds_the_same_page(tmp_path: Path, first_book: Path) -> None:
    chapter = tmp_path / "page.md"
    assert main(["import", str(DATA / "page-011.txt"), "--output", str(chapter)]) == 0
    out = tmp_path / "rebuilt.pdf"
    assert main(["--content", str(book_from(tmp_path, chapter)), "--output", str(out)]) == 0
    assert pypdf.PdfReader(out).page_labels == pypdf.PdfReader(first_book).page_labels
    same = pdftotext(first_book, "-raw", "-f", "3", "-l", "3")
    assert pdftotext(out, "-raw", "-f", "3", "-l", "3") == same


def test_round_trip_through_our_pdf(tmp_path: Path, first_book: Path, capsys: pytest.CaptureFixture) -> None:
    chapter = tmp_path / "from-pdf.md"
    assert main(["import", str(first_book), "--output", str(chapter)]) == 0
    notes = capsys.readouterr().err
    assert "page 1: skipped, it has no folio (cover or front matter? --all-pages imports it)" in notes
    assert (
        "page 2: skipped, folio 'ก' is not a page number (cover or front matter? --all-pages imports it)"
        in notes
    )
    out = tmp_path / "again.pdf"
    assert main(["--content", str(book_from(tmp_path, chapter)), "--output", str(out)]) == 0
    assert pypdf.PdfReader(out).page_labels == pypdf.PdfReader(first_book).page_labels
    # Same text on the same pages (spaces aside: a wrap hides whether a space stood there).
    assert squeezed_pages(out)[2:] == squeezed_pages(first_book)[2:]


def test_join_wrapped_lines() -> None:
    assert join_wrapped(["สถานการณ์ใน", "ปัจจุบัน"]) == "สถานการณ์ในปัจจุบัน"
    assert join_wrapped(["สาระเป็น ๒", "ส่วน คือ"]) == "สาระเป็น ๒ ส่วน คือ"
    assert join_wrapped(["มากกว่า “", "แสวงหา"]) == "มากกว่า “แสวงหา"
    assert join_wrapped(["(unit of", "operation)"]) == "(unit of operation)"


def test_round_trip_keeps_markers_inside_paragraphs_and_lists(tmp_path: Path) -> None:
    first = tmp_path / "markers.pdf"
    assert main(["--content", str(BOOKS / "markers"), "--output", str(first)]) == 0
    chapter = tmp_path / "markers.md"
    assert main(["--content", str(BOOKS / "markers"), "import", str(first), "--output", str(chapter)]) == 0
    md = chapter.read_text(encoding="utf-8")
    assert "ก่อนถึงรอยต่อของหน้า\n<!-- page 7 -->\nต่อจากหน้าก่อน" in md  # mid-paragraph
    assert "2. ข้อที่สอง ซึ่งยาวต่อเนื่อง\n   <!-- page 8 -->\n   ไปจนถึงหน้าแปด\n3. ข้อที่สาม" in md
    book = tmp_path / "again"
    shutil.copytree(BOOKS / "markers", book)
    shutil.copy(chapter, book / "01-markers.md")
    again = tmp_path / "again.pdf"
    assert main(["--content", str(book), "--output", str(again)]) == 0
    assert pypdf.PdfReader(again).page_labels == pypdf.PdfReader(first).page_labels
    assert squeezed_pages(again) == squeezed_pages(first)
