"""An image that a style sheet puts in a page margin box (a logo in the running header) is printed,
and a low resolution is a warning like a chapter's image's, not a failed build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build

PLAIN = Path(__file__).resolve().parents[1] / "books" / "plain"


@pytest.mark.slow
@pytest.mark.parametrize("make", [build_chapters, build], ids=["chapters", "single pass"])
def test_a_logo_in_the_running_header_prints_with_a_warning(tmp_path: Path, make) -> None:
    book = shutil.copytree(PLAIN, tmp_path / "book")
    Image.new("RGB", (60, 20), (200, 30, 30)).save(book / "logo.png")
    (book / "style.css").write_text("@page { @top-left { content: url(logo.png); } }\n", encoding="utf-8")
    (book / "book.yaml").write_text("title: โลโก้\nextra_css: [style.css]\n", encoding="utf-8")
    result = make(book, tmp_path / "b.pdf")
    assert [w.message for w in result.warnings if w.kind == "image"][0] == (
        "an image of the style sheets (a margin box's, a background) prints at 96 dpi "
        "(60 px over 16 mm, page 1); print needs 300 dpi"
    )
    with pikepdf.open(tmp_path / "b.pdf") as pdf:  # the logo is on the pages
        assert any(
            "/Image" in str(obj.get("/Subtype")) for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
        )
