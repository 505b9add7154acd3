"""Line breaks and languages for every reading system: ``<wbr>`` where the print may break a
Thai line, protected words kept whole, Latin runs marked as English for hyphenation.

A reading system without a Thai dictionary breaks a line only at spaces and ``<wbr>``;
one with a dictionary breaks where it likes, except inside ``white-space: nowrap``.
No character is added to the text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from thaibook.thai.breaks import allowed_and_refused
from thaibook.thai.rules import is_thai
from thaibook.thai.units import URL

XHTML = "http://www.w3.org/1999/xhtml"


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


NOBREAK_CLASS = "nobr"


LATIN_LANG = "en"  # Latin-script words in a Thai book are English far more often than not


LATIN_RUN = re.compile(r"[A-Za-z]+(?:['’.-][A-Za-z]+)*(?:\s+[A-Za-z]+(?:['’.-][A-Za-z]+)*)*")


SKIP = {"pre", "code", "kbd", "samp", "script", "style", "title", "head"}


THAI_OR_URL = re.compile(rf"[\u0e00-\u0e7f]|{URL.pattern}")


def word_breaks(text: str, words: tuple[str, ...], rule: str) -> tuple[set[int], list[tuple[int, int]]]:
    """The project's line-break rule: the offsets a line may break before, and the runs a
    reading system with its own dictionary must not break inside (where Pango would)."""
    allowed, refused = allowed_and_refused(text, words, rule)
    edges = sorted({0, len(text), *allowed})
    keep = {_trimmed(text, edges[bisect_left(edges, i) - 1], edges[bisect_right(edges, i)]) for i in refused}
    return allowed, sorted((a, b) for a, b in keep if a < b)


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """A run without white space at its ends (a space inside a nowrap run is no break)."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def local(tag: object) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def mark_breaks(root: ET.Element, words: tuple[str, ...], lang: str, rule: str = "dictionary") -> None:
    """Put ``<wbr>``, nowrap spans and Latin language spans into every text of an XHTML tree."""
    latin = lang.split("-")[0].lower() != LATIN_LANG
    for parent, child in list(_texts(root, False)):
        if child is None:
            lead, nodes = _markup(parent.text or "", words, rule, latin)
            parent.text = lead
            for i, node in enumerate(nodes):
                parent.insert(i, node)
        else:
            lead, nodes = _markup(child.tail or "", words, rule, latin)
            child.tail = lead
            at = list(parent).index(child) + 1
            for i, node in enumerate(nodes):
                parent.insert(at + i, node)


def _texts(el: ET.Element, skipped: bool) -> Iterator[tuple[ET.Element, ET.Element | None]]:
    """(element, None) for an element's text and (parent, child) for a child's tail, in order."""
    skip = skipped or local(el.tag) in SKIP or NOBREAK_CLASS in el.get("class", "").split()
    if el.text and not skip:
        yield el, None
    for child in list(el):
        if isinstance(child.tag, str):
            yield from _texts(child, skip)
        if child.tail and not skip:
            yield el, child


def _markup(text: str, words: tuple[str, ...], rule: str, latin: bool) -> tuple[str, list[ET.Element]]:
    """The text as leading text and new elements (their tails hold the text between them)."""
    if not text.strip() or not (THAI_OR_URL.search(text) or latin and LATIN_RUN.search(text)):
        return text, []
    breaks, keep = word_breaks(text, words, rule) if THAI_OR_URL.search(text) else (set(), [])
    runs = _latin_runs(text, keep) if latin else []
    inside = [*keep, *runs]
    # At one offset: spans end, then the break, then spans start (a protected run outside a Latin one).
    events = [(b, 0, "end") for _, b in inside] + [(a, 2, "keep") for a, _ in keep]
    events += [(a, 2, "latin") for a, _ in runs]
    within = {p for a, b in inside for p in range(a + 1, b)}
    wanted = [p for p in sorted(breaks) if p not in within and _wants_wbr(text, p)]
    return _build(text, sorted(events + [(p, 1, "wbr") for p in wanted]))


def _wants_wbr(text: str, p: int) -> bool:
    """A break between two characters that are not spaces, one of them Thai, or one the
    rule adds (in a URL, after '/'): a reading system would not break there by itself."""
    before, after = text[p - 1], text[p]
    if before.isspace() or after.isspace():
        return False
    return is_thai(before) or is_thai(after) or before in "/-."


def _latin_runs(text: str, keep: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of Latin words outside web addresses, cut where a protected run starts or ends
    (spans must nest)."""
    cuts = sorted({edge for run in keep for edge in run})
    urls = [m.span() for m in URL.finditer(text)]  # an address is no English to hyphenate
    runs = []
    for m in LATIN_RUN.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in urls):
            continue
        points = [m.start(), *(c for c in cuts if m.start() < c < m.end()), m.end()]
        runs += [(a, b) for a, b in zip(points, points[1:], strict=False) if text[a:b].strip()]
    return runs


def _build(text: str, events: list[tuple[int, int, str]]) -> tuple[str, list[ET.Element]]:
    """Elements from sorted (offset, order, kind) events over the text."""
    holder = ET.Element("holder")
    stack = [holder]
    done = 0
    for at, _, kind in events:
        _append(stack[-1], text[done:at])
        done = at
        if kind == "end":
            stack.pop()
        elif kind == "wbr":
            ET.SubElement(stack[-1], f"{{{XHTML}}}wbr")
        else:
            attrs = {"class": NOBREAK_CLASS} if kind == "keep" else {"lang": LATIN_LANG, XML_LANG: LATIN_LANG}
            stack.append(ET.SubElement(stack[-1], f"{{{XHTML}}}span", attrs))
    _append(holder, text[done:])
    return holder.text or "", list(holder)


def _append(el: ET.Element, text: str) -> None:
    if not text:
        return
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text
