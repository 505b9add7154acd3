"""The PDF's text layer gives back exactly the Markdown's text; the font fix changes no pixel."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from tests.textlayer import differences, markdown_text, pdftotext_raw, pypdf_text, pypdfium_text, squeeze
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.fonts.embedded import tounicode
from thaibook.fonts.faces import PREP_VERSION, load_faces, prepare_faces, prepared_font
from thaibook.fonts.prepare import SILENT_GIDS, prepare_font_bytes
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


def test_pdfium_reads_an_empty_entry_as_its_glyph_id(
    hard_pdfs: dict[str, Path], expected: str, tmp_path: Path
) -> None:
    """Tone copies mapped as WeasyPrint maps them (to nothing) make PDFium add stray characters.

    So the pdfium exactness test above can fail; pdftotext loses the tones instead.
    """
    from fontTools.ttLib import TTFont

    tones = {chr(t) for t in range(0x0E48, 0x0E4C)}
    first_copy = len(TTFont(FONTS / "Sarabun-Regular.ttf", lazy=True).getGlyphOrder())
    with pikepdf.open(hard_pdfs["fixed"]) as pdf:
        for _, font in pdf.pages[0].Resources.Font.items():
            mapping = tounicode(font)
            mapping |= {code: "" for code, text in mapping.items() if code >= first_copy and text in tones}
            font.ToUnicode = pikepdf.Stream(pdf, to_unicode_cmap(mapping))
        pdf.save(tmp_path / "unmapped.pdf")
    assert squeeze(pdftotext_raw(tmp_path / "unmapped.pdf")) != expected
    stray = {g for _, _, g in differences(expected, squeeze(pypdfium_text(tmp_path / "unmapped.pdf")))}
    assert stray and all(len(g) == 1 and ord(g) > max(SILENT_GIDS) for g in stray)


def test_only_nikhahit_copies_stand_for_nothing(hard_pdfs: dict[str, Path]) -> None:
    # the cached copies the build used, of the Thai faces (a fallback face with no Thai is unchanged)
    fonts = [face.path for face in prepare_faces(load_faces(FONTS)) if face.family == "Sarabun"]
    assert len(fonts) == 4
    for path in fonts:
        texts = copy_texts(path)
        silent = {gid for gid, text in texts.items() if text == ""}
        assert silent and silent <= set(SILENT_GIDS), path.name
        assert set(texts.values()) == {"", "\u0e33", "\u0e48", "\u0e49", "\u0e4a", "\u0e4b"}
    with pikepdf.open(hard_pdfs["fixed"]) as pdf:
        for _, font in pdf.pages[0].Resources.Font.items():
            if "Sarabun" not in str(font.BaseFont):
                continue
            empty = {code for code, text in tounicode(font).items() if text == ""}
            assert empty and empty <= set(SILENT_GIDS), str(font.BaseFont)


def test_copy_names_say_their_text() -> None:
    assert copy_text(copy_name("uni0E4D0E49", "\u0e49")) == "\u0e49"
    assert copy_text(copy_name("uni0E4D.narrow", "")) == ""
    assert copy_text("uni0E4D.narrow") is None
    assert copy_text("uni0E4D.am") is None


def test_unprepared_fonts_lose_sara_am(hard_pdfs: dict[str, Path], expected: str) -> None:
    """Without the fix the same book extracts wrong: the exactness test above can fail."""
    got = squeeze(pdftotext_raw(hard_pdfs["plain"]))
    assert "สำนักงาน" in expected
    assert "สำนักงาน" not in got
    assert differences(expected, got) != []


def test_pages_are_pixel_identical(hard_pdfs: dict[str, Path]) -> None:
    fixed = pypdfium2.PdfDocument(hard_pdfs["fixed"])
    plain = pypdfium2.PdfDocument(hard_pdfs["plain"])
    assert len(fixed) == len(plain)
    for i in range(len(fixed)):
        a = fixed[i].render(scale=3).to_pil()
        b = plain[i].render(scale=3).to_pil()
        assert a.size == b.size
        assert a.tobytes() == b.tobytes(), f"page {i + 1} differs"


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
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / "Sarabun-Regular.ttf")
    del font["GSUB"]
    font.save(tmp_path / "plain.ttf")
    data = (tmp_path / "plain.ttf").read_bytes()
    assert prepare_font_bytes(data) == data
