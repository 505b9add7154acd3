"""After an edit: the revision report names changed pages and moved headings; proofs show them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from conftest import BOOKS
from thaibook.cli.main import main
from thaibook.pages.proof import HIGHLIGHT

HEADING = "๒.๒ หัวข้อที่จะย้ายหน้า"


def heading_page(pdf: Path) -> int:
    """The 1-based page whose text holds the heading, read from the PDF."""
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    return next(i + 1 for i, text in enumerate(pages) if HEADING in text)


def red_pixels(image: Image.Image) -> int:
    colors = image.getcolors(maxcolors=image.width * image.height) or []
    return next((n for n, color in colors if color == HIGHLIGHT), 0)


@pytest.mark.slow
def test_revision_report_and_before_after_proof(tmp_path: Path, capsys) -> None:
    book = tmp_path / "revision"
    shutil.copytree(BOOKS / "revision", book)
    out = tmp_path / "dist" / "revision.pdf"
    assert main(["--content", str(book), "--output", str(out)]) == 0
    assert heading_page(out) == 1
    capsys.readouterr()

    chapter = book / "01-chapter.md"
    text = chapter.read_text(encoding="utf-8")
    first_para = text.split("\n\n")[1]
    chapter.write_text(text.replace(first_para, "\n\n".join([first_para] * 7), 1), encoding="utf-8")
    assert main(["--content", str(book), "--output", str(out)]) == 0
    assert heading_page(out) == 2
    printed = capsys.readouterr().out
    assert "  pages 1-2 (PDF pages 1-2) changed (2 pages)\n  page 3 (PDF page 3) added\n" in printed
    assert f"  {HEADING} moved from page 1 to 2\n" in printed
    old = json.loads((tmp_path / "dist" / "revision.prev.pages.json").read_text(encoding="utf-8"))
    assert [h for p in old["pages"] for h in p["headings"]] == ["บทที่ ๒ ทดสอบ", HEADING]
    new = json.loads((tmp_path / "dist" / "revision.pages.json").read_text(encoding="utf-8"))
    headings = [p["headings"] for p in new["pages"]]
    assert headings[:2] == [["บทที่ ๒ ทดสอบ"], [HEADING]] and not any(headings[2:])

    assert main(["proof", "--content", str(book), "--output", str(out)]) == 0
    folder = tmp_path / "dist" / "revision.proof"
    contact = Image.open(folder / "contact.png")
    assert contact.width > 2 * 595 and contact.height > 842
    changed = Image.open(folder / "page-1.png").convert("RGB")
    assert red_pixels(changed) > 100
    left = changed.crop((0, 0, changed.width // 2, changed.height))
    assert red_pixels(left) == 0  # "before" is the old page, unmarked
