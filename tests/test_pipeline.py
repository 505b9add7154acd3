"""The pipeline end to end on the first book: pages, header, folio, fonts, outline, metadata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image, ImageChops

from conftest import ROOT, build_with_second_chapter, pdftotext
from thaibook.cli import main

CONTENT = ROOT / "content"
BOOK_YAML = yaml.safe_load((CONTENT / "book.yaml").read_text(encoding="utf-8"))


# Regions of an A4 page in points (top, height): running header, body, folio.
REGIONS = {"header": (0, 71), "body": (71, 714), "footer": (785, 57), "page": (0, 842)}


def page_text(pdf: Path, page: int, region: str = "page") -> list[str]:
    """The non-empty lines of one region of a page (1-based), pdftotext -raw, bullets dropped."""
    top, height = REGIONS[region]
    crop = ["-x", "0", "-y", str(top), "-W", "595", "-H", str(height)]
    text = pdftotext(pdf, "-raw", "-f", str(page), "-l", str(page), *crop)
    return [line for line in text.splitlines() if line.strip() not in ("", "•")]


def test_three_pages_cover_contents_body(first_book: Path) -> None:
    reader = pypdf.PdfReader(first_book)
    assert len(reader.pages) == 3
    assert reader.page_labels == ["", "ก", "9"]


def test_page_nine_header_body_and_folio(first_book: Path) -> None:
    assert page_text(first_book, 3, "header") == BOOK_YAML["header"]
    body = page_text(first_book, 3, "body")
    assert body[0] == "ผู้แทนภาคประชาสังคม"
    assert "๑.๔ การออกแบบการประชุมปฏิบัติการ" in body
    assert body[-1].endswith("จะนำเสนอในบทต่อไป")
    assert page_text(first_book, 3, "footer") == ["9"]


def test_cover_has_no_header_or_folio(first_book: Path) -> None:
    assert page_text(first_book, 1, "header") == []
    assert page_text(first_book, 1, "footer") == []
    assert page_text(first_book, 2, "header") == []


def test_contents_lists_section_on_page_nine(first_book: Path) -> None:
    lines = page_text(first_book, 2, "body")
    assert lines[0] == BOOK_YAML["contents_title"]
    assert "๑.๔ การออกแบบการประชุมปฏิบัติการ 9" in lines
    assert page_text(first_book, 2, "footer") == ["ก"]


def test_only_sarabun_embedded_and_subset(first_book: Path) -> None:
    out = subprocess.run(["pdffonts", str(first_book)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows
    for row in rows:
        name, emb, sub = row[0], row[-5], row[-4]
        assert name.split("+")[1].startswith("Sarabun"), name
        assert len(name.split("+")[0]) == 6 and (emb, sub) == ("yes", "yes")


def test_outline_and_metadata(first_book: Path) -> None:
    reader = pypdf.PdfReader(first_book)
    outline = reader.outline
    titles = [
        (item.title, reader.get_destination_page_number(item))
        for item in outline
        if not isinstance(item, list)
    ]
    assert ("บทที่ ๑ บทนำ", 2) in titles
    sections = next(item for item in outline if isinstance(item, list))
    assert [(s.title, reader.get_destination_page_number(s)) for s in sections] == [
        ("๑.๔ การออกแบบการประชุมปฏิบัติการ", 2)
    ]
    meta = reader.metadata
    assert meta.title == BOOK_YAML["title"]
    assert meta.author == BOOK_YAML["author"]
    assert meta.creator.startswith("thaibook")
    assert reader.trailer["/Root"]["/Lang"] == "th"
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": BOOK_YAML["title"]}
    assert xmp.dc_creator == [BOOK_YAML["author"]]
    assert xmp.dc_language == ["th"]


def test_thai_line_ends_join_without_space(first_book: Path) -> None:
    text = "".join(pdftotext(first_book).split())
    source = (CONTENT / "01-introduction.md").read_text(encoding="utf-8")
    assert "สถานการณ์ใน\nปัจจุบัน" in source
    assert "สถานการณ์ในปัจจุบัน" in text
    spaced = pdftotext(first_book)
    assert "(unit of operation) จึงเน้น" in spaced


def test_plain_markdown_folder_builds_with_defaults(tmp_path: Path, book_copy, capsys) -> None:
    book = book_copy("plain")
    out = tmp_path / "plain.pdf"
    assert main(["--content", str(book), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out} (4 pages) in ")
    reader = pypdf.PdfReader(out)
    assert reader.metadata.title == "plain"
    assert reader.page_labels == ["", "ก", "1", "2"]
    assert page_text(out, 3, "header") == ["plain"]
    assert page_text(out, 3, "body")[0] == "บทแรก"
    assert "ข้อความภาษาไทยในบทแรก ไม่มีไฟล์ตั้งค่าหนังสือจึงใช้ค่าเริ่มต้นทั้งหมด (defaults) แบบนี้" in pdftotext(out)


def test_page_nine_matches_golden_png(first_book: Path, regen_golden: bool) -> None:
    """The page-9 page looks as approved (tests/golden/page-9.png), within anti-aliasing noise."""
    golden = ROOT / "tests" / "golden" / "page-9.png"
    image = render_page(first_book, 2)
    if regen_golden:
        golden.parent.mkdir(exist_ok=True)
        image.save(golden)
        pytest.skip("golden file rewritten")
    expected = Image.open(golden).convert("L")
    assert image.size == expected.size
    diff = ImageChops.difference(image, expected)
    changed = diff.point(lambda v: 255 if v > 64 else 0).histogram()[255] / (image.size[0] * image.size[1])
    assert changed < 0.002, f"{changed:.2%} of the pixels differ from {golden.name}"


def render_page(pdf: Path, index: int, dpi: int = 50) -> Image.Image:
    """One page rendered to grayscale pixels with PDFium."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def test_character_without_glyph_fails_with_file_line_column(tmp_path: Path, book_copy, capsys) -> None:
    out = tmp_path / "out.pdf"
    chapter, code = build_with_second_chapter(book_copy("plain"), "# บทที่สอง\n\nย่อหน้า 漢字\n", out)
    assert code == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {chapter}:3:9: the book's fonts have no glyph for U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢')\n"
        f"error: {chapter}:3:10: the book's fonts have no glyph for U+5B57 CJK UNIFIED IDEOGRAPH-5B57 ('字')\n"
    )
    assert not out.exists()


def test_weasyprint_warnings_reported_and_fail_the_suite(
    tmp_path: Path, book_copy, capsys, monkeypatch
) -> None:
    """A WeasyPrint warning is printed by a build, and is an error under the tests' strict setting."""
    book = book_copy("plain")
    out = tmp_path / "out.pdf"
    text = '# บทที่สอง\n\n<p style="margin: bogus">ย่อหน้า</p>\n'
    assert build_with_second_chapter(book, text, out)[1] == 1
    assert capsys.readouterr().err.startswith("error: WeasyPrint warned: Ignored `margin: bogus`")
    monkeypatch.delenv("THAIBOOK_WEASYPRINT_WARNINGS_FAIL")
    assert main(["--content", str(book), "--output", str(out), "--single-pass"]) == 0
    assert "warning: Ignored `margin: bogus`" in capsys.readouterr().err


def test_closed_output_pipe_is_quiet(tmp_path: Path, book_copy) -> None:
    """`build.py | head` that stops reading early: no traceback, no 'internal error'."""
    book = book_copy("plain")
    cmd = [
        sys.executable,
        str(ROOT / "build.py"),
        "--content",
        str(book),
        "--output",
        str(tmp_path / "o.pdf"),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 1
    assert err == ""
    assert (tmp_path / "o.pdf").exists()
