"""Page markers, folios, page labels, the pagination report and strict overflow, on real PDFs."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from conftest import BOOKS, DATA, ROOT
from thaibook.cli.main import main
from thaibook.pages.agreement import agreement
from thaibook.pages.extract import read_flipbook, read_pdf
from thaibook.pages.runs import folio_runs
from thaibook.sources.settings import load_config

MM = 72 / 25.4


def page_lines(pdf: Path, page: int, header: int = 1) -> list[str]:
    """Body lines of a page (1-based) top to bottom (pdfium), running header, folio, bullets dropped."""
    lines = read_pdf(pdf)[page - 1].lines[header:]
    return [re.sub(r"^•\s*", "", x.text) for x in lines]


@pytest.fixture(scope="module")
def markers_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("markers") / "markers.pdf"
    assert main(["--content", str(BOOKS / "markers"), "--output", str(out)]) == 0
    return out


def original_page() -> list[str]:
    """The original page-9 body lines, from the flip-book text (header, labels, folio removed)."""
    header = load_config(ROOT / "content").header
    (page,) = read_flipbook((DATA / "page-011.txt").read_text(encoding="utf-8"), header)
    assert page.folio == "9"
    return [re.sub(r"^•\s*", "", line.text) for line in page.lines]


def test_first_book_page_nine_is_pdf_page_three(first_book: Path) -> None:
    assert "<!-- page 9 -->" in (ROOT / "content" / "01-introduction.md").read_text(encoding="utf-8")
    assert pypdf.PdfReader(first_book).page_labels[2] == "9"
    page = read_pdf(first_book)[2]  # lines top to bottom, by position
    header = load_config(ROOT / "content").header
    assert [x.text for x in page.lines[: len(header)]] == header
    assert page.folio == "9"
    body = [re.sub(r"^•\s*", "", x.text) for x in page.lines[len(header) :]]
    original = original_page()
    assert (body[0], body[-1]) == (original[0], original[-1])


def test_markers_set_folios_and_page_labels(markers_book: Path) -> None:
    reader = pypdf.PdfReader(markers_book)
    assert reader.page_labels == ["5", "6", "7", "8"]
    assert [p.folio for p in read_pdf(markers_book)] == ["5", "6", "7", "8"]


def test_marker_between_list_items_breaks_the_list(markers_book: Path) -> None:
    five, six = read_pdf(markers_book)[:2]
    assert five.lines[-1].text == "• รายการที่สอง"
    assert [x.text for x in six.lines[1:3]] == ["• รายการที่สาม", "• รายการที่สี่"]


def test_marker_mid_paragraph_continues_without_indent(markers_book: Path) -> None:
    pages = read_pdf(markers_book)
    first_para = next(x for x in pages[0].lines if x.text.startswith("ย่อหน้าแรก"))
    continued = next(x for x in pages[2].lines if x.text.startswith("ต่อจากหน้าก่อน"))
    inside = 30 * MM  # right-hand pages: the inside margin is on the left
    assert continued.x0 == pytest.approx(inside, abs=0.5)
    assert first_para.x0 == pytest.approx(inside + 15 * MM, abs=0.5)
    assert pages[1].lines[-1].text.startswith("ย่อหน้านี้เริ่มบนหน้าหก")


def test_marker_inside_numbered_item_keeps_numbering(markers_book: Path) -> None:
    seven, eight = page_lines(markers_book, 3), page_lines(markers_book, 4)
    assert seven[-2:] == ["1. ข้อที่หนึ่ง", "2. ข้อที่สอง ซึ่งยาวต่อเนื่อง"]
    assert eight == ["ไปจนถึงหน้าแปด", "3. ข้อที่สาม"]  # no number before the continued item


def test_pages_json_reports_pages_and_markers(markers_book: Path) -> None:
    report = json.loads(markers_book.with_suffix(".pages.json").read_text(encoding="utf-8"))
    assert [p["folio"] for p in report["pages"]] == pypdf.PdfReader(markers_book).page_labels
    assert report["pages"][2]["first_words"].startswith("ต่อจากหน้าก่อน")
    assert [(m["folio"], m["page"], m["fitted"]) for m in report["markers"]] == [
        (5, 0, True),
        (6, 1, True),
        (7, 2, True),
        (8, 3, True),
    ]
    assert report["markers"][1]["source"] == "01-markers.md:12"


def test_overflow_warns_then_fails_in_strict_mode(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    book, out = BOOKS / "overflow", tmp_path / "overflow.pdf"
    assert main(["--content", str(book), "--output", str(out)]) == 0
    labels = pypdf.PdfReader(out).page_labels
    start, end = labels.index("3"), len(labels) - 1  # the last page is the one of marker 4
    # The lines that spilled: every body line of the pages after the marker's own page.
    spilled = sum(len(page_lines(out, i + 1)) for i in range(start + 1, end))
    more = end - start - 1
    message = f"the text of page 3 overflows its page by {spilled} lines ({more} more pages)"
    where = f"{book.relative_to(Path.cwd()) if book.is_relative_to(Path.cwd()) else book}/01-long.md:7"
    assert f"{where}: warning: {message}" in capsys.readouterr().err
    out.unlink()
    assert main(["--content", str(book), "--output", str(out), "--strict"]) == 1
    assert capsys.readouterr().err == f"{where}: error: {message}\n"
    assert not out.exists()


def test_line_agreement_in_report(first_book: Path, capsys: pytest.CaptureFixture) -> None:
    report = json.loads(first_book.with_suffix(".pages.json").read_text(encoding="utf-8"))
    (found,) = report["line_agreement"]
    assert found["folio"] == "9" and found["lines"] == len(original_page())
    ours = page_lines(first_book, 3, header=2)
    agree, total, _, _ = agreement(original_page(), ours, set())
    assert (found["agree"], found["lines"]) == (agree, total)
    assert found["percent"] >= 75.0  # the calibrated book.yaml gives 22 of 28 (78.6%)


def test_agreement_counts_matching_line_ends() -> None:
    original = ["กขค งจ", "ฉช ซฌ", "ญฎ"]
    ours = ["กขค", "งจฉช ซฌ", "ญฎ"]
    assert agreement(original, ours, {len("กขคงจฉชซฌญฎ")}) == (2, 3, 1, 2)


def test_markers_with_thai_digit_folios(book_copy, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    book = book_copy("markers")
    config = book / "book.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "numbering:\n  body: thai\n", encoding="utf-8")
    out = tmp_path / "thai.pdf"
    assert main(["--content", str(book), "--output", str(out), "--strict"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert pypdf.PdfReader(out).page_labels == ["๕", "๖", "๗", "๘"]
    assert [p.folio for p in read_pdf(out)] == ["๕", "๖", "๗", "๘"]


def test_marker_inside_a_heading_is_an_error(
    book_copy, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    book = book_copy("markers")
    chapter = book / "01-markers.md"
    chapter.write_text("# บทนำ\n\nย่อหน้า\n\n## หัวข้อ <!-- page 3 -->\n", encoding="utf-8")
    assert main(["--content", str(book), "--output", str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err == f"{chapter}:5: error: a page marker cannot stand inside a heading\n"


def test_markers_out_of_order_warn(book_copy, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    book = book_copy("markers")
    chapter = book / "01-markers.md"
    chapter.write_text("<!-- page 5 -->\n\nหน้าห้า\n\n<!-- page 4 -->\n\nหน้าสี่\n", encoding="utf-8")
    assert main(["--content", str(book), "--output", str(tmp_path / "x.pdf")]) == 0
    assert f"{chapter}:5: warning: page marker 4 comes after page marker 5\n" in capsys.readouterr().err
    assert pypdf.PdfReader(tmp_path / "x.pdf").page_labels == ["5", "4"]


def test_folio_runs() -> None:
    assert folio_runs(["", "ก", "ข", "1", "2", "3", "5", "๖", "๗"]) == "- ก-ข 1-3 5 ๖-๗"


def test_a_marker_may_stand_in_a_paragraph_that_has_a_footnote_not_in_the_note(tmp_path: Path) -> None:
    from thaibook.core.book import Chapter, ChapterMeta
    from thaibook.core.errors import BuildError
    from thaibook.html.markdown import convert_chapter

    text = "ข้อความ[^a] ต่อไป\n<!-- page 3 -->\nอีกบรรทัด\n\n[^a]: หมายเหตุ\n"
    chapter = Chapter(tmp_path / "01.md", ChapterMeta(), text, 1, 1)
    (tmp_path / "01.md").write_text(text, encoding="utf-8")
    html = convert_chapter(chapter, ()).html  # the paragraph is has-footnote: no footnote itself
    assert 'data-folio="3"' in html
    inside = replace(chapter, body="ข้อความ[^a]\n\n[^a]: หมายเหตุ\n    <!-- page 3 -->\n    ต่อ\n")
    with pytest.raises(BuildError, match="a page marker cannot stand inside a footnote"):
        convert_chapter(inside, ())
