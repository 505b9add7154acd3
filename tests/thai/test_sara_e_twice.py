"""SARA E typed twice for SARA AE (เเม่ for แม่), the commonest Thai typing slip: it looks the
same in print, but the PDF's text is not the word, so searching and copying miss it (17 of
wisesight-1000's messages have it)."""

from __future__ import annotations

from pathlib import Path

from thaibook.thai.checker import check_text, fix_text

SLIP = "\u0e40\u0e40ม่ และ \u0e40\u0e40ค่"


def test_sara_e_twice_is_found_and_fixed() -> None:
    found = check_text(f"บรรทัดแรก\n{SLIP}\n", Path("x.md"))
    assert [f.formatted() for f in found] == [
        f"x.md:2:{col}: warning: SARA E typed twice 'เเ' (it looks like SARA AE, but searches and copies "
        "miss it): write 'แ'"
        for col in (1, 10)
    ]
    text, done = fix_text(f"บรรทัดแรก\n{SLIP}\n", Path("x.md"))
    assert text == "บรรทัดแรก\nแม่ และ แค่\n" and len(done) == 2
    assert check_text("แม่ เเ", Path("x.md")) != [] and check_text("แม่ เก", Path("x.md")) == []
