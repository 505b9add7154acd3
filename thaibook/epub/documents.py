"""The e-book's documents: the cover, the navigation document (contents, page list,
landmarks) and one per chapter, each a layout rendered, parsed as XML and marked up."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import jinja2

from thaibook.core.book import Book, Chapter
from thaibook.core.errors import BuildError, warn
from thaibook.epub.breaks import XHTML, local
from thaibook.epub.media import Images
from thaibook.epub.pagelist import OPS
from thaibook.epub.valid import conform
from thaibook.epub.xhtml import to_xhtml
from thaibook.html.layout import ChapterView, plan_parts, render_template
from thaibook.html.markdown import reflowable_chapters
from thaibook.html.references import error_at

ET.register_namespace("epub", OPS)


HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


NAV = "nav.xhtml"


COVER = "cover.xhtml"


@dataclass
class Document:
    """One XHTML document of the e-book: its file name, its tree and what it holds."""

    name: str
    root: ET.Element
    chapter: Chapter | None = None

    def find(self, tag: str, **attrs: str) -> ET.Element | None:
        """The first element named ``tag`` whose attributes have the given values."""
        for el in self.root.iter(f"{{{XHTML}}}{tag}"):
            if all(el.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                return el
        return None

    @property
    def body(self) -> ET.Element:
        found = self.find("body")
        assert found is not None
        return found


@dataclass
class Entry:
    """A contents entry: title, link and the entries under it."""

    title: str
    href: str
    level: int
    children: list[Entry] = field(default_factory=list)


def chapter_name(chapter: Chapter) -> str:
    """A chapter's file in the package."""
    return f"chapter-{chapter.index}.xhtml"


def parse_document(xhtml: str, template: str, env: jinja2.Environment) -> ET.Element:
    """A rendered layout as an XML tree; a layout that is not well-formed XHTML is the book's error."""
    try:
        return ET.fromstring(xhtml)
    except ET.ParseError as exc:
        source = env.get_template(template).filename
        raise BuildError(f"layout '{template}' does not make well-formed XHTML: {exc}", source) from None


def serialize(root: ET.Element) -> bytes:
    """A document's bytes: XML declaration, doctype, the tree (XHTML as the default namespace)."""
    prefix = f"{{{XHTML}}}"
    named = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.startswith(prefix)]
    for el in named:  # ElementTree's default_namespace refuses attributes without a namespace
        el.tag = el.tag[len(prefix) :]
    root.set("xmlns", XHTML)
    try:
        text = ET.tostring(root, encoding="unicode")
    finally:
        del root.attrib["xmlns"]
        for el in named:
            el.tag = prefix + el.tag
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n{text}\n'.encode()


def chapter_documents(book: Book, env: jinja2.Environment, images: Images) -> list[Document]:
    """Every chapter by the print's Markdown conversion, in the chapter layout of the e-book."""
    parts = plan_parts(book).chapters
    layouts = set(env.list_templates())
    documents = []
    for chapter, part, converted in zip(book.chapters, parts, reflowable_chapters(book), strict=True):
        view = ChapterView(chapter, to_xhtml(converted.html, images.hook(chapter)), converted.headings, part)
        template = f"epub/{chapter.meta.layout}.xhtml.j2"
        if template not in layouts:
            template = "epub/chapter.xhtml.j2"
        xhtml = render_template(env, template, {"book": book.config, "chapter": view})
        root = parse_document(xhtml, template, env)
        conform(root, chapter)
        documents.append(Document(chapter_name(chapter), root, chapter))
    return documents


def cover_document(book: Book, env: jinja2.Environment) -> Document:
    """The cover page: the print cover's text."""
    template = "epub/cover.xhtml.j2"
    xhtml = render_template(env, template, {"book": book.config})
    return Document(COVER, parse_document(xhtml, template, env))


def nav_document(book: Book, env: jinja2.Environment, context: dict) -> Document:
    """The navigation document: contents, page list and landmarks."""
    template = "epub/nav.xhtml.j2"
    xhtml = render_template(env, template, {"book": book.config, **context})
    return Document(NAV, parse_document(xhtml, template, env))


def contents(chapters: list[Document]) -> list[Entry]:
    """The contents as the PDF's bookmarks have it: each chapter's title (when no heading shows
    it) and headings, nested by level. (The PDF's bookmark of its contents page is this.)"""
    flat: list[tuple[int, str, str]] = []
    for doc in chapters:
        count = 0
        for el in doc.root.iter():
            name = local(el.tag)
            if el.get("role") == "doc-chapter" and el.get("aria-label"):
                flat.append((1, el.get("aria-label", ""), f"{doc.name}#{el.get('id')}"))
            elif name in HEADINGS:
                if not el.get("id"):
                    count += 1
                    el.set("id", f"{doc.name.removesuffix('.xhtml')}-heading-{count}")
                title = " ".join("".join(el.itertext()).split())
                flat.append((HEADINGS[name], title, f"{doc.name}#{el.get('id')}"))
    return _nest(flat)


def _nest(flat: list[tuple[int, str, str]]) -> list[Entry]:
    """Entries under the last entry of a lower level before them, as PDF outlines nest."""
    top: list[Entry] = []
    stack: list[Entry] = []
    for level, title, href in flat:
        while stack and stack[-1].level >= level:
            stack.pop()
        entry = Entry(title, href, level)
        (stack[-1].children if stack else top).append(entry)
        stack.append(entry)
    return top


def retarget_links(documents: list[Document]) -> None:
    """Links to an id or a chapter file point at the document that holds it; a link to
    nothing the e-book holds is a warning and becomes text."""
    owner = {el.get("id"): doc.name for doc in documents for el in doc.root.iter() if el.get("id")}
    files = {doc.chapter.path.name: doc.name for doc in documents if doc.chapter}
    for doc in documents:
        for a in doc.root.iter(f"{{{XHTML}}}a"):
            href = a.get("href", "")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href:
                continue
            path, target = unquote(parts.path), unquote(parts.fragment)
            if path in files:
                a.set(
                    "href",
                    files[path] + (f"#{target}" if target and owner.get(target) == files[path] else ""),
                )
            elif not path and target in owner:
                a.set("href", ("" if owner[target] == doc.name else owner[target]) + f"#{target}")
            else:
                _unlink(doc, a, href)


def _unlink(doc: Document, a: ET.Element, href: str) -> None:
    """A link the e-book cannot follow: its text stays, the author is told where."""
    del a.attrib["href"]
    message = f"link to '{href}', which the e-book does not hold: printed as text"
    if doc.chapter is None:
        warn(message, kind="link")
        return
    where = error_at(doc.chapter, href, message)
    warn(message, where.path, where.line, where.column, kind="link")
