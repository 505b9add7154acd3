"""Fonts: a face for code, the fallback faces in order, only the faces the book names reaching
the PDF, and what no face draws an error at its place, one per block and file, with its names."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

from conftest import pdftotext
from thaibook.cli.main import main
from thaibook.core.errors import BuildErrors
from thaibook.fonts.chain import book_faces
from thaibook.fonts.coverage import check_book
from thaibook.sources.chapters import load_book

TEXT = (
    "# ภาษาอื่น\n\nภาษาไทย Ελληνικά Русский Tiếng Việt ↵ ⬆ ✓\n\n"
    '```\nconst ชื่อ = "ไทย"; // ความเห็น\n├── src\n```\n\nและ `inline` ด้วย\n'
)


def test_names_faces_in_order_and_loads_only_those_the_text_needs(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# ไทย\n\nภาษาไทย Ελληνικά\n", encoding="utf-8")
    families = {f.family for f in book_faces(load_book(tmp_path))}
    assert families == {"Sarabun", "Noto Sans"}  # no code, nothing for the symbol faces
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    families = {f.family for f in book_faces(load_book(tmp_path))}
    assert families == {
        "Sarabun",
        "Noto Sans",
        "Noto Sans Math",
        "Noto Sans Symbols2",
        "Noto Sans Mono",
        "TLWG Mono TB",
    }


def test_a_face_book_yaml_names_that_is_nowhere_is_an_error_at_its_key(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text(
        "font:\n  mono: Fira Code\n  fallback:\n    - Noto Sans\n    - Noto Sanz\n"
    )
    (tmp_path / "a.md").write_text("ข้อความ\n", encoding="utf-8")
    with pytest.raises(BuildErrors) as caught:
        book_faces(load_book(tmp_path))
    assert [str(e).removeprefix(f"{tmp_path}/") for e in caught.value.errors] == [
        "book.yaml:2:3: font family 'Fira Code' is not in the book's fonts folder nor among the shipped fonts "
        "(there are: Noto Emoji, Noto Sans, Noto Sans Math, Noto Sans Mono, Noto Sans Symbols2, Sarabun, TLWG Mono TB)",
        "book.yaml:5:7: font family 'Noto Sanz' is not in the book's fonts folder nor among the shipped fonts "
        "(did you mean 'Noto Sans'?)",
    ]


def test_what_no_face_draws_is_one_error_per_block_and_file(tmp_path: Path) -> None:
    han = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 521))  # a CJK sample: 521 characters
    (tmp_path / "01.md").write_text(f"# จีน\n\nข้อความ {han}\n\n{han[:20]}\n", encoding="utf-8")
    (tmp_path / "02.md").write_text("# ฮันกึล\n\n한국어 \u0f00\n", encoding="utf-8")
    book = load_book(tmp_path)
    with pytest.raises(BuildErrors) as caught:
        check_book(book, book_faces(book))
    assert [str(e).removeprefix(f"{tmp_path}/") for e in caught.value.errors] == [
        "01.md:3:9: no font of the book draws U+4E00 CJK UNIFIED IDEOGRAPH-4E00 ('一'), U+4E01 CJK UNIFIED "
        "IDEOGRAPH-4E01 ('丁'), U+4E02 CJK UNIFIED IDEOGRAPH-4E02 ('丂') and 518 more (CJK Unified Ideographs: "
        "541 times in this file); name a face that has them in font.fallback (its file in the book's fonts folder)",
        "02.md:3:1: no font of the book draws U+D55C HANGUL SYLLABLE HAN ('한'), U+AD6D HANGUL SYLLABLE GUG ('국'), "
        "U+C5B4 HANGUL SYLLABLE EO ('어') (Hangul Syllables: 3 times in this file); name a face that has them "
        "in font.fallback (its file in the book's fonts folder)",
        "02.md:3:5: no font of the book draws U+0F00 TIBETAN SYLLABLE OM ('ༀ') (Tibetan: 1 time in this file); "
        "name a face that has them in font.fallback (its file in the book's fonts folder)",
    ]


def han_face(path: Path, family: str, chars: str) -> None:
    """A small face of square glyphs for ``chars`` (a stand-in for a CJK font the book brings)."""
    names = [".notdef", *(f"uni{ord(c):04X}" for c in chars)]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    pen = TTGlyphPen(None)
    for x0, y0, x1, y1 in ((100, 0, 900, 800),):
        (
            pen.moveTo((x0, y0)),
            pen.lineTo((x0, y1)),
            pen.lineTo((x1, y1)),
            pen.lineTo((x1, y0)),
            pen.closePath(),
        )
    square = pen.glyph()
    fb.setupGlyf({name: square for name in names})
    fb.setupHorizontalMetrics({name: (1000, 100) for name in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


def _fonts_of_chars(pdf: Path) -> dict[str, set[str]]:
    """Each character of the PDF and the fonts (subset tag dropped) that drew it."""
    found: dict[str, set[str]] = {}
    for page in extract_pages(str(pdf)):
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTChar):
                found.setdefault(item.get_text(), set()).add(item.fontname.split("+", 1)[-1])
            elif hasattr(item, "__iter__"):
                stack.extend(item)
    return found


@pytest.mark.slow
def test_each_character_drawn_by_the_named_face_and_cjk_opt_in(tmp_path: Path, capsys) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (book / "01.md").write_text(TEXT + "\nคำจีน 漢字\n", encoding="utf-8")
    assert main(["--content", str(book), "--output", str(tmp_path / "a.pdf")]) == 1
    assert "no font of the book draws U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢')" in capsys.readouterr().err
    (book / "fonts").mkdir()
    han_face(book / "fonts" / "TestHan.ttf", "Test Han", "漢字")
    han_face(book / "fonts" / "Unnamed.ttf", "Unnamed Face", "漢字ก")
    (book / "book.yaml").write_text(
        "font:\n  fallback: [Noto Sans, Noto Sans Math, Noto Sans Symbols2, Test Han]\n"
    )
    assert main(["--content", str(book), "--output", str(tmp_path / "a.pdf")]) == 0
    drawn = _fonts_of_chars(tmp_path / "a.pdf")
    expected = {
        "ภ": {"Sarabun", "Sarabun-Bold"}, "ไ": {"Sarabun", "TLWG-Mono-TB"}, "λ": {"Noto-Sans"}, "Р": {"Noto-Sans"}, "ế": {"Sarabun"}, "↵": {"Noto-Sans-Math"},
        "⬆": {"Noto-Sans-Symbols2"}, "✓": {"Noto-Sans-Symbols2"}, "c": {"Noto-Sans-Mono"},
        "├": {"Noto-Sans-Mono"}, "ช": {"TLWG-Mono-TB"}, "漢": {"Test-Han"}, "字": {"Test-Han"},
    }  # fmt: skip
    assert {ch: drawn[ch] for ch in expected} == expected
    assert not any("Unnamed" in name for names in drawn.values() for name in names)
    text = pdftotext(tmp_path / "a.pdf")
    for line in (
        "ภาษาไทย Ελληνικά Русский Tiếng Việt ↵ ⬆ ✓",
        'const ชื่อ = "ไทย"; // ความเห็น',
        "├── src",
        "คำจีน 漢字",
    ):
        assert line in text


def test_a_book_face_of_a_shipped_family_wins(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    han_face(tmp_path / "fonts" / "Own.ttf", "Noto Sans", "Ωก")
    (tmp_path / "a.md").write_text("ข้อความ Ω\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text("font:\n  family: Noto Sans\n  fallback: [Sarabun]\n")
    faces = book_faces(load_book(tmp_path))
    assert [(f.family, f.path.name) for f in faces] == [
        ("Noto Sans", "Own.ttf"),
        *(("Sarabun", f"Sarabun-{style}.ttf") for style in ("Bold", "BoldItalic", "Italic", "Regular")),
    ]  # the book's own face only, then Sarabun for the Thai it lacks
