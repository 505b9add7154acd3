"""``check --breaks``: the words the last build parted at line ends, counted, with their source lines."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from thaibook.build.pipeline import build
from thaibook.cli.main import main

BOOK = Path(__file__).resolve().parents[1] / "books" / "thai-breaks"
ENTRY = re.compile(r"^(\S+) ×(\d+) \((\S+)\|(\S+)\): (.+)$")


@pytest.mark.slow
def test_the_report_lists_each_parted_pair_with_its_lines(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    pdf = build(book, tmp_path / "breaks.pdf").output
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["check", "--breaks", "--content", str(book), "--output", str(pdf)]) == 0
    *entries, total = out.getvalue().rstrip("\n").split("\n")
    assert total == f"{len(entries)} word pairs parted at line ends in breaks.pdf"
    assert entries
    source = (book / "01-breaks.md").read_text(encoding="utf-8").split("\n")
    counts = []
    for entry in entries:
        word, count, left, right, places = ENTRY.match(entry).groups()
        assert word == left + right and len(places.split(", ")) == int(count)
        print(entry)
        for place in places.split(", "):
            name, line = place.split(":")
            assert name == "01-breaks.md" and word in source[int(line) - 1], entry
        counts.append(int(count))
    assert counts == sorted(counts, reverse=True)


def test_without_a_pdf_the_report_says_to_build_first(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    shutil.copytree(BOOK, tmp_path / "book")
    missing = tmp_path / "none.pdf"
    assert main(["check", "--breaks", "--content", str(tmp_path / "book"), "--output", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"{missing}: error: no PDF to read the line ends of: build the book first (or give --output)\n"
    )
