"""Images found as editors' previews find them (from the chapter's folder, /x from the book's
root), and a warning with a box in its place for every image that cannot be printed."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from thaibook.core.errors import collecting
from thaibook.html.markdown import convert_chapters
from thaibook.sources.chapters import load_book

IMAGES = Path(__file__).resolve().parents[1] / "books" / "images"


def convert(book_dir: Path) -> tuple[list[str], list[str]]:
    """Each chapter's HTML, and the warnings as 'file:line:col: message' (paths from the book)."""
    with collecting() as warnings:
        chapters = convert_chapters(load_book(book_dir))
    shown = [
        f"{Path(w.path).relative_to(book_dir)}:{w.line}:{w.column}: {w.message}"
        for w in warnings
        if w.kind != "chapters"  # the fixture's other chapters, which a case leaves out
    ]
    return [c.html for c in chapters], shown


@pytest.fixture(scope="module")
def converted() -> tuple[list[str], list[str]]:
    return convert(IMAGES)


def srcs(html: str) -> list[str]:
    return re.findall(r'<img [^>]*src="([^"]*)"', html)


def test_paths_resolve_from_the_chapter_and_the_book_root(converted) -> None:
    html, _ = converted
    codebase, card = srcs(html[0]), srcs(html[1])
    assert [codebase[0], codebase[2]] == ["images/wide.png", "images/wide.png"]  # /images/wide.png, raw <img>
    assert '<img src="images/wide.png" class="full" alt="ภาพจาก HTML" />' in html[0]
    assert card == ["guide/media/screenshot.png"]  # media/ beside guide/card.md
    assert html[1].startswith('<h1 id="c2-บทที่-๒-การ์ด">บทที่ ๒ การ์ด</h1>\n<p class="image"><img alt="ภาพหน้าจอ"')


def test_an_image_that_cannot_be_printed_is_a_warning_and_a_box(converted) -> None:
    html, warnings = converted
    assert re.findall(r'<span class="missing-image".*?</span></span>', html[1]) == [
        '<span class="missing-image" data-src="media/power-bi-card-missing.png">'
        '<span class="missing-image-alt">ภาพที่ไม่มีในเล่ม</span>'
        '<span class="missing-image-src">media/power-bi-card-missing.png</span></span>',
        '<span class="missing-image" data-src="../images/broken.svg"><span class="missing-image-alt">แผนภาพเสีย</span>'
        '<span class="missing-image-src">../images/broken.svg</span></span>',
    ]
    assert warnings[1:] == [
        "guide/card.md:5:22: image 'media/power-bi-card-missing.png' is not in the book folder: "
        "a box is printed in its place",
        "guide/card.md:7:15: image '../images/broken.svg' cannot be read (not well-formed SVG: "
        "no element found: line 2, column 0): a box is printed in its place",
    ]


def test_an_svg_label_in_a_face_the_book_lacks_is_drawn_in_the_books(converted) -> None:
    html, warnings = converted
    url = srcs(html[0])[1]
    svg = base64.b64decode(url.removeprefix("data:image/svg+xml;base64,")).decode()
    assert ".label { font-family: Sarabun; font-size: 16px; }" in svg and "แผนภาพ" in svg
    assert warnings[0] == (
        "01-codebase.md:7:11: image 'images/diagram.svg' sets its text in 'Arial', which the book lacks: "
        "drawn in Sarabun"
    )


def _book(tmp_path: Path, chapter: str, text: str) -> Path:
    book = tmp_path / "book"
    shutil.copytree(IMAGES, book)
    (book / "book.yaml").write_text(f"chapters:\n  - {chapter}\n", encoding="utf-8")
    (book / chapter).parent.mkdir(parents=True, exist_ok=True)
    (book / chapter).write_text(text, encoding="utf-8")
    return book


def test_images_on_the_network_are_boxes(tmp_path: Path) -> None:
    book = _book(
        tmp_path, "badge.md", "[![Gitter](https://badges.gitter.im/Join%20Chat.svg)](https://gitter.im)\n"
    )
    html, warnings = convert(book)
    assert '<a href="https://gitter.im"><span class="missing-image"' in html[0]
    assert warnings == [
        "badge.md:1:12: image 'https://badges.gitter.im/Join%20Chat.svg' is on the network, which a build "
        "never reads: a box is printed in its place"
    ]


def test_an_image_of_the_default_language_folder_is_found_with_a_warning(tmp_path: Path) -> None:
    """mkdocs-static-i18n: docs/th/codebase.md names images/x.png, which is docs/images/x.png."""
    book = _book(tmp_path, "docs/th/codebase.md", "![หลายการติดตั้ง](images/wide.png)\n")
    shutil.move(book / "images", book / "docs" / "images")
    html, warnings = convert(book)
    assert srcs(html[0]) == ["docs/images/wide.png"]
    assert warnings == [
        "docs/th/codebase.md:1:19: image 'images/wide.png' is not beside the chapter: docs/images/wide.png is printed"
    ]


def test_a_path_out_of_the_book_is_left_to_the_sandbox(tmp_path: Path) -> None:
    book = _book(tmp_path, "guide/out.md", "![ลับ](../../secret.png) ![ไทย](media/ภาพ หน้าจอ.png)\n")
    (book / "guide" / "media" / "ภาพ หน้าจอ.png").write_bytes(
        (IMAGES / "guide/media/screenshot.png").read_bytes()
    )
    html, warnings = convert(book)
    found = srcs(html[0])
    assert found[0] == "../secret.png" and unquote(found[1]) == "guide/media/ภาพ หน้าจอ.png" and not warnings


def test_the_same_missing_image_twice_is_two_warnings(tmp_path: Path) -> None:
    """powerbi-visuals-th's tables article names power-bi-table-grid3.png at lines 29 and 86."""
    text = "![ตาราง](media/grid3.png)\n\n1. ขั้นตอน\n\n    ![ตารางแสดงผลลัพธ์](media/grid3.png)\n"
    _, warnings = convert(_book(tmp_path, "tables.md", text))
    assert [w.split(": image")[0] for w in warnings] == ["tables.md:1:10", "tables.md:5:25"]
