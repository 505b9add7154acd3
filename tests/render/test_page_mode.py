"""Viewers open the book with its bookmarks shown (/PageMode /UseOutlines), in both build paths."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from thaibook.build.pipeline import build

ROOT = Path(__file__).resolve().parents[2]


def test_the_chapter_build_opens_on_the_bookmarks(first_book: Path) -> None:
    with pikepdf.open(first_book) as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines and len(pdf.open_outline().root) > 0


@pytest.mark.slow
def test_the_single_pass_opens_on_the_bookmarks(tmp_path: Path) -> None:
    with pikepdf.open(build(ROOT / "tests" / "books" / "small", tmp_path / "s.pdf").output) as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
