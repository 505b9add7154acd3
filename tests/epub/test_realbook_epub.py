"""A real book's e-book (tests/realbooks/, as it came) valid in epubcheck: conventional-commits-hugo-th,
whose fence right before a rule once put its code inside a heading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.epub.epubbooks import build_epub_of, epubcheck

pytestmark = pytest.mark.slow

REALBOOKS = Path(__file__).resolve().parents[1] / "realbooks"


def test_a_real_book_s_e_book_is_valid_in_epubcheck(tmp_path: Path) -> None:
    book = tmp_path / "conventional-commits-hugo-th"
    shutil.copytree(REALBOOKS / book.name, book)
    checked = epubcheck(build_epub_of(book).epub)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in checked.stdout, checked.stdout
