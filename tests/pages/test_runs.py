"""Long lists said short: the folios of 37 pages in one short line, 139 removed pages in one."""

from __future__ import annotations

from thaibook.pages.pagination import format_folio
from thaibook.pages.runs import capped, folio_runs, folio_value, label_runs, page_changes


def test_every_folio_style_reads_back() -> None:
    for style in ("decimal", "thai", "thai-alphabetic", "lower-roman", "upper-roman"):
        for n in (1, 2, 9, 14, 40, 41, 1999):
            assert folio_value(format_folio(n, style)) == (style, n)
    assert folio_value("") is None and folio_value("บทนำ") is None


def test_folios_as_runs_in_each_style() -> None:
    front = [format_folio(n, "thai-alphabetic") for n in range(1, 10)]
    assert folio_runs(["", *front, *map(str, range(1, 28))]) == "- ก-ฌ 1-27"
    assert folio_runs(["i", "ii", "iii", "๑", "๒", "X", "XI", "7"]) == "i-iii ๑-๒ X-XI 7"


def _pages(folios: list[str], text: str = "x") -> list[dict]:
    return [{"index": i, "folio": f, "text": text} for i, f in enumerate(folios)]


def test_a_run_of_removed_pages_is_one_line() -> None:
    folios = ["", "ก", *[str(n) for n in range(1, 143)]]
    old = _pages(folios)
    new = _pages(folios[:6])
    new[5]["text"] = "changed"
    assert page_changes(old, new) == [
        "page 4 (PDF page 6) changed",
        "pages 5-142 (PDF pages 7-144) removed (138 pages)",
    ]


def test_at_most_a_screenful() -> None:
    lines = [f"line {n}" for n in range(30)]
    assert capped(lines, 12) == [*lines[:11], "… and 19 more"]
    assert capped(lines[:12], 12) == lines[:12]
    assert label_runs([str(n) for n in range(1, 60, 2)], limit=3) == "1, 3, 5 … and 27 more"
