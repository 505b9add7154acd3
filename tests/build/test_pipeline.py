"""The pipeline end to end on the first book: pages, header, folio, fonts, outline, metadata."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import yaml
from PIL import Image, ImageChops

from conftest import ROOT, build_with_second_chapter, pdftotext
from thaibook.cli.main import main

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
    assert body[0] == "• ผู้แทนภาคประชาสังคม"  # the marker is read before its item's text
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


def test_contents_dot_leaders(first_book: Path) -> None:
    """Dots on each contents line's baseline, 2.7 pt apart, from the title (whose white
    padding hides them) to one column for every line, a gap before the page number."""
    em = float(BOOK_YAML["font"]["size"].removesuffix("pt"))
    lines = contents_lines(first_book, 1)
    assert len(lines) == 2  # the chapter and its section
    last = set()
    for left, right, number, dots in lines:
        between = [d for d in dots if right < d < number]
        assert len(between) > 20
        assert [d for d in dots if d < left] == []  # clipped at the line's start
        assert [d for d in between if d < right + 0.4 * em - 0.3] == []  # under the title's padding
        assert between[0] < right + 0.4 * em + 2.7
        assert all(abs(b - a - 2.7) < 0.3 for a, b in itertools.pairwise(between))
        assert 0.5 * em < number - between[-1] < 2.5 * em
        last.add(between[-1])
    assert len(last) == 1  # the same column on both lines


def contents_lines(
    pdf: Path, index: int, scale: float = 4.0
) -> list[tuple[float, float, float, list[float]]]:
    """Per line of a page that ends in a page number: the title's left and right ends, the
    number's left end and the centres of the dark runs along the baseline, in points (PDFium)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        text, height = page.get_textpage(), page.get_height()
        chars = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
        image = page.render(scale=scale).to_pil().convert("L")
    finally:
        doc.close()
    found = []
    for line in split_lines(chars):
        digits = [box for c, box in line if c.isascii() and c.isdigit()]
        title = [box for c, box in line if c.strip() and not (c.isascii() and c.isdigit())]
        if digits and title:
            top = round((height - min(box[1] for box in digits) - 0.4) * scale)  # baseline - 0.4 pt
            runs = dark_runs(image.crop((0, top, image.width, top + round(0.8 * scale))))
            ends = (min(box[0] for box in title), max(box[2] for box in title), min(box[0] for box in digits))
            found.append((*ends, [x / scale for x in runs]))
    return found


def split_lines(chars: list[tuple[str, tuple]]) -> list[list[tuple[str, tuple]]]:
    """PDFium's characters, line by line (its line ends dropped)."""
    lines: list[list[tuple[str, tuple]]] = [[]]
    for c, box in chars:
        if c == "\n":
            lines.append([])
        elif c != "\r":
            lines[-1].append((c, box))
    return lines


def dark_runs(band: Image.Image) -> list[float]:
    """The centres (in pixels) of the runs of a band's columns that hold a dark pixel."""
    dark = [any(band.getpixel((x, y)) < 128 for y in range(band.height)) for x in range(band.width)]
    runs, start = [], 0
    for x, (before, here) in enumerate(itertools.pairwise([False, *dark, False])):
        if here and not before:
            start = x
        elif before and not here:
            runs.append((start + x - 1) / 2)
    return runs


def test_character_without_glyph_fails_with_file_line_column(tmp_path: Path, book_copy, capsys) -> None:
    out = tmp_path / "out.pdf"
    chapter, code = build_with_second_chapter(book_copy("plain"), "# บทที่สอง\n\nย่อหน้า 漢字\n", out)
    assert code == 1
    err = capsys.readouterr().err
    assert err == (
        f"{chapter}:3:9: error: no font of the book draws U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢'), "
        "U+5B57 CJK UNIFIED IDEOGRAPH-5B57 ('字') (CJK Unified Ideographs: 2 times in this file); "
        "name a face that has them in font.fallback (its file in the book's fonts folder)\n"
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
    assert "warning: Ignored `margin: bogus` at 1:1, invalid value." in capsys.readouterr().err.splitlines()


@pytest.mark.slow
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
