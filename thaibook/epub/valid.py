"""Raw HTML as real books write it, made what EPUB 3's XHTML allows: elements HTML5 does not
know unwrapped (docfx's ``<Token>``) or renamed (``<center>``), obsolete attributes dropped
(``frameborder``), an embedded page or video from the web as a link to it (an EPUB holds
every resource it shows), links of schemes no reading system opens as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from thaibook.core.book import Chapter
from thaibook.core.errors import warn
from thaibook.epub.breaks import XHTML, local
from thaibook.html.references import error_at

ELEMENTS = frozenset(
    "a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption cite"
    " code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption"
    " figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label"
    " legend li link main map mark menu meta meter nav noscript object ol optgroup option output p"
    " param picture pre progress q rp rt ruby s samp script search section select slot small source"
    " span strong style sub summary sup table tbody td template textarea tfoot th thead time title tr"
    " track u ul var video wbr".split()
)


# Obsolete elements as the HTML5 ones that print them alike.
RENAMED = {"center": "div", "font": "span", "big": "span", "tt": "code", "strike": "s", "acronym": "abbr"}


GLOBAL = frozenset({"id", "class", "style", "lang", "title", "dir"})


OBSOLETE = frozenset(
    "frameborder scrolling marginwidth marginheight allowtransparency align valign bgcolor"
    " cellpadding cellspacing nowrap".split()
)


NAME = re.compile(r"[A-Za-z_][\w.-]*")


PIXELS = re.compile(r"\d+(?:\.\d+)?(?:px)?")
LENGTH = re.compile(r"\d+(?:\.\d+)?(?:%|em|rem|ex|ch|vw|vh|cm|mm|in|pt|pc)")


SIZED = frozenset({"img", "iframe", "embed", "object", "video", "canvas", "source", "input"})


EMBEDDED = frozenset({"iframe", "embed", "object", "video", "audio"})


# Schemes epubcheck knows as registered, that a reading system may open.
SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms", "ftp", "geo", "news", "irc", "urn", "data"})


def conform(root: ET.Element, chapter: Chapter | None) -> None:
    """Make a document's raw HTML valid EPUB XHTML, warning where a reader loses something."""
    _anchors(root)
    _conform(root, chapter)


def _anchors(root: ET.Element) -> None:
    """``<a name="calc-methods">`` (docfx, old HTML) as the id a link's fragment finds."""
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for a in root.iter(f"{{{XHTML}}}a"):
        name = a.get("name", "")
        if a.get("id") or not NAME.fullmatch(name):
            continue
        del a.attrib["name"]
        if name not in ids:
            a.set("id", name)
            ids.add(name)


def _conform(root: ET.Element, chapter: Chapter | None) -> None:
    for child in list(root):
        if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{XHTML}}}"):
            continue
        _conform(child, chapter)  # the inside first: an element unwrapped brings only valid ones up
        name = local(child.tag)
        for attr in [a for a in child.attrib if a in OBSOLETE]:
            del child.attrib[attr]
        _dimensions(child)
        if name in RENAMED:
            child.tag = f"{{{XHTML}}}{RENAMED[name]}"
            for attr in [a for a in child.attrib if a not in GLOBAL]:  # <font color size face>
                del child.attrib[attr]
        elif name not in ELEMENTS:
            _unwrap(root, child)
        elif name in EMBEDDED and _remote(child):
            _as_link(root, child, chapter)
        elif name == "a" and urlsplit(child.get("href", "")).scheme.lower() not in {"", *SCHEMES}:
            href = child.attrib.pop("href")
            _warn(chapter, href, f"link to '{href}', which no reading system opens: printed as text")


def _dimensions(el: ET.Element) -> None:
    """``width``/``height`` as HTML5 wants them: whole pixels on an image or a frame
    (``{width=100px}``: 100), anything else (``50%``, a table cell's) in the element's style."""
    sized = local(el.tag) in SIZED
    for attr in ("width", "height"):
        value = (el.get(attr) or "").strip()
        if not value or value.isdigit() and sized:
            continue
        del el.attrib[attr]
        if sized and PIXELS.fullmatch(value):
            el.set(attr, str(round(float(value.removesuffix("px")))))
        elif PIXELS.fullmatch(value) or LENGTH.fullmatch(value):
            length = value if LENGTH.fullmatch(value) else value.removesuffix("px") + "px"
            el.set("style", "; ".join(filter(None, [f"{attr}: {length}", el.get("style", "").strip()])))


def _remote(el: ET.Element) -> str:
    """The web address an embedded element shows, if it shows one."""
    for src in [el.get("src"), el.get("data"), *(s.get("src") for s in el.iter(f"{{{XHTML}}}source"))]:
        if src and urlsplit(src).scheme in ("http", "https", ""):
            if urlsplit(src).netloc:
                return src
    return ""


def _as_link(parent: ET.Element, el: ET.Element, chapter: Chapter | None) -> None:
    """An embedded page or video from the web as a link to it, its title (else its address) the text."""
    src = _remote(el)
    link = ET.Element(f"{{{XHTML}}}a", {"href": src})
    link.text, link.tail = el.get("title") or src, el.tail
    parent[list(parent).index(el)] = link
    kind = local(el.tag)
    _warn(chapter, src, f"<{kind}> of '{src}': an e-book holds what it shows, so it is a link to it")


def _unwrap(parent: ET.Element, el: ET.Element) -> None:
    """An element HTML5 does not know: its content stays where it was, the tag goes."""
    at = list(parent).index(el)
    children = list(el)
    parent.remove(el)
    for child in children:
        el.remove(child)
    for i, child in enumerate(children):
        parent.insert(at + i, child)
    before = (parent[at - 1].tail if at else parent.text) or ""
    text = before + (el.text or "")
    if at:
        parent[at - 1].tail = text
    else:
        parent.text = text
    end = at + len(children) - 1
    if end >= at:
        parent[end].tail = (parent[end].tail or "") + (el.tail or "")
    elif at:
        parent[at - 1].tail = (parent[at - 1].tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")


def _warn(chapter: Chapter | None, needle: str, message: str) -> None:
    if chapter is None:
        warn(message, kind="epub")
        return
    where = error_at(chapter, needle, message)
    warn(message, where.path, where.line, where.column, kind="epub")
