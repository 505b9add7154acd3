"""Long lists said short: folios as runs (ก-ฌ 1-27), pages as ranges, at most a screenful."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thaibook.pages.pagination import ROMAN, THAI_LETTERS, format_folio


def folio_value(folio: str) -> tuple[str, int] | None:
    """The style and number a printed folio stands for ('ค' -> thai-alphabetic 3), or None."""
    if folio.isdigit():
        return ("decimal" if folio.isascii() else "thai"), int(folio.translate(THAI_TO_ARABIC))
    if folio and all(c in THAI_LETTERS for c in folio):
        value = 0
        for c in folio:
            value = value * len(THAI_LETTERS) + THAI_LETTERS.index(c) + 1
        return "thai-alphabetic", value
    for style in ("lower-roman", "upper-roman"):
        number = _roman(folio.lower())
        if number and format_folio(number, style) == folio:
            return style, number
    return None


THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _roman(text: str) -> int | None:
    values = dict((letters, value) for value, letters in ROMAN if len(letters) == 1)
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        total += -values[a] if b in values and values[b] > values[a] else values[a]
    return total


def folio_runs(folios: Sequence[str]) -> str:
    """Folios as runs: '- ก-ฌ 1-12 9' (unnumbered pages as '-')."""
    out: list[list[str]] = []
    last: tuple[str, int] | None = None
    for folio in folios:
        value = folio_value(folio)
        if value and last and value[0] == last[0] and value[1] == last[1] + 1:
            out[-1].append(folio)
        else:
            out.append([folio or "-"])
        last = value
    return " ".join(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in out)


def page_changes(old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]) -> list[str]:
    """'page ๔ (PDF page 6) changed', runs of pages the same way as one line: 'pages ๕-๑๔๒ (PDF
    pages 7-144) removed (138 pages)'."""
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        status = (
            "added" if a is None else "removed" if b is None else "changed" if a["text"] != b["text"] else ""
        )
        page = b if b is not None else a
        if status and runs and runs[-1][0] == status and runs[-1][1][-1]["index"] + 1 == page["index"]:
            runs[-1][1].append(page)
        elif status:
            runs.append((status, [page]))
    return [_run_line(status, pages) for status, pages in runs]


def _run_line(status: str, pages: list[dict[str, Any]]) -> str:
    first, last = pages[0], pages[-1]
    if len(pages) == 1:
        return f"page {first['folio'] or '-'} (PDF page {first['index'] + 1}) {status}"
    folios = f"{first['folio'] or '-'}-{last['folio'] or '-'}"
    return (
        f"pages {folios} (PDF pages {first['index'] + 1}-{last['index'] + 1}) {status} ({len(pages)} pages)"
    )


def capped(lines: Sequence[str], limit: int = 12, what: str = "more") -> list[str]:
    """At most ``limit`` lines: the first ones, then '… and N more'."""
    if len(lines) <= limit:
        return list(lines)
    return [*lines[: limit - 1], f"… and {len(lines) - limit + 1} {what}"]


def label_runs(labels: Sequence[str], limit: int = 20) -> str:
    """Page labels (folios, or '#N') as runs, at most ``limit`` of them: '๓-๘, #12 … and 4 more'."""
    runs = folio_runs(labels).split(" ")
    shown = ", ".join(runs[:limit])
    return shown + (f" … and {len(runs) - limit} more" if len(runs) > limit else "")
