"""A font.family without Thai: the Thai text falls to the code face (a typewriter face), which
the build says, at font.family (it made the book silently in TLWG Mono)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaibook.core.errors import BuildError, collecting
from thaibook.fonts.chain import book_faces, book_text
from thaibook.fonts.coverage import check_book
from thaibook.sources.chapters import load_book


def _book(folder: Path, family: str) -> Path:
    (folder / "book.yaml").write_text(f"title: เล่ม\nfont:\n  family: {family}\n", encoding="utf-8")
    (folder / "01.md").write_text("# บทที่ ๑\n\nข้อความกับ `code`\n", encoding="utf-8")
    return folder


def test_a_latin_body_family_warns_that_thai_is_in_the_code_face(tmp_path: Path) -> None:
    with collecting() as found:
        book = load_book(_book(tmp_path, "Noto Sans"))
        faces = book_faces(book)
    assert "TLWG Mono TB" in {f.family for f in faces}
    thai = sorted(
        c for c in book_text(book) if "\u0e01" <= c <= "\u0e5b"
    )  # the text's, the contents' title's
    assert thai[:3] == ["ก", "ข", "ค"]
    assert [w.formatted() for w in found] == [
        f"{tmp_path}/book.yaml:3:3: warning: font family 'Noto Sans' has no Thai letters: the book's Thai "
        f"({', '.join(thai[:3])} and {len(thai) - 3} more) is drawn in 'TLWG Mono TB', the code face; name a Thai family in font.family "
        "or font.fallback"
    ]


def test_a_thai_body_family_says_nothing(tmp_path: Path) -> None:
    with collecting() as found:
        book_faces(load_book(_book(tmp_path, "Sarabun")))
    assert found == []


def test_a_body_family_without_thai_and_no_code_is_one_error_per_file(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text(
        "title: Latin\ncontents_title: Contents\nfont:\n  family: Noto Sans\n"
    )
    (tmp_path / "01.md").write_text("# One\n\nข้อความ " * 200 + "\n", encoding="utf-8")
    book = load_book(tmp_path)
    with pytest.raises(BuildError) as caught:
        check_book(book, book_faces(book))
    assert [caught.value.formatted()] == [
        f"{tmp_path}/01.md:3:1: error: no font of the book draws U+0E02 THAI CHARACTER KHO KHAI ('ข'), "
        "U+0E49 THAI CHARACTER MAI THO ('้'), U+0E2D THAI CHARACTER O ANG ('อ') and 4 more (Thai: 1400 times "
        "in this file); name a Thai family in font.family (its files in the book's fonts folder, or the "
        "shipped Sarabun)"
    ]
