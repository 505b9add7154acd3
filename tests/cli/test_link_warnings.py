"""A link to a missing heading and a missing image: warnings and a PDF; with --strict, errors,
all listed, and no PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thaibook.cli.main import main

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"


WARNINGS = [
    "book/01-one.md:7:52: warning: link to a missing heading '#two'",
    "book/02-two.md:3:8: warning: image 'figs/none.png' is not in the book folder: a box is printed in its place",
    "book/02-two.md:5:6: warning: link to a missing heading '#nowhere'",
    "book/02-two.md:5:21: warning: link to a missing heading '#intr' (did you mean '#intro'?)",
]


@pytest.mark.slow
def test_missing_targets_are_warnings_and_strict_makes_them_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SMALL, tmp_path / "book")
    (tmp_path / "book" / "02-two.md").write_text(
        "ข้อความ\n\n![รูป](figs/none.png)\n\n[ไป](#nowhere) [ไป](#intr)\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--content", "book"]) == 0
    assert capsys.readouterr().err.splitlines() == WARNINGS
    (tmp_path / "book" / "dist" / "small.pdf").unlink()
    assert main(["--content", "book", "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [w.replace(": warning: ", ": error: ") for w in WARNINGS]
    assert not (tmp_path / "book" / "dist" / "small.pdf").exists()
