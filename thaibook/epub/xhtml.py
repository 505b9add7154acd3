"""A chapter's HTML (the print's Markdown conversion) as an XHTML fragment for the e-book:
parsed as HTML5 (tinyhtml5), page markers as placeholders, footnotes as EPUB footnotes,
images handed to the caller, comments dropped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from xml.sax.saxutils import escape

import tinyhtml5

from thaibook.epub.pagelist import MARKER_ATTR
from thaibook.sources.markers import ANNOTATED
from thaibook.thai.rules import THAI

EPUB_TYPE = "epub:type"  # written as is; the document's root declares the prefix


# A wrapped line after a page marker: between Thai letters the line end is no space.
MARKER_SOFT_BREAK = re.compile(rf"(?<=[{THAI}])(<!--\s*page \d+ at \d+\s*-->)[ \t]*\n[ \t]*(?=[{THAI}])")


ImageHook = Callable[[ET.Element], None]


def to_xhtml(html: str, image: ImageHook) -> str:
    """The chapter's HTML as well-formed XHTML elements (no namespace: the layout gives it)."""
    html = MARKER_SOFT_BREAK.sub(r"\1", html)
    body = tinyhtml5.parse(f"<!DOCTYPE html><html><head></head><body>{html}", namespace_html_elements=False)
    body = body.find("body")
    assert body is not None
    _markers(body)
    _footnotes(body)
    for img in body.iter("img"):
        image(img)
    return escape(body.text or "") + "".join(ET.tostring(child, encoding="unicode") for child in body)


def _markers(root: ET.Element) -> None:
    """Page-marker comments become placeholders; other comments go (they are not text)."""
    for parent in list(root.iter()):
        for at, child in reversed(list(enumerate(parent))):
            if child.tag is not ET.Comment:
                continue
            found = ANNOTATED.fullmatch((child.text or "").strip())
            if found:
                holder = ET.Element("span", {MARKER_ATTR: found.group(2)})
                holder.tail = child.tail
                parent[at] = holder
                continue
            parent.remove(child)
            if child.tail:
                if at:
                    parent[at - 1].tail = (parent[at - 1].tail or "") + child.tail
                else:
                    parent.text = (parent.text or "") + child.tail


def _footnotes(root: ET.Element) -> None:
    """Python-Markdown's footnotes as EPUB notes: a noteref to an aside, a footnotes section."""
    for a in root.iter("a"):
        classes = a.get("class", "").split()
        if "footnote-ref" in classes:
            a.set(EPUB_TYPE, "noteref")
            a.set("role", "doc-noteref")
        elif "footnote-backref" in classes:
            a.set("role", "doc-backlink")
    for div in list(root.iter("div")):
        if "footnote" not in div.get("class", "").split():
            continue
        div.tag = "section"
        div.set(EPUB_TYPE, "footnotes")
        for li in div.iter("li"):
            if li.get("id") and li.get("id", "").startswith("fn:"):
                aside = ET.Element("aside", {"id": li.attrib.pop("id"), EPUB_TYPE: "footnote"})
                aside.set("role", "doc-footnote")
                aside.text, li.text = li.text, None
                aside.extend(list(li))
                for child in list(li):
                    li.remove(child)
                li.append(aside)
