"""Real books' footnotes, links and images in the PDF, by both build paths (issue 13)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from tests.parts.test_chapter_build import assert_same_book, links, outline, page_texts
from tests.textlayer import squeeze
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import BuildResult, build

BOOKS = Path(__file__).resolve().parents[1] / "books"


def lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def both_paths(name: str, tmp: Path) -> tuple[Path, Path]:
    """The fixture book built by the single pass and by the chapter build, from a copy."""
    single, chapters = tmp / "single.pdf", tmp / "chapters.pdf"
    _built(name, tmp, single)
    build_chapters(tmp / name, chapters, jobs=1)
    return single, chapters


def _built(name: str, tmp: Path, out: Path) -> BuildResult:
    shutil.copytree(BOOKS / name, tmp / name)
    return build(tmp / name, out)


@pytest.mark.slow
def test_footnotes_print_at_the_foot_of_the_page_that_refers_to_them(tmp_path: Path) -> None:
    single, chapters = both_paths("footnotes", tmp_path)
    assert_same_book(single, chapters)
    pages = page_texts(chapters)
    assert "ประโยคนี้มีเชิงอรรถ2" in squeeze(pages[0]) and "อ้างถึงเอกสารอีกฉบับ3" in squeeze(pages[1])
    # Each page ends with its own notes, then its folio; the notes of chapter 1 stay in chapter 1.
    assert lines(pages[0])[-3:] == ["1. This is the footnote content.", "2. นี่คือเนื้อหาของเชิงอรรถ", "1"]
    assert lines(pages[1])[-3:] == ["3. รายงานการประชุมปฏิบัติการ พ.ศ. ๒๕๖๖", "ย่อหน้าที่สองของเชิงอรรถที่สาม", "2"]
    assert "เชิงอรรถ" not in " ".join(lines(pages[2])[1:]).replace("ไม่มีเชิงอรรถ เชิงอรรถของบทก่อน", "")
    # The reference links to its note, on the same page; only the book's face is embedded (no ↩).
    assert [(page, target[0]) for page, _, target in links(chapters)] == [(0, 0), (0, 0), (1, 1), (1, 0)]
    fonts = {
        str(f.BaseFont).split("+")[-1]
        for p in pikepdf.open(chapters).pages
        for f in p.Resources.Font.values()
    }
    assert fonts == {"Sarabun", "Sarabun-Bold"}


@pytest.mark.slow
def test_footnotes_as_chapter_endnotes(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(BOOKS / "footnotes", book)
    with (book / "book.yaml").open("a", encoding="utf-8") as f:
        f.write("footnotes: chapter\n")
    pages = page_texts(build_chapters(book, tmp_path / "book.pdf", jobs=1).output)
    assert lines(pages[1])[-6:] == [
        "ถึงเชิงอรรถแรกอีกครั้ง1",
        "1. This is the footnote content.",
        "2. นี่คือเนื้อหาของเชิงอรรถ",
        "3. รายงานการประชุมปฏิบัติการ พ.ศ. ๒๕๖๖",
        "ย่อหน้าที่สองของเชิงอรรถที่สาม",
        "2",
    ]


@pytest.mark.slow
def test_images_fit_the_text_block_svg_is_drawn_and_a_missing_image_is_a_box(tmp_path: Path) -> None:
    single, chapters = tmp_path / "single.pdf", tmp_path / "chapters.pdf"
    result = _built("images", tmp_path, single)
    build_chapters(tmp_path / "images", chapters, jobs=1)
    assert_same_book(single, chapters)
    # The 2000-px PNG spans the 98 mm text block of A5 (148 - 30 - 20 mm): 518 px an inch, twice.
    listed = subprocess.run(["pdfimages", "-list", str(chapters)], check=True, capture_output=True, text=True)
    rows = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert [(r[0], r[3], r[12]) for r in rows] == [
        ("1", "2000", "518"),
        ("1", "2000", "518"),
        ("2", "300", "96"),
    ]
    assert (
        "images: 2 scaled down to fit the text block (the most: 'images/wide.png' to 19%)" in result.summary
    )
    # The SVG's red circle is drawn; the boxes print the missing images' alt text and path.
    page = pdfium.PdfDocument(str(chapters))[0].render(scale=1).to_pil().convert("RGB")
    assert dict((color, n) for n, color in page.getcolors(1 << 24))[(204, 34, 34)] > 1500
    assert "แผนภาพ" in squeeze(page_texts(chapters)[0])
    assert "ภาพที่ไม่มีในเล่มmedia/power-bi-card-missing.png" in squeeze(page_texts(chapters)[1])
    assert [w.kind for w in result.warnings] == ["image"] * 4


@pytest.mark.slow
def test_chapters_without_a_heading_are_named_as_their_authors_would(tmp_path: Path) -> None:
    single, chapters = tmp_path / "single.pdf", tmp_path / "chapters.pdf"
    result = _built("titles", tmp_path, single)
    build_chapters(tmp_path / "titles", chapters, jobs=1)
    assert_same_book(single, chapters)
    assert [(level, title) for level, title, *_ in outline(chapters)] == [
        (0, "สารบัญ"),
        (0, "เครื่องมือแปลงเอกสาร Markdown เป็นหนังสือภาษาไทยพร้อมพิมพ์…"),  # text only: its first words
        (0, "บทนำ"),  # a setext heading
        (0, "III. Config"),  # the front matter's title
        (0, "ฟังก์ชันและคลาสคอมโพเนนท์"),  # the first '##' heading, once
        (1, "ฟังก์ชันและคลาสคอมโพเนนท์"),
        (0, "05 empty"),  # nothing but the file's name
    ]
    pages = [lines(page) for page in page_texts(chapters)]
    assert pages[3][1] == "III. Config"  # printed: the front matter's title is on no line of the text
    assert pages[1][1].startswith("เครื่องมือแปลงเอกสาร") and pages[4][1].startswith(
        "คอมโพเนนท์"
    )  # no title added
    assert [(Path(w.path).name, w.message) for w in result.warnings] == [
        ("05-empty.md", "the chapter has no text: it prints as an empty page with an entry in the contents")
    ]
