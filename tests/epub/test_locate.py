"""Finding where each printed page starts in the e-book's text, from the pages' text alone."""

from __future__ import annotations

import re
from pathlib import Path

from thaibook.epub.pagelist import locate, squeeze

ROOT = Path(__file__).resolve().parents[2]


def real_text() -> str:
    """The first book's paragraphs (a real report), whitespace removed."""
    body = (ROOT / "content" / "01-introduction.md").read_text(encoding="utf-8").split("---", 2)[2]
    return squeeze(re.sub(r"<!--.*?-->|^[-#]+ ", "", body, flags=re.M))


def test_pages_cut_anywhere_are_found_exactly() -> None:
    text = real_text()
    cuts = [0, 611, 1203, 1800]
    pages = [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    assert locate(pages, text) == (cuts, len(text))


def test_the_prints_own_text_at_a_page_start_is_passed_over() -> None:
    text = real_text()
    pages = [text[:700], "•" + text[700:1400], "12." + text[1400:]]  # a bullet, a list number
    starts, matched = locate(pages, text)
    assert starts == [0, 700, 1400] and matched == len(text)


def test_footnotes_printed_at_the_foot_of_a_page_do_not_move_the_next_page() -> None:
    text = real_text()
    note = text[-300:]  # the e-book has it at the chapter's end; the print at the foot of page 1
    body = text[:-300]
    pages = [body[:900] + note, body[900:]]
    starts, matched = locate(pages, text)
    assert starts == [0, 900]
    assert matched == len(text) - 300  # the note, met first at the foot of page 1, counts as not shown


def test_text_the_print_lacks_is_passed_over() -> None:
    text = real_text()
    pages = [text[:500] + text[560:1000], text[1000:]]  # 60 characters the print does not show
    starts, matched = locate(pages, text)
    assert starts == [0, 1000] and matched == len(text) - 60
