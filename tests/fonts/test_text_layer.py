"""The PDF's text layer gives back exactly the Markdown's text, and every glyph carries its text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from PIL import ImageChops

from tests.textlayer import differences, markdown_text, pdftotext_raw, pypdf_text, pypdfium_text, squeeze
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.fonts.embedded import tounicode
from thaibook.fonts.faces import PREP_VERSION, load_faces, prepare_faces, prepared_font
from thaibook.fonts.prepare import prepare_font_bytes
from thaibook.fonts.textmap import copy_name, copy_text, copy_texts, to_unicode_cmap

HARD = Path(__file__).resolve().parents[1] / "books" / "thai-hard-cases"
FONTS = Path(__file__).resolve().parents[2] / "thaibook" / "data" / "fonts"


@pytest.fixture(scope="module")
def hard_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hard-case book built with the prepared fonts and with the plain ones."""
    root = tmp_path_factory.mktemp("hard")
    book = root / "book"
    shutil.copytree(HARD, book)
    return {
        "fixed": build(book, root / "fixed.pdf").output,
        "plain": build(book, root / "plain.pdf", exact_text=False).output,
    }


@pytest.fixture(scope="module")
def expected() -> str:
    return markdown_text(HARD)


@pytest.mark.parametrize(
    "extract", [pdftotext_raw, pypdf_text, pypdfium_text], ids=["pdftotext", "pypdf", "pdfium"]
)
def test_text_layer_is_exact(hard_pdfs: dict[str, Path], expected: str, extract) -> None:
    got = squeeze(extract(hard_pdfs["fixed"]))
    assert differences(expected, got) == []


@pytest.mark.parametrize("extract", [pdftotext_raw, pypdfium_text], ids=["pdftotext", "pdfium"])
def test_chapter_build_text_layer_is_exact(
    hard_pdfs: dict[str, Path], expected: str, tmp_path: Path, extract
) -> None:
    """The default build joins separately typeset parts: its ToUnicode maps are rewritten too."""
    book = hard_pdfs["fixed"].parent / "book"
    got = squeeze(extract(build_chapters(book, tmp_path / "chapters.pdf").output))
    assert differences(expected, got) == []


def test_every_shown_glyph_has_text_and_no_control_character(hard_pdfs: dict[str, Path]) -> None:
    """An empty ToUnicode entry makes MuPDF and pdf.js give the glyph id (U+0002 for a NIKHAHIT)."""
    from thaibook.fonts.embedded import _shown_codes

    with pikepdf.open(hard_pdfs["fixed"]) as pdf:
        for font, codes in _shown_codes(pdf):
            mapping = tounicode(font)
            bad = {
                c: mapping.get(c)
                for c in codes
                if not mapping.get(c) or any(ord(ch) < 0x20 for ch in mapping[c])
            }
            assert bad == {}, str(font.BaseFont)


def test_tone_copies_mapped_to_nothing_lose_the_tones(
    hard_pdfs: dict[str, Path], expected: str, tmp_path: Path
) -> None:
    """The copies' own entries matter: mapped as WeasyPrint would map a cluster's first glyph
    (to nothing), the exactness tests above fail."""
    tones = {chr(t) for t in range(0x0E48, 0x0E4C)}
    first_copy = len(TTFont(FONTS / "Sarabun-Regular.ttf", lazy=True).getGlyphOrder())
    with pikepdf.open(hard_pdfs["fixed"]) as pdf:
        for _, font in pdf.pages[0].Resources.Font.items():
            mapping = tounicode(font)
            mapping |= {code: "" for code, text in mapping.items() if code >= first_copy and text in tones}
            font.ToUnicode = pikepdf.Stream(pdf, to_unicode_cmap(mapping))
        pdf.save(tmp_path / "unmapped.pdf")
    got = squeeze(pdftotext_raw(tmp_path / "unmapped.pdf"))
    assert got != expected and "ที่" in expected and "ที่" not in got


def test_copies_stand_for_thai_marks_or_sara_am(hard_pdfs: dict[str, Path]) -> None:
    # the cached copies the build used, of the Thai faces (a fallback face with no Thai is unchanged)
    fonts = [face.path for face in prepare_faces(load_faces(FONTS)) if face.family == "Sarabun"]
    assert len(fonts) == 4
    marks = {chr(c) for c in range(0x0E31, 0x0E4F)} - {chr(c) for c in range(0x0E32, 0x0E34)}
    for path in fonts:
        texts = set(copy_texts(path).values())
        assert "" not in texts, path.name
        assert {"\u0e33", "\u0e48", "\u0e35"} <= texts and "\u0e49\u0e33" not in texts, path.name
        assert all(set(t) <= marks | {"\u0e33"} for t in texts), path.name


def test_copy_names_say_their_text() -> None:
    assert copy_text(copy_name("uni0E4D0E49", 7, "\u0e49")) == "\u0e49"
    assert copy_text(copy_name("uni0E32", 12, "\u0e49\u0e33")) == "\u0e49\u0e33"
    assert copy_text("uni0E4D.narrow") is None
    assert copy_text("uni0E4D.am") is None


def test_unprepared_fonts_lose_sara_am(hard_pdfs: dict[str, Path], expected: str) -> None:
    """Without the fix the same book extracts wrong: the exactness test above can fail."""
    got = squeeze(pdftotext_raw(hard_pdfs["plain"]))
    assert "สำนักงาน" in expected
    assert "สำนักงาน" not in got
    assert differences(expected, got) != []


def test_pages_look_the_same(hard_pdfs: dict[str, Path]) -> None:
    """Not pixel-identical: WeasyPrint put marks 2.4% of their offset too far, the copies
    put them where HarfBuzz does (tests/fonts/test_prepare.py). Only anti-aliased edges move."""
    fixed = pypdfium2.PdfDocument(hard_pdfs["fixed"])
    plain = pypdfium2.PdfDocument(hard_pdfs["plain"])
    assert len(fixed) == len(plain)
    for i in range(len(fixed)):
        a = fixed[i].render(scale=3).to_pil().convert("L")
        b = plain[i].render(scale=3).to_pil().convert("L")
        assert a.size == b.size
        ink = sum(b.point(lambda v: v < 250 and 255).histogram()[255:])
        moved = sum(ImageChops.difference(a, b).histogram()[96:])
        assert moved < 0.02 * ink, f"page {i + 1}: {moved} of {ink} ink pixels changed by more than 37%"


def test_only_book_fonts_are_embedded(hard_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(hard_pdfs["fixed"]) as pdf:
        names = {
            str(f.BaseFont).split("+", 1)[1] for page in pdf.pages for _, f in page.Resources.Font.items()
        }
    assert names == {"Sarabun", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-Bold-Italic"}


def test_first_book_keeps_sara_am(tmp_path: Path, book_copy) -> None:
    book = book_copy("content")
    text = pdftotext_raw(build(book, tmp_path / "book.pdf").output)
    assert "สำนักงาน" in text and "นำเสนอ" in text
    assert "ำา" not in text and "สานักงาน" not in text


def test_prepared_font_is_cached_by_content_and_version(tmp_path: Path) -> None:
    src = tmp_path / "Sarabun-Regular.ttf"
    shutil.copy(FONTS / "Sarabun-Regular.ttf", src)
    first = prepared_font(src, tmp_path / "cache")
    stamp = first.stat().st_mtime_ns
    assert prepared_font(src, tmp_path / "cache") == first
    assert first.stat().st_mtime_ns == stamp
    assert first.name.endswith(f".v{PREP_VERSION}.ttf")
    files = sorted(
        p.name for p in (tmp_path / "cache").iterdir() if not p.name.startswith(".")
    )  # not the lock
    assert files == [first.name, first.name + ".mac"]
    shutil.copy(FONTS / "Sarabun-Bold.ttf", src)
    assert prepared_font(src, tmp_path / "cache") != first


def test_font_without_thai_shaping_is_left_alone(tmp_path: Path) -> None:
    font = TTFont(FONTS / "Sarabun-Regular.ttf")
    del font["GSUB"]
    font.save(tmp_path / "plain.ttf")
    data = (tmp_path / "plain.ttf").read_bytes()
    assert prepare_font_bytes(data) == data
