"""Where the text fell: each page's folio and words, each marker's fit, checked."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from thaibook.core.book import Book, PageInfo
from thaibook.core.errors import BuildWarning
from thaibook.html.pageplan import plan_parts
from thaibook.sources.markers import Marker, find_markers
from thaibook.thai.rules import thai_digits

THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"


ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
         (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


@dataclass(frozen=True)
class PageReport:
    """One page: PDF index, printed folio, first and last words, headings, line count."""

    index: int
    folio: str
    first_words: str
    last_words: str
    headings: tuple[str, ...]
    lines: int
    text: str
    images: tuple[tuple[str, int, float], ...] = ()  # src, pixels wide, scale (as PageInfo)
    chapter: int | None = None  # the index of the chapter the page belongs to (None: cover, contents)
    header: str = ""  # the running header as printed, a line end where a line ends


@dataclass(frozen=True)
class MarkerReport:
    """Where a marker's page fell and whether its text fitted on it."""

    marker: Marker
    expected: str
    page: int | None
    folio: str
    pages: int
    overflow_lines: int

    @property
    def fitted(self) -> bool:
        """Whether the marker's text stayed on its one page."""
        return self.page is not None and self.pages == 1

    @property
    def source(self) -> str:
        """``file.md:line`` of the marker."""
        return f"{self.marker.path.name}:{self.marker.line}"


@dataclass(frozen=True)
class Pagination:
    """The pages of a build and the fate of every page marker."""

    pages: tuple[PageReport, ...]
    markers: tuple[MarkerReport, ...]


def format_folio(number: int, style: str) -> str:
    """A page number as the CSS counter style prints it."""
    if style == "none":
        return ""
    if style == "thai":
        return thai_digits(str(number))
    if style == "thai-alphabetic":
        out = ""
        while number > 0:
            number, rest = divmod(number - 1, len(THAI_LETTERS))
            out = THAI_LETTERS[rest] + out
        return out
    if style in ("lower-roman", "upper-roman"):
        out = ""
        for value, letters in ROMAN:
            count, number = divmod(number, value)
            out += letters * count
        return out.upper() if style == "upper-roman" else out
    return str(number)


def paginate(book: Book, infos: list[PageInfo], headings: dict[str, str]) -> Pagination:
    """Report every page and check every marker against the typeset pages."""
    where: dict[str, int] = {}
    for info in infos:  # a box split over pages has its id on each: keep the first
        for anchor in info.anchors:
            where.setdefault(anchor, info.index)
    on_page: dict[int, dict[str, str]] = {}  # each page's headings, in the headings' order
    for anchor, heading in headings.items():
        if anchor in where:
            on_page.setdefault(where[anchor], {})[anchor] = heading
    pages = tuple(_page(info, on_page.get(info.index, {})) for info in infos)
    pages = _with_chapters(book, pages, where)
    parts = plan_parts(book).chapters
    reports = []
    for chapter, part in zip(book.chapters, parts, strict=True):
        end = _chapter_end(book, chapter.index, where, len(infos))
        markers = find_markers(chapter)
        for i, marker in enumerate(markers):
            page = where.get(marker.id)
            nxt = [where.get(m.id) for m in markers[i + 1 :]]
            last = min([p - 1 for p in nxt if p is not None] + [end])
            span = [] if page is None else infos[page : last + 1]
            overflow = sum(len(_lines(p.text)) for p in span[1:])
            folio = "" if page is None else infos[page].folio
            expected = format_folio(marker.folio, part.numbering)
            reports.append(MarkerReport(marker, expected, page, folio, len(span), overflow))
    return Pagination(pages, tuple(reports))


def problems(pagination: Pagination) -> list[BuildWarning]:
    """Each marker whose page overflowed, was not found, or prints another folio."""
    found = []
    for before, r in zip(pagination.markers, pagination.markers[1:], strict=False):
        if r.marker.folio <= before.marker.folio:
            msg = f"page marker {r.marker.folio} comes after page marker {before.marker.folio}"
            found.append(BuildWarning(msg, r.marker.path, r.marker.line, kind="pagination"))
    for r in pagination.markers:
        m = r.marker
        if r.page is None:
            found.append(
                BuildWarning(
                    f"page marker {m.folio} did not reach any page", m.path, m.line, kind="pagination"
                )
            )
            continue
        if r.folio != r.expected:
            msg = f"page marker {m.folio}: the page prints folio '{r.folio}', not '{r.expected}'"
            found.append(BuildWarning(msg, m.path, m.line, kind="pagination"))
        if r.pages > 1:
            more = r.pages - 1
            msg = (
                f"the text of page {m.folio} overflows its page by {r.overflow_lines} "
                f"line{'s' * (r.overflow_lines != 1)} ({more} more page{'s' * (more != 1)})"
            )
            found.append(BuildWarning(msg, m.path, m.line, kind="pagination"))
    return found


def _with_chapters(
    book: Book, pages: tuple[PageReport, ...], where: dict[str, int]
) -> tuple[PageReport, ...]:
    """Each page with the chapter it belongs to: the last chapter that starts on it or before."""
    starts = sorted((where[ch.anchor], ch.index) for ch in book.chapters if ch.anchor in where)
    firsts = [start for start, _ in starts]
    owners = [bisect_right(firsts, page.index) for page in pages]
    return tuple(
        replace(p, chapter=starts[i - 1][1] if i else None) for p, i in zip(pages, owners, strict=True)
    )


def _chapter_end(book: Book, index: int, where: dict[str, int], count: int) -> int:
    """The PDF index of the chapter's last page."""
    starts = [where.get(ch.anchor) for ch in book.chapters if ch.index > index]
    return min([s - 1 for s in starts if s is not None] + [count - 1])


def _page(info: PageInfo, headings: dict[str, str]) -> PageReport:
    found = tuple(headings[a] for a in info.anchors if a in headings)
    text = re.sub("[\u200b\u2060]", "", info.text)  # line-break hints are not text
    words = text.split()
    lines = _lines(text)
    return PageReport(
        info.index,
        info.folio,
        " ".join(words[:3]),
        " ".join(words[-3:]),
        found,
        len(lines),
        text,
        info.images,
        header=info.header,
    )


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]
