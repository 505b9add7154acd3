"""Line agreement: how many of the original's printed lines end where ours do."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from thaibook.core.book import Book
from thaibook.core.errors import BuildError
from thaibook.pages.extract import SourcePage, read_flipbook, squeeze
from thaibook.pages.importer import BULLET, to_markdown
from thaibook.pages.pagination import Pagination


@dataclass(frozen=True)
class Agreement:
    """Line ends of a reference page matched on our page with the same folio."""

    reference: str
    folio: str
    lines: int
    agree: int
    wrapped: int
    wrapped_agree: int

    @property
    def percent(self) -> float:
        """Agreeing line ends as a percentage of the original's lines."""
        return 100.0 * self.agree / self.lines if self.lines else 0.0


def line_ends(lines: list[str]) -> tuple[str, list[int]]:
    """The lines' text without spaces or bullets, and the offset where each line ends."""
    text, ends = "", []
    for line in lines:
        piece = squeeze(BULLET.sub("", line.strip()))
        if piece:
            text += piece
            ends.append(len(text))
    return text, ends


def agreement(original: list[str], ours: list[str], ends: set[int]) -> tuple[int, int, int, int]:
    """(line ends agreeing, original lines, agreeing wrapped lines, wrapped lines).

    A wrapped line is one that does not end a paragraph, list item or heading: those
    end a line in any layout, so only the wrapped ones test the calibration.
    """
    a_text, a_ends = line_ends(original)
    b_text, b_ends = line_ends(ours)
    mapped = _offset_map(a_text, b_text)
    b_set = set(b_ends)
    hits = [mapped.get(end) in b_set for end in a_ends]
    wrapped = [i for i, end in enumerate(a_ends) if end not in ends]
    return sum(hits), len(a_ends), sum(hits[i] for i in wrapped), len(wrapped)


def block_ends(page: SourcePage) -> set[int]:
    """Offsets (in the squeezed text) where the importer sees a block of the page end."""
    markdown = to_markdown([page], "reference").markdown.split("\n---\n", 1)[-1]
    ends, total = set(), 0
    for block in re.split(r"\n\s*\n|\n(?=- )", markdown):
        block = re.sub(r"<!--.*?-->|^#+ |^- ", "", block.strip())
        total += len(squeeze(block))
        ends.add(total)
    return ends


def _offset_map(a: str, b: str) -> dict[int, int]:
    """Offsets of a mapped to offsets of b where the two texts agree."""
    if a == b:
        return {i: i for i in range(len(a) + 1)}
    out = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.update({i1 + k: j1 + k for k in range(i2 - i1 + 1)})
    return out


def line_agreements(book: Book, pagination: Pagination) -> list[dict[str, Any]]:
    """Agreement for each reference page book.yaml names (flip-book text of the original)."""
    out = []
    for name in book.config.reference:
        path = book.root / name
        if not path.is_file():
            raise BuildError(f"reference page '{name}' not found", book.root / "book.yaml")
        for page in read_flipbook(path.read_text(encoding="utf-8"), book.config.header):
            ours = next((p for p in pagination.pages if p.folio and p.folio == page.folio), None)
            if ours is None:
                continue
            lines = [x.text for x in page.lines]
            ends = block_ends(page)
            agree, total, wrapped_agree, wrapped = agreement(lines, ours.text.split("\n"), ends)
            a = Agreement(name, page.folio, total, agree, wrapped, wrapped_agree)
            out.append({"reference": name, "folio": a.folio, "page": ours.index, "lines": total,
                        "agree": agree, "percent": round(a.percent, 1), "wrapped_lines": wrapped,
                        "wrapped_agree": wrapped_agree})  # fmt: skip
    return out
