"""The chapter build's own work, cut down: assets hashed by their stat, checks remembered, stages timed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import parts_dir
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError, BuildErrors


def parts(book: Path) -> set[Path]:
    return set(parts_dir(book).glob("part-*.bin"))


def error_of(run) -> str:
    with pytest.raises((BuildError, BuildErrors)) as caught:
        run()
    return str(caught.value)


def test_assets_checks_and_timings(book_copy, tmp_path: Path, monkeypatch, capsys) -> None:
    book = book_copy("small")
    Image.new("RGB", (120, 60), "gray").save(book / "fig.png")
    chapter = book / "02-two.md"
    good = chapter.read_text(encoding="utf-8") + "\n![แผนภูมิ](fig.png)\n"
    chapter.write_text(good, encoding="utf-8")
    monkeypatch.setenv("THAIBOOK_TIMINGS", "1")
    build_chapters(book, tmp_path / "a.pdf")
    table = capsys.readouterr().err
    for stage in ("load book", "check text", "typeset (workers)", "join, finish PDF", "publish", "total"):
        assert f"  {stage} " in table
    monkeypatch.delenv("THAIBOOK_TIMINGS")

    # An editor's swap and backup files are no assets: nothing is typeset again.
    before = parts(book)
    (book / ".02-two.md.swp").write_bytes(b"swap")
    (book / "02-two.md~").write_text(good, encoding="utf-8")
    build_chapters(book, tmp_path / "b.pdf")
    assert parts(book) == before

    # A changed image is: the parts refer to it by URL only.
    Image.new("RGB", (240, 60), "black").save(book / "fig.png")
    build_chapters(book, tmp_path / "c.pdf")
    assert parts(book) - before

    # Checks passed before are remembered; a failing one still reports as the single pass does.
    chapter.write_text(good.replace("กลับไปที่", "กลับไปที่ \u4e2d", 1), encoding="utf-8")
    single = error_of(lambda: build(book, tmp_path / "s.pdf"))
    assert "no font of the book draws U+4E2D" in single
    assert error_of(lambda: build_chapters(book, tmp_path / "d.pdf")) == single
    chapter.write_text(good.replace("fig.png", "gone.png"), encoding="utf-8")  # a warning, the same
    single = build(book, tmp_path / "s.pdf").warnings
    assert [w.message for w in single] == [
        "image 'gone.png' is not in the book folder: a box is printed in its place"
    ]
    assert build_chapters(book, tmp_path / "d.pdf").warnings == single
