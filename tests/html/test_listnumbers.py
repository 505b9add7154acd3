"""Numbered lists that start at another number keep their numbers in the PDF."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import pdftotext
from thaibook.cli.main import main
from thaibook.html.markdown import number_lists


def test_list_continued_after_a_paragraph_keeps_its_numbers(book_copy, tmp_path: Path) -> None:
    out = tmp_path / "list-start.pdf"
    assert main(["--content", str(book_copy("list-start")), "--output", str(out)]) == 0
    numbers = re.findall(r"^\s*(\d+)\. ข้อ", pdftotext(out, "-layout"), re.MULTILINE)
    assert numbers == ["1", "2", "3", "4", "10", "20", "21"]


def test_counter_rule_goes_before_the_tags_own_style() -> None:
    html = '<OL start=3 style="color: &quot;x&quot;"><li value=\'7\' title="a>b">ก</li></OL><code>&lt;ol start="3"&gt;</code>'
    assert number_lists(html) == (
        '<OL start=3 style="counter-reset: list-item 2; color: &quot;x&quot;">'
        '<li value=\'7\' title="a>b" style="counter-set: list-item 7; counter-increment: none">ก</li></OL>'
        '<code>&lt;ol start="3"&gt;</code>'
    )
