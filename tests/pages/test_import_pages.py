"""The importer loses no text: a PDF without printed folios is an error that names --all-pages
(it gave empty Markdown and exit 0), a space a PDF keeps at a line end stays a space, and a Thai
line end that may hide a phrase space is pointed out."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from conftest import DATA
from thaibook.cli.main import main
from thaibook.core.files import FONTS_DIR
from thaibook.pages.importer import join_wrapped, phrase_space_notes

PHRASES = "การประชุมครั้งนี้มีความซับซ้อนสูง การออกแบบการประชุมจึงพยายามสร้างความรู้ ความเข้าใจ และความตระหนัก"


def _pdf(path: Path, *paragraphs: str, keep_spaces: bool = True) -> Path:
    """Pages without folios, typeset by WeasyPrint; pre-wrap keeps a space at a line end in the text."""
    font = (FONTS_DIR / "Sarabun-Regular.ttf").as_uri()
    style = "white-space: pre-wrap;" if keep_spaces else ""
    body = "".join(f'<p style="break-before: page">{p}</p>' for p in paragraphs)
    html = (
        f"<style>@font-face {{ font-family: S; src: url({font}) }} @page {{ size: 90mm 120mm; margin: 10mm }}"
        f"body {{ font: 12pt S }} p {{ {style} text-indent: 8mm }}</style>{body}"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def test_a_pdf_without_folios_is_an_error_that_names_all_pages(tmp_path: Path, capsys) -> None:
    pdf = _pdf(tmp_path / "nofolio.pdf", PHRASES, "หน้าที่สอง " + PHRASES)
    out = tmp_path / "out.md"
    assert main(["import", str(pdf), "--output", str(out)]) == 1
    assert not out.exists()
    assert capsys.readouterr().err.endswith(
        "nofolio.pdf: error: none of its 2 pages prints a page number (folio), so every page was skipped: "
        "--all-pages imports them all, without page markers\n"
    )
    assert main(["import", str(pdf), "--all-pages", "--output", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert f"\n{PHRASES}\n\nหน้าที่สอง {PHRASES}\n" in md and "<!-- page" not in md


def test_a_pdf_with_no_text_is_an_error(tmp_path: Path, capsys) -> None:
    pdf = _pdf(tmp_path / "scan.pdf", "")
    assert main(["import", str(pdf), "--all-pages"]) == 1
    assert "scan.pdf: error: no text found in its 1 pages (a scanned PDF has no text to import)" in (
        capsys.readouterr().err
    )


def test_spaces_a_pdf_keeps_at_line_ends_stay(tmp_path: Path, capsys) -> None:
    pdf = _pdf(tmp_path / "spaces.pdf", PHRASES)
    assert main(["import", str(pdf), "--all-pages"]) == 0
    md, notes = capsys.readouterr()
    assert f"\n{PHRASES}\n" in md  # 'ซับซ้อนสูง การออกแบบ' even where a line ended at the space
    assert "phrase space" not in notes  # the file says where its spaces are


def test_a_pdf_that_drops_line_end_spaces_says_so(tmp_path: Path, capsys) -> None:
    pdf = _pdf(tmp_path / "dropped.pdf", PHRASES, keep_spaces=False)
    assert main(["import", str(pdf), "--all-pages"]) == 0
    md, notes = capsys.readouterr()
    lost = len(PHRASES.split(" ")) - len(md.split("\n---\n", 1)[1].strip().split(" "))
    assert lost > 0  # WeasyPrint's text layer has no space where a line broke at one
    assert (
        "line ends between Thai words joined with no space: this file keeps no space at a line end" in notes
    )


def test_likely_phrase_spaces_are_named_one_by_one() -> None:
    joins: list[tuple[str, str]] = []
    parts = ["ความรู้ ความเข้าใจ", "และความตระหนัก", "รวมถึงเด็กๆ", "ทุกคน", "หรือผู้ใหญ่"]
    assert join_wrapped(parts, joins) == "ความรู้ ความเข้าใจและความตระหนักรวมถึงเด็กๆ ทุกคนหรือผู้ใหญ่"
    assert joins == [
        ("ความเข้าใจ", "และความตระหนัก"),
        ("ความเข้าใจและความตระหนัก", "รวมถึงเด็กๆ"),
        ("ทุกคน", "หรือผู้ใหญ่"),
    ]
    assert phrase_space_notes(joins) == [
        "a phrase space may stand at the line end '…ความเข้าใจ│และความตระหน…' (joined with none): check it",
        "a phrase space may stand at the line end '…ทุกคน│หรือผู้ใหญ่…' (joined with none): check it",
        "3 line ends between Thai words joined with no space: this file keeps no space at a line end, so a "
        "phrase space that stood at one is lost",
    ]


def test_the_flipbook_page_points_at_its_likely_phrase_space(capsys: pytest.CaptureFixture) -> None:
    assert main(["import", str(DATA / "page-011.txt")]) == 0
    notes = capsys.readouterr().err
    assert "note: a phrase space may stand at the line end '…งฐานความคิด│และปฏิบัติกา…'" in notes
