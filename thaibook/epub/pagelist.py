"""The print edition's pages in the e-book: a ``pagebreak`` marker where each printed page
starts, found from the print build's report (``pages.json``: each page's text and chapter).

A page marker (``<!-- page N -->``) is where its page starts, exactly. Any other page is
found by its text: the page texts of a chapter, one after another, are the chapter's text
with the print's generated text (bullets, list numbers) in between, so aligning the two
texts finds the character each page starts at.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, pairwise

from thaibook.epub.breaks import XHTML, local

OPS = "http://www.idpf.org/2007/ops"


MARKER_ATTR = "data-thaibook-marker"  # the placeholder of a page marker, by its source line


GRAM = 12  # characters in a run that ties page text to e-book text


SLACK = 8  # characters of the print's own (bullet, list number) a page may start with


@dataclass(frozen=True)
class PrintPage:
    """One page of the print edition: its PDF index, printed folio, text and chapter."""

    index: int
    folio: str
    text: str
    chapter: int | None
    marker_line: int | None = None  # the source line of the page marker that starts it


@dataclass(frozen=True)
class PageTarget:
    """Where a printed page starts in the e-book: its folio and the marker's document and id."""

    index: int
    folio: str
    document: str
    id: str


def squeeze(text: str) -> str:
    """The text without whitespace, the part of it that print and e-book share."""
    return "".join(text.split())


def place_pages(
    root: ET.Element, document: str, pages: list[PrintPage], top: ET.Element
) -> tuple[list[PageTarget], float]:
    """Mark where each page starts in ``root`` (a document, or its part that the pages show);
    the targets, and the share of the text's characters the pages show.

    A page that starts the text starts at the top of ``top``; one that a page marker starts,
    at the marker's placeholder. Placeholders left over go.
    """
    placeholders = {int(el.get(MARKER_ATTR, 0)): el for el in root.iter() if el.get(MARKER_ATTR)}
    text = squeeze("".join(t for _, _, t in _texts(root)))
    starts, matched = locate([squeeze(p.text) for p in pages], text)
    targets, found = [], []
    for page, start in zip(pages, starts, strict=True):
        marker = _pagebreak(page)
        held = placeholders.pop(page.marker_line, None) if page.marker_line else None
        if start == 0:  # the page starts the document: above a title heading too
            marker.tail, top.text = top.text, None
            top.insert(0, marker)
            if held is not None:
                _replace(root, held, None)
        elif held is not None:
            _replace(root, held, marker)
        else:
            found.append((start, marker))
        if page.folio:
            targets.append(PageTarget(page.index, page.folio, document, page_id(page)))
    _insert(root, found)
    for el in placeholders.values():
        _replace(root, el, None)
    _keep_breaks(root)
    return targets, matched / len(text) if text else 1.0


def page_id(page: PrintPage) -> str:
    """The id of the page's marker: its PDF page number (folios can repeat)."""
    return f"page-{page.index + 1}"


def locate(pages: list[str], text: str) -> tuple[list[int], int]:
    """The offset in ``text`` where each page's text starts (all without whitespace), and how
    many of the text's characters the pages show.

    Runs of GRAM characters found once in the pages and once in the text, in the same order,
    tie the two together. Between two such anchors, a page start is where the text that runs
    back unbroken from the next anchor begins (after at most SLACK characters of the print's
    own: a bullet, a list number); failing that, where walking on from the anchor before,
    matching the text's next character, takes it.
    """
    joined = "".join(pages)
    anchors = [(0, 0), *_anchors(joined, text), (len(joined), len(text))]
    firsts = [c for c, _ in anchors]
    starts = []
    for bound in accumulate((len(p) for p in pages[:-1]), initial=0) if pages else []:
        k = max(bisect_right(firsts, bound) - 1, 0)
        (c0, d0), (c1, d1) = anchors[k], anchors[min(k + 1, len(anchors) - 1)]
        c, d = c1, d1
        while c > bound and d > d0 and joined[c - 1] == text[d - 1]:
            c, d = c - 1, d - 1
        starts.append(d if c - bound <= SLACK else _walk_on(joined, text, c0, d0, bound, d1))
    starts[:1] = [0] * len(starts[:1])  # a document's first page starts it (a chapter starts a page)
    matched = sum(_walk_on(joined, text, c0, d0, c1, d1) - d0 for (c0, d0), (c1, d1) in pairwise(anchors))
    return starts, matched


def _walk_on(joined: str, text: str, i: int, j: int, stop: int, limit: int) -> int:
    """Where in ``text`` walking ``joined`` from ``i`` (at ``j``) to ``stop`` gets, never past ``limit``."""
    for ch in joined[i:stop]:
        if j < limit and ch == text[j]:
            j += 1
    return j


def _anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Offsets (in a, in b) of GRAM-character runs each string has once, the longest chain in order."""
    once_a, once_b = _unique_grams(a), _unique_grams(b)
    pairs = sorted((i, once_b[g]) for g, i in once_a.items() if g in once_b)
    # The longest run of pairs increasing in b too (patience sorting).
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back[n] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
    chain = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _unique_grams(s: str) -> dict[str, int]:
    """Each GRAM-character run that occurs once in s, with its offset."""
    seen: dict[str, int] = {}
    for i in range(len(s) - GRAM + 1):
        gram = s[i : i + GRAM]
        seen[gram] = -1 if gram in seen else i
    return {g: i for g, i in seen.items() if i >= 0}


def _keep_breaks(root: ET.Element) -> None:
    """A ``<wbr>`` after each page-break marker that stands between two letters: the print's
    page starts on a new line there, so a line may break there (the text around it was split)."""
    for parent in list(root.iter()):
        for at, child in reversed(list(enumerate(parent))):
            if child.get(f"{{{OPS}}}type") == "pagebreak" and (child.tail or " ")[0].strip():
                if _letter_before(parent, at):
                    wbr = ET.Element(f"{{{XHTML}}}wbr")
                    wbr.tail, child.tail = child.tail, None
                    parent.insert(at + 1, wbr)


def _letter_before(parent: ET.Element, at: int) -> bool:
    """Whether a letter (not a space, not a ``<wbr>``) comes right before child ``at``."""
    if not at:
        return bool(parent.text and parent.text[-1].strip())
    before = parent[at - 1]
    if before.tail:
        return bool(before.tail[-1].strip())
    inside = "".join(before.itertext())
    return local(before.tag) != "wbr" and bool(inside and inside[-1].strip())


def _pagebreak(page: PrintPage) -> ET.Element:
    attrs = {"id": page_id(page), f"{{{OPS}}}type": "pagebreak", "role": "doc-pagebreak"}
    attrs["aria-label"] = page.folio or f"{page.index + 1}"
    return ET.Element(f"{{{XHTML}}}span", attrs)


def _texts(root: ET.Element) -> Iterator[tuple[ET.Element, ET.Element | None, str]]:
    """(element, None, text) and (parent, child, tail) of every text of the body, in order."""
    body = next((el for el in root.iter() if local(el.tag) == "body"), root)
    yield from _walk(body)


def _walk(el: ET.Element) -> Iterator[tuple[ET.Element, ET.Element | None, str]]:
    if el.text:
        yield el, None, el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from _walk(child)
        if child.tail:
            yield el, child, child.tail


def _insert(root: ET.Element, markers: list[tuple[int, ET.Element]]) -> None:
    """Put each marker just before the text's character at its offset (whitespace not counted)."""
    places = []
    todo = sorted(markers, key=lambda m: m[0])
    seen = 0
    for parent, child, text in _texts(root):
        count = len(squeeze(text))
        while todo and todo[0][0] < seen + count:
            start, marker = todo.pop(0)
            places.append((parent, child, _nth_visible(text, start - seen), marker))
        seen += count
    for parent, child, cut, marker in reversed(places):  # from the end: the places before stay right
        if child is None:
            parent.text, marker.tail = (parent.text or "")[:cut], (parent.text or "")[cut:]
            parent.insert(0, marker)
        else:
            child.tail, marker.tail = (child.tail or "")[:cut], (child.tail or "")[cut:]
            parent.insert(list(parent).index(child) + 1, marker)
    body = next((el for el in root.iter() if local(el.tag) == "body"), root)
    for _, marker in todo:  # past the text's end
        body.append(marker)


def _nth_visible(text: str, n: int) -> int:
    """The index in ``text`` of its ``n``-th character that is not whitespace (from 0)."""
    for i, ch in enumerate(text):
        if not ch.isspace():
            if n == 0:
                return i
            n -= 1
    return len(text)


def _replace(root: ET.Element, old: ET.Element, new: ET.Element | None) -> None:
    """Put ``new`` in ``old``'s place (or nothing), keeping the text after it."""
    parent = next(p for p in root.iter() if any(c is old for c in p))
    at = list(parent).index(old)
    parent.remove(old)
    if new is not None:
        new.tail = old.tail
        parent.insert(at, new)
    elif old.tail:
        if at:
            parent[at - 1].tail = (parent[at - 1].tail or "") + old.tail
        else:
            parent.text = (parent.text or "") + old.tail
