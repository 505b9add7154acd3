"""Line agreement: how many of the original's printed lines end where ours do."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from thaibook.core.book import Book
from thaibook.core.errors import BuildError
from thaibook.pages.extract import Line, SourcePage, read_flipbook, squeeze
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


def differences(original: list[Line], ours: list[str]) -> list[dict[str, Any]]:
    """Each original line whose end falls elsewhere in ours: its line in the reference file,
    both line ends side by side ('…การประชุม│เชิง…'), and the text that moved and which way."""
    kept = [line for line in original if squeeze(BULLET.sub("", line.text.strip()))]
    texts = [line.text for line in kept]
    a_text, a_ends = line_ends(texts)
    b_lines = [x for x in ours if squeeze(BULLET.sub("", x.strip()))]
    b_text, b_ends = line_ends(b_lines)
    mapped = _offset_map(a_text, b_text)
    found = []
    for i, end in enumerate(a_ends):
        at = mapped.get(end)
        if at in b_ends:
            continue
        where = {"line": kept[i].number, "original": _around(texts, i)}
        if at is None or not b_ends:  # this text of the original is not on our page
            found.append({**where, "ours": "", "moved": "", "direction": "missing"})
            continue
        j = min(range(len(b_ends)), key=lambda k: abs(b_ends[k] - at))
        moved = b_text[min(at, b_ends[j]) : max(at, b_ends[j])]
        direction = "up" if b_ends[j] > at else "down"
        found.append({**where, "ours": _around(b_lines, j), "moved": moved, "direction": direction})
    return found


def _around(lines: list[str], i: int, width: int = 16) -> str:
    """The end of line i and the start of the next: '…last words│first words…', cut between
    characters that stand alone (never before a Thai mark)."""
    end = lines[i].strip()
    start = lines[i + 1].strip() if i + 1 < len(lines) else ""
    cut = max(0, len(end) - width)
    while 0 < cut < len(end) and unicodedata.category(end[cut]) == "Mn":
        cut += 1
    after = width
    while after < len(start) and unicodedata.category(start[after]) == "Mn":
        after += 1
    return f"{'…' * (cut > 0)}{end[cut:]}│{start[:after]}{'…' * (after < len(start))}"


def describe(difference: dict[str, Any]) -> str:
    """One difference as a sentence: both line ends side by side, and the text that moved."""
    if difference["direction"] == "missing":
        return f"the original's line end '{difference['original']}' is not on our page"
    if difference["direction"] == "up":
        moved = f"'{difference['moved']}' still fits on the line in ours (the original wraps it)"
    else:
        moved = f"'{difference['moved']}' wraps to the next line in ours"
    return f"line ends elsewhere: original '{difference['original']}', ours '{difference['ours']}': {moved}"


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
            differ = differences(list(page.lines), ours.text.split("\n"))
            a = Agreement(name, page.folio, total, agree, wrapped, wrapped_agree)
            out.append({"reference": name, "folio": a.folio, "page": ours.index, "lines": total,
                        "agree": agree, "percent": round(a.percent, 1), "wrapped_lines": wrapped,
                        "wrapped_agree": wrapped_agree, "differences": differ})  # fmt: skip
    return out
