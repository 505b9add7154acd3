"""Footnotes as a printed book has them: at the foot of the page, or at the chapter's end.

Python-Markdown lists a chapter's notes at its end, each with a back-link ``↩``
(U+21A9, a glyph Thai faces lack). In print the back-link goes, and by default each
note moves to its first reference, where CSS's ``float: footnote`` sets it at the foot
of the page (print.css.j2); ``footnotes: chapter`` in book.yaml keeps them at the end.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor

PLACES = ("page", "chapter")


BLOCK_PARENTS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt"}  # a note of blocks may not go inside


class PrintedFootnotes(Treeprocessor):
    """Removes the back-links; with ``place='page'`` moves each note to its first reference."""

    def __init__(self, md: object, place: str = "page") -> None:
        super().__init__(md)  # type: ignore[arg-type]
        self.place = place

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        refs: dict[str, ET.Element] = {}
        for sup in root.iter("sup"):
            for a in sup.iter("a"):
                if a.get("class") == "footnote-ref":
                    refs.setdefault(a.get("href", ""), sup)
        for div in [el for el in root.iter("div") if el.get("class") == "footnote"]:
            items = div.find("ol")
            if items is None:
                continue
            for number, li in enumerate(list(items), 1):
                _drop_backlinks(li, parents)
                ref = refs.get(f"#{li.get('id')}") if self.place == "page" else None
                if ref is not None:
                    _move_to(li, ref, parents)
                    items.remove(li)
                    _mark_top(ref, root, parents)
                elif self.place == "page":  # a note nobody refers to stays at the end, with its number
                    li.set("value", str(number))
            if not len(items):
                parents[div].remove(div)


def _mark_top(el: ET.Element, root: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Class ``has-footnote`` on the chapter's block that holds a note (print.css.j2: a note's
    page may end a paragraph with one line, as WeasyPrint would move the note off it for two)."""
    while parents.get(el) is not None and parents[el] is not root:
        el = parents[el]
    if parents.get(el) is root and "has-footnote" not in el.get("class", "").split():
        el.set("class", " ".join(filter(None, [el.get("class"), "has-footnote"])))


def _drop_backlinks(li: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """The ``↩`` links and the no-break space before them."""
    for a in [a for a in li.iter("a") if a.get("class") == "footnote-backref"]:
        parent = parents[a]
        parent.remove(a)
        if not len(parent) and not (parent.text or "").replace(NBSP_PLACEHOLDER, "").strip():
            parents[parent].remove(parent)  # the <p> made only to hold the back-link
    for el in li.iter():
        el.text = el.text.replace(NBSP_PLACEHOLDER, "") if el.text else el.text
        el.tail = el.tail.replace(NBSP_PLACEHOLDER, "") if el.tail else el.tail


def _move_to(li: ET.Element, ref: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Put the note right after its first reference (a note of blocks: after the reference's paragraph)."""
    number = "".join(ref.itertext()).strip()
    blocks = list(li)
    if all(b.tag == "p" for b in blocks):
        note = _inline_note(blocks)
        parent = parents[ref]
        parent.insert(list(parent).index(ref) + 1, note)
        note.tail, ref.tail = ref.tail, None
    else:  # lists, code, tables: a block note, after the paragraph that refers to it
        note = ET.Element("div")
        note.extend(blocks)
        holder = ref
        while holder in parents and holder.tag not in BLOCK_PARENTS:
            holder = parents[holder]
        if holder.tag not in BLOCK_PARENTS:
            holder = ref
        parent = parents[holder]
        parent.insert(list(parent).index(holder) + 1, note)
        note.tail, holder.tail = holder.tail, None
    note.set("class", "footnote-text")
    note.set("id", li.get("id", ""))
    note.set("data-n", number)


def _inline_note(paragraphs: list[ET.Element]) -> ET.Element:
    """Paragraphs as one span: the first's content inline (the marker runs into it), the rest blocks."""
    note = ET.Element("span")
    if paragraphs:
        first, *rest = paragraphs
        note.text = first.text
        note.extend(list(first))
        for p in rest:
            p.tag, p.tail = "span", None
            p.set("class", "footnote-p")
            note.append(p)
    return note
