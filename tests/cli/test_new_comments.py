"""The starter's book.yaml keeps its comments in one column whatever the title (a long or a Thai
title pushed the comments of its line and of output: out of line)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from thaibook.cli.new import COMMENT_COLUMN, new_book


def _column(line: str) -> int:
    """Where the comment starts as a reader sees it (a Thai mark takes no column)."""
    before = line[: line.index("  # ") + 2]
    return sum(unicodedata.category(c) != "Mn" for c in before)


def test_comments_stay_in_their_column(tmp_path: Path) -> None:
    for name, title in (("a", None), ("หนังสือใหม่", "หนังสือเล่มแรกของฉัน")):
        new_book(tmp_path / name, title)
        lines = (tmp_path / name / "book.yaml").read_text(encoding="utf-8").split("\n")
        commented = [
            x for x in lines if x.startswith(("title:", "output:", "chapters:", "lang:")) and "  # " in x
        ]
        assert len(commented) == 3 and {_column(x) for x in commented} == {COMMENT_COLUMN}
