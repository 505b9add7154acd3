"""Chapter Markdown from an existing e-book's text, with page markers from its folios."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from thaibook.core.errors import BuildError
from thaibook.core.files import read_text
from thaibook.pages.extract import Line, SourcePage, folio_number, read_flipbook, read_pdf, squeeze
from thaibook.thai.rules import arabic_digits

BULLET = re.compile(r"^[•◦▪●‣∙·\-*]\s*")


ITEM_START = re.compile(r"^(- |[0-9]+\. | )")


NUMBERED_ITEM = re.compile(r"^([0-9๐-๙]{1,3})[.)]\s+(?=\S)")


NUMBERED_HEADING = re.compile(r"^[0-9๐-๙]+(\.[0-9๐-๙]+)+\s+\S")


CHAPTER_HEADING = re.compile(r"^บทที่\s+[0-9๐-๙]+")


THAI_LETTER = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]")


OPENING, CLOSING = "“‘([{", "”’)]},.:;!?"


@dataclass
class Block:
    """A paragraph, list item or heading being assembled from printed lines."""

    kind: str
    parts: list[str] = field(default_factory=list)
    level: int = 0
    open: bool = True


@dataclass(frozen=True)
class Imported:
    """The chapter's Markdown and what the importer could not decide."""

    markdown: str
    notes: tuple[str, ...]


def import_file(path: Path, header: list[str] = (), all_pages: bool = False) -> Imported:  # type: ignore[assignment]
    """Read flip-book text or a PDF and turn it into chapter Markdown (an error if it has none)."""
    if path.suffix.lower() == ".pdf":
        pages = strip_headers(read_pdf(path), header)
    else:
        pages = read_flipbook(read_text(path), header)
    if not any(page.lines for page in pages):
        raise BuildError(
            f"no text found in its {len(pages)} pages (a scanned PDF has no text to import)", path
        )
    if not all_pages and not any(page.lines and folio_number(page.folio) is not None for page in pages):
        raise BuildError(
            f"none of its {len(pages)} pages prints a page number (folio), so every page was skipped: "
            "--all-pages imports them all, without page markers",
            path,
        )
    return to_markdown(pages, path.stem, all_pages)


def strip_headers(pages: list[SourcePage], header: list[str]) -> list[SourcePage]:
    """Drop each page's running header: the book's header lines, or top lines repeated on pages."""
    known = [squeeze(h) for h in header]
    tops = [squeeze(p.lines[0].text) for p in pages if p.lines]
    known += [t for t in tops if tops.count(t) > 1 and len(pages) > 2]
    out = []
    for page in pages:
        lines = list(page.lines)
        while lines and any(_similar(squeeze(lines[0].text), k) for k in known):
            lines.pop(0)
        out.append(SourcePage(page.number, page.folio, tuple(lines), page.header))
    return out


def _similar(a: str, b: str) -> bool:
    """Equal but for a few characters a PDF's text layer may have lost (as SARA AM)."""
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() > 0.95


def to_markdown(pages: list[SourcePage], name: str, all_pages: bool = False) -> Imported:
    """Assemble paragraphs, lists and headings; a marker at each decimal folio."""
    notes: list[str] = []
    blocks: list[Block | str] = []
    measure = max((_width(x) for p in pages for x in p.lines if not _heading_level(x, 1e9)), default=1.0)
    for page in pages:
        number = folio_number(page.folio)
        if number is None and not all_pages:
            why = f"folio '{page.folio}' is not a page number" if page.folio else "it has no folio"
            notes.append(
                f"page {page.number}: skipped, {why} (cover or front matter? --all-pages imports it)"
            )
            continue
        left = min((x.x0 for x in page.lines if x.x0 is not None), default=None)
        for i in range(len(page.lines)):
            _add_line(blocks, page.lines, i, measure, left, number, notes)
    joins: list[tuple[str, str]] = []
    body = _render(blocks, joins)
    if not any(line.space_after for page in pages for line in page.lines):
        notes += phrase_space_notes(joins)
    if not any(isinstance(b, Block) and b.kind == "heading" and b.level == 1 for b in blocks):
        notes.append("no chapter title found: set 'title:' in the front matter")
        body = f'---\ntitle: "{name}"\nshow_title: false\n---\n\n{body}'
    return Imported(body, tuple(notes))


def _add_line(blocks: list, lines: tuple[Line, ...], i: int, measure: float, left: float | None,
              folio: int | None, notes: list[str]) -> None:  # fmt: skip
    """Start a block with line i of the page, or continue the current one."""
    line = lines[i]
    if line.space_after:  # the PDF keeps the space at the line's end: the wrap is a space
        line = replace(line, text=line.text + " ")
    current = next((b for b in reversed(blocks) if isinstance(b, Block)), None)
    if i == 0 and folio is not None:
        blocks.append(f"<!-- page {folio} -->")
    heading = _heading_level(line, measure)
    numbered = NUMBERED_ITEM.match(line.text)
    if BULLET.match(line.text) and not NUMBERED_HEADING.match(line.text):
        blocks.append(Block("item", [BULLET.sub("", line.text)]))
    elif heading:
        blocks.append(Block("heading", [line.text], heading))
    elif numbered and not heading:
        blocks.append(Block("item", [line.text[numbered.end() :]], level=int(arabic_digits(numbered[1]))))
    elif (
        current is not None
        and (current.open or (i == 0 and line.x0 is not None))
        and _continues(current, lines, i, measure, left, notes)
    ):
        if i == 0 and folio is not None:
            current.parts.append(f"\n<!-- page {folio} -->\n")
            blocks.pop()
        current.parts.append(line.text)
    else:
        blocks.append(Block("para", [line.text]))
    new = next(b for b in reversed(blocks) if isinstance(b, Block))
    new.open = new.kind != "heading" and _full(line, measure, left)


def _continues(block: Block, lines: tuple[Line, ...], i: int, measure: float, left: float | None,
               notes: list[str]) -> bool:  # fmt: skip
    """Whether line i goes on with the block above it (whose last line was full)."""
    line = lines[i]
    if line.x0 is not None and left is not None:
        return block.kind == "item" or line.x0 - left < 2  # a PDF shows a paragraph's indent
    if block.kind == "item" or not 0.75 * measure <= _width(line) <= 0.895 * measure:
        return True
    # As long as a full line less an indent: a paragraph's first line, or its short last one.
    after = lines[i + 1] if i + 1 < len(lines) else None
    if after is not None and _width(after) > 0.895 * measure:
        return False
    notes.append(f"could not decide whether '{_clip(line.text)}' starts a paragraph (guessed: no)")
    return True


def _full(line: Line, measure: float, left: float | None) -> bool:
    """Whether the line runs (nearly) to the right margin, so the text may wrap on."""
    if line.x1 is not None and left is not None:
        return line.x1 - left > 0.88 * measure
    return _width(line) >= 0.8 * measure


def _heading_level(line: Line, measure: float) -> int:
    if CHAPTER_HEADING.match(line.text) and (line.bold or _width(line) < 0.6 * measure):
        return 1
    if NUMBERED_HEADING.match(line.text) and (line.bold or _width(line) < 0.6 * measure):
        return 1 + line.text.split()[0].count(".")
    return 2 if line.bold and _width(line) < 0.6 * measure else 0


def _render(blocks: list[Block | str], joins: list[tuple[str, str]] | None = None) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b + "\n")
        elif b.kind == "heading":
            out.append("#" * b.level + " " + b.parts[0].strip() + "\n")
        elif b.kind == "item":
            mark = f"{b.level}. " if b.level else "- "
            out.append(mark + join_wrapped(b.parts, joins).rstrip(" ").replace("\n", "\n" + " " * len(mark)))
        else:
            out.append(join_wrapped(b.parts, joins).rstrip(" ") + "\n")
    text = ""
    for piece in out:
        tight = bool(ITEM_START.match(piece)) and bool(ITEM_START.match(text.rstrip("\n").split("\n")[-1]))
        text += ("" if not text else "\n" if tight else "\n\n") + piece.rstrip("\n")
    return text + "\n"


def join_wrapped(parts: list[str], joins: list[tuple[str, str]] | None = None) -> str:
    """Join printed lines: no space between two Thai letters or inside brackets and quotes (a
    line that ends with a space, as some PDFs keep it, keeps it); each Thai–Thai join, the
    end of the one line and the start of the next, goes to ``joins``."""
    text = ""
    for part in parts:
        if not text or text.endswith(("\n", " ")) or part.startswith("\n"):
            text += part
            continue
        a, b = text[-1], part[0]
        thai = THAI_LETTER.match(a) and THAI_LETTER.match(b)
        if thai and joins is not None:
            joins.append((text.rsplit(" ", 1)[-1].rsplit("\n", 1)[-1], part.split(" ", 1)[0]))
        tight = thai or a in OPENING or b in CLOSING
        text += ("" if tight else " ") + part
    return text


# Words a Thai phrase space usually stands before (the Royal Institute's spacing: before และ,
# หรือ, คือ, เช่น... joining clauses). After ๆ and ฯ a line end is a space already.
PHRASE_STARTS = ("และ", "หรือ", "แต่", "ซึ่ง", "คือ", "ได้แก่", "เช่น", "ทั้งนี้", "อย่างไรก็ตาม", "ดังนั้น")


def _tail(text: str, width: int = 12) -> str:
    """The end of a text, cut before a letter, never before its marks."""
    tail = text[-width:]
    while tail[:1] and unicodedata.category(tail[0]) == "Mn":
        tail = tail[1:]
    return tail


def phrase_space_notes(joins: list[tuple[str, str]], shown: int = 8) -> list[str]:
    """Where a Thai line end may hide a phrase space (the file keeps no space at line ends):
    the likely places one by one, then how many joins in all could not tell."""
    likely = [(a, b) for a, b in joins if b.startswith(PHRASE_STARTS)]
    notes = [
        f"a phrase space may stand at the line end '…{_tail(a)}│{b[:12]}…' (joined with none): check it"
        for a, b in likely[:shown]
    ]
    if len(likely) > shown:
        notes.append(f"… and {len(likely) - shown} more line ends like these")
    if joins:
        notes.append(
            f"{len(joins)} line ends between Thai words joined with no space: this file keeps no space at "
            "a line end, so a phrase space that stood at one is lost"
        )
    return notes


def _width(line: Line) -> float:
    """The line's width: measured in the PDF, else in em of Sarabun Regular."""
    if line.x0 is not None and line.x1 is not None:
        return line.x1 - line.x0
    return text_width(line.text)


def text_width(text: str) -> float:
    """Width in em of Sarabun Regular (advance widths, no shaping)."""
    advances = _advances()
    return sum(advances.get(ord(c), 0.5) for c in text)


@lru_cache(maxsize=1)
def _advances() -> dict[int, float]:
    from fontTools.ttLib import TTFont

    from thaibook.core.files import FONTS_DIR

    font = TTFont(str(FONTS_DIR / "Sarabun-Regular.ttf"))
    upm, hmtx = font["head"].unitsPerEm, font["hmtx"]
    return {code: hmtx[name][0] / upm for code, name in font.getBestCmap().items()}


def _clip(text: str) -> str:
    return text if len(text) < 40 else text[:18] + "…" + text[-18:]
