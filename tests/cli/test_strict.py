"""Warnings of every stage printed as file:line:col: warning:, the PDF made; --strict and
``strict: true`` make them all errors, listed at once, and write nothing (both build paths)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from thaibook.cli.main import main

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small book, its second chapter with two problems of two stages: markers out of
    order (pagination) and an image printed at too few dots per inch (rendering)."""
    shutil.copytree(SMALL, tmp_path / "book")
    Image.new("RGB", (100, 50), "gray").save(tmp_path / "book" / "low.png")
    (tmp_path / "book" / "02-two.md").write_text(
        "## สรุป {#two}\n\n<!-- page 5 -->\n\nหน้าห้า\n\n<!-- page 4 -->\n\n"
        '<img src="low.png" alt="รูป" style="width: 50mm">\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path / "book"


WARNINGS = [
    "book/02-two.md:9:11: warning: image 'low.png' prints at 51 dpi (100 px over 50 mm, page 5); "
    "print needs 300 dpi",
    "book/02-two.md:7: warning: page marker 4 comes after page marker 5",
]


@pytest.mark.slow
@pytest.mark.parametrize("path", [[], ["--single-pass"]], ids=["chapter build", "single pass"])
def test_warnings_then_strict(book: Path, path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", "book", *path]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == WARNINGS and out.startswith("wrote ")
    (book / "dist" / "small.pdf").unlink()
    assert main(["--content", "book", "--strict", *path]) == 1
    assert capsys.readouterr().err.splitlines() == [w.replace(": warning: ", ": error: ") for w in WARNINGS]
    assert not (book / "dist" / "small.pdf").exists()
    config = book / "book.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "strict: true\n", encoding="utf-8")
    assert main(["--content", "book", *path]) == 1
    assert capsys.readouterr().err.splitlines() == [w.replace(": warning: ", ": error: ") for w in WARNINGS]
    assert not (book / "dist" / "small.pdf").exists()


@pytest.mark.slow
def test_warnings_stand_while_the_book_is_up_to_date(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", "book"]) == 0
    capsys.readouterr()
    assert main(["--content", "book"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == WARNINGS and out.startswith("up to date: ")
