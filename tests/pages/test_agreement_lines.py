"""The line agreement as something to act on: each original line that ends elsewhere, at its
line in the reference file, both line ends side by side, and the words that moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from thaibook.cli.main import main
from thaibook.pages.agreement import describe, differences
from thaibook.pages.extract import Line, read_flipbook


def test_a_word_that_wraps_in_ours_is_named() -> None:
    original = [Line("กขค งจ", number=4), Line("ฉช ซฌ", number=5), Line("ญฎ", number=6)]
    (found,) = differences(original, ["กขค", "งจฉช ซฌ", "ญฎ"])
    assert found["line"] == 4
    assert describe(found) == (
        "line ends elsewhere: original 'กขค งจ│ฉช ซฌ', ours 'กขค│งจฉช ซฌ': 'งจ' wraps to the next line in ours"
    )
    (found,) = differences(original, ["กขค งจฉช", "ซฌ", "ญฎ"])
    assert describe(found).endswith("'ฉช' still fits on the line in ours (the original wraps it)")


def test_a_long_line_end_is_cut_between_letters_never_before_a_mark() -> None:
    # 16 characters from the end falls on SARA UU: the cut moves on past the marks, to PO PLA
    original = [Line("กกผู้ปฏิบัติ" + "ก" * 7, number=1), Line("ในระดับส่วนกลาง หน่วยงาน", number=2)]
    (found,) = differences(original, ["กกผู้ปฏิบัติ", "ก" * 7 + "ในระดับส่วนกลาง หน่วยงาน"])
    assert found["original"] == "…ปฏิบัติกกกกกกก│ในระดับส่วนกลาง …"


def test_flipbook_lines_keep_their_numbers_in_the_file() -> None:
    (page,) = read_flipbook("หัวเรื่อง\n\nบรรทัดแรก\f\nบรรทัดสอง\n9\n", ["หัวเรื่อง"])
    assert [(x.number, x.text) for x in page.lines] == [(3, "บรรทัดแรก"), (4, "บรรทัดสอง")]


def test_check_agreement_lists_each_line_that_differs(
    first_book: Path, capsys: pytest.CaptureFixture
) -> None:
    (found,) = json.loads(first_book.with_suffix(".pages.json").read_text(encoding="utf-8"))["line_agreement"]
    assert len(found["differences"]) == found["lines"] - found["agree"] > 0
    assert (
        main(["check", "--agreement", "--content", str(ROOT / "content"), "--output", str(first_book)]) == 0
    )
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == (
        f"original/page-011.txt (page 9): {found['agree']} of {found['lines']} line ends agree "
        f"({found['percent']:.1f}%)"
    )
    reference = (ROOT / "content" / "original" / "page-011.txt").read_text(encoding="utf-8").split("\n")
    assert len(printed) == 1 + len(found["differences"])
    for line, difference in zip(printed[1:], found["differences"], strict=True):
        where, _, message = line.partition(": note: ")
        assert where.endswith(f"content/original/page-011.txt:{difference['line']}")
        assert message == describe(difference)
        # the original's side is the end of the very line named, and the words that moved are in ours
        side = difference["original"].split("│")[0].lstrip("…")
        assert reference[difference["line"] - 1].strip().endswith(side)
        assert difference["moved"] and difference["moved"] in difference["ours"].replace(" ", "")
