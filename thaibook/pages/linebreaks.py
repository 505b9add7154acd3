"""The words the last build split at a line end (``build.py check --breaks``), most frequent first.

Every line that ends between two Thai letters (no space) ends between two of the dictionary's
words: a name or a term the dictionary does not know shows up here as its pieces
(``ธวัช|ชัย``), with the source lines it comes from, for the editor to add to ``words.txt``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from thaibook.core.book import Book
from thaibook.pages.extract import Line, read_pdf
from thaibook.thai.dictionary import segment

THAI_END = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]+$")
THAI_START = re.compile("^[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]+")


@dataclass(frozen=True)
class Split:
    """A word split at line ends: its two pieces and each place (``file:line``) it was split."""

    left: str
    right: str
    places: tuple[str, ...]

    @property
    def word(self) -> str:
        return self.left + self.right

    def __str__(self) -> str:
        return f"{self.word} ×{len(self.places)} ({self.left}|{self.right}): {', '.join(self.places)}"


def split_words(book: Book, pdf: Path) -> list[Split]:
    """Each pair of words the PDF parts at a line end, most often parted first."""
    found: dict[tuple[str, str], int] = defaultdict(int)
    for a, b in _neighbours(book, pdf):
        left, right = THAI_END.search(a.text.rstrip()), THAI_START.search(b.text.lstrip())
        if left and right:
            pair = (segment(left.group())[-1], segment(right.group())[0])
            found[pair] += 1
    sources = _sources(book)
    splits = []
    for (left, right), count in found.items():
        places = _places(left + right, sources)
        if places:  # else the two lines were two paragraphs' (or a heading's) end and start
            splits.append(Split(left, right, tuple(places[:count])))
    return sorted(splits, key=lambda s: (-len(s.places), s.word))


def _neighbours(book: Book, pdf: Path) -> list[tuple[Line, Line]]:
    """Consecutive body lines of one paragraph: on a page a line's height apart, or across a page."""
    headers = set(book.config.header_lines)
    pairs: list[tuple[Line, Line]] = []
    last: Line | None = None
    for page in read_pdf(pdf):
        lines = [line for line in page.lines if line.text.strip() not in headers]
        steps = [
            a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y is not None and b.y is not None
        ]
        step = median(steps) if steps else 0.0
        if last is not None and lines:
            pairs.append((last, lines[0]))
        for a, b in zip(lines, lines[1:], strict=False):
            if a.y is not None and b.y is not None and 0 < a.y - b.y <= 1.3 * step:
                pairs.append((a, b))
        last = lines[-1] if lines else last
    return pairs


def _sources(book: Book) -> list[tuple[str, str, list[int]]]:
    """Each chapter as (file name, its body with soft line ends removed, the line of each character)."""
    out = []
    for chapter in book.chapters:
        text, lines = [], []
        for number, line in enumerate(chapter.body.split("\n"), chapter.body_line):
            line = line if line.strip() else "\n"  # a blank line ends a paragraph: nothing runs across
            text.append(line)
            lines += [number] * len(line)
        out.append((chapter.path.name, "".join(text), lines))
    return out


def _places(word: str, sources: list[tuple[str, str, list[int]]]) -> list[str]:
    """Every ``file:line`` where the word stands in the sources (a soft line end may run through it)."""
    return [
        f"{name}:{lines[m.start()]}"
        for name, text, lines in sources
        for m in re.finditer(re.escape(word), text)
    ]
