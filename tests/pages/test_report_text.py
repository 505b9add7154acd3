"""What the build writes for people and tools to read is UTF-8 text: Thai as Thai, not \\u0e1c."""

from __future__ import annotations

import json
from pathlib import Path


def test_the_reports_are_utf8_text(first_book: Path) -> None:
    report = first_book.with_suffix(".pages.json").read_bytes().decode("utf-8")
    assert "\\u0e" not in report and "การคุ้มครองทางสังคม" in report
    assert json.loads(report)["pages"]
