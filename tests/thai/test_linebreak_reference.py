"""The libthai rule's line-break steering, made fast, gives the same HTML as the straightforward version kept here."""

from __future__ import annotations

import ctypes
import re
import sys
from bisect import bisect_left, bisect_right
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaibook.html.markdown import convert_chapter
from thaibook.sources.chapters import load_book
from thaibook.thai import breaks
from thaibook.thai.linebreak import (
    ALWAYS,
    BOUND,
    FLAG_BYTE,
    FLAG_TABLE,
    OPENERS,
    ZWSP,
    LogAttr,
    _pango,
    load_words,
    split_text,
)

ROOT = Path(__file__).resolve().parents[2]
BOOKS = Path(__file__).resolve().parents[1] / "books"
sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # noqa: E402 (the benchmark's workload generator)


def reference_line_breaks(text: str) -> set[int]:
    """Pango's breaks read one bit field at a time."""
    lib = _pango()
    data = text.translate(str.maketrans(dict.fromkeys("\u202a\u202b\u202c\u202d\u202e", "\u200b")))
    raw = data.encode("utf-8")
    attrs = (LogAttr * (len(text) + 1))()
    lib.pango_get_log_attrs(raw, len(raw), -1, lib.pango_language_from_string(b"th"), attrs, len(text) + 1)
    return {i for i in range(1, len(text)) if attrs[i].is_line_break}


def reference_find_words(text: str, words: tuple[str, ...], starts: set[int]) -> list[tuple[int, int]]:
    index = frozenset((*words, *ALWAYS))
    longest = max(map(len, index))
    spans: list[tuple[int, int]] = []
    for i in sorted({0, *starts}):
        if spans and i < spans[-1][1]:
            continue
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + n] in index:
                spans.append((i, i + n))
                break
    return spans


def reference_protected_ranges(text: str, words: tuple[str, ...], breaks: set[int]) -> list[tuple[int, int]]:
    ranges = reference_find_words(text, words, breaks)
    for m in BOUND.finditer(text):
        start = max((b for b in breaks if b < m.start()), default=0)
        if m.start() > 0 and not text[m.start() - 1].isspace():
            ranges.append((start, m.end()))
    for m in OPENERS.finditer(text):
        end = min((b for b in breaks if b > m.end()), default=len(text))
        if m.end() < len(text) and not text[m.end()].isspace():
            ranges.append((m.start(), end))
    edges = sorted({0, len(text), *breaks, *(i for i, c in enumerate(text) if c.isspace())})
    ranges = [(edges[bisect_right(edges, a) - 1], edges[bisect_left(edges, b)]) for a, b in ranges]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [(a, b) for a, b in merged if "\x02" not in text[a:b] and "\x03" not in text[a:b]]


def reference_split_text(text: str, words: tuple[str, ...]) -> list[tuple[str, bool]]:
    if not re.search("[\u0e00-\u0e7f]", text):
        return [(text, False)]
    breaks = reference_line_breaks(text)
    pieces: list[tuple[str, bool]] = []
    done = 0
    for a, b in reference_protected_ranges(text, words, breaks):
        before = text[done:a]
        if a in breaks and not text[a - 1].isspace() and not (a == done and pieces):
            before += ZWSP
        pieces.append((before, False))
        pieces.append((text[a:b], True))
        done = b
        if b in breaks and not text[b].isspace():
            pieces.append((ZWSP, False))
    pieces.append((text[done:], False))
    return [(t, p) for t, p in pieces if t]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    generated = bench.make_book(6, tmp_path_factory.mktemp("generated"))
    return [generated, BOOKS / "thai-linebreak", BOOKS / "thai-hard-cases", BOOKS / "markers"]


@pytest.mark.slow
def test_every_chapter_converts_to_the_reference_html(books: list[Path], monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("@thai-compounds\n", encoding="utf-8")
    compounds = load_words(tmp_path)
    compared = 0
    for root in books:
        book = load_book(root)
        for words in ((), tuple(sorted(book.words)), compounds):
            fast = [convert_chapter(ch, words, rule="libthai") for ch in book.chapters]
            with monkeypatch.context() as patched:
                patched.setattr(breaks, "split_text", reference_split_text)
                slow = [convert_chapter(ch, words, rule="libthai") for ch in book.chapters]
            assert fast == slow, root
            compared += len(fast)
    assert compared >= 24


PIECES = [
    *"กขคงสหรัฐอเมริกาเด็กไปทางการ์ุ์ๆฯ",
    " ",
    "\t",
    "ฯลฯ",
    "“",
    "”",
    "(",
    ")",
    "[",
    "]",
    "\x02",
    "\u202b",
    "ab",
]
THAI_TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=THAI_TEXT, words=st.lists(st.text("กขคงสหรัฐอเมริกาเด็กไปทาง", min_size=1, max_size=8), max_size=6))
def test_split_text_is_the_reference_on_any_text(text: str, words: list[str]) -> None:
    listed = tuple(sorted(set(words)))
    assert split_text(text, listed) == reference_split_text(text, listed)


def test_the_flag_read_in_bulk_is_the_bit_field() -> None:
    """Bulk reading relies on the flag's place as ctypes (and so the C compiler) lays the bit field out."""
    attrs = (LogAttr * 4)()
    attrs[1].is_line_break = 1
    attrs[2].rest = (1 << 31) - 1
    attrs[3].is_line_break, attrs[3].rest = 1, (1 << 31) - 1
    flags = bytes(attrs)[FLAG_BYTE :: ctypes.sizeof(LogAttr)].translate(FLAG_TABLE)
    assert list(flags) == [a.is_line_break for a in attrs] == [0, 1, 0, 1]
