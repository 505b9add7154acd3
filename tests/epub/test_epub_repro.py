"""The same sources give the same EPUB, byte for byte: fixed entry order and times, mimetype first."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.epub.epubbooks import ROOT, Built
from thaibook.build.epub import build_epub

pytestmark = pytest.mark.slow


def test_two_builds_are_byte_identical(first_epub: Built, tmp_path: Path) -> None:
    one = build_epub(first_epub.book, tmp_path / "one.epub", first_epub.pdf).output.read_bytes()
    two = build_epub(first_epub.book, tmp_path / "two.epub", first_epub.pdf).output.read_bytes()
    assert one == two == first_epub.epub.read_bytes()


def test_the_container_is_fixed_and_dated_by_source_date_epoch(
    first_epub: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    epub = build_epub(first_epub.book, tmp_path / "dated.epub", first_epub.pdf).output
    with zipfile.ZipFile(epub) as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == [
            "mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/cover.xhtml", "EPUB/nav.xhtml",
            "EPUB/chapter-1.xhtml", "EPUB/style.css", "EPUB/fonts/Sarabun-Bold.ttf",
            "EPUB/fonts/Sarabun-BoldItalic.ttf", "EPUB/fonts/Sarabun-Italic.ttf", "EPUB/fonts/Sarabun-Regular.ttf",
            "EPUB/media/cover.png",
        ]  # fmt: skip
        assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
        assert infos[0].compress_type == zipfile.ZIP_STORED and not infos[0].extra
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos[1:])
        assert z.read("mimetype") == b"application/epub+zip"
        assert b'<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in z.read("EPUB/package.opf")
    assert epub.read_bytes()[30:38] == b"mimetype"  # the first local header's name, at its fixed place


def test_the_book_in_another_folder_gives_the_same_epub(
    first_epub: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the copies' files have other times
    made = []
    for where in (tmp_path / "one", tmp_path / "elsewhere" / "deeper" / "two"):
        shutil.copytree(ROOT / "content", where / "content", ignore=shutil.ignore_patterns(".cache"))
        made.append(build_epub(where / "content", where / "book.epub", first_epub.pdf).output)
    assert made[0].read_bytes() == made[1].read_bytes()
    with zipfile.ZipFile(made[0]) as z:
        for name in z.namelist():
            data = z.read(name)
            assert str(tmp_path).encode() not in data and str(ROOT).encode() not in data, name
