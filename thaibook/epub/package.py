"""The EPUB package: documents, style sheet, fonts and images, the package document
(metadata, manifest, spine) and the ZIP container, the same bytes for the same sources."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

import jinja2

from thaibook.core.book import Book, FontFace
from thaibook.core.errors import BuildError
from thaibook.epub.breaks import XHTML, mark_breaks
from thaibook.epub.documents import (
    COVER,
    NAV,
    Document,
    chapter_documents,
    contents,
    cover_document,
    nav_document,
    retarget_links,
    serialize,
)
from thaibook.epub.media import Images, Resource, subset_fonts
from thaibook.epub.pagelist import PageTarget, PrintPage, page_id, place_pages
from thaibook.fonts.chain import font_stacks
from thaibook.html.code import code_css
from thaibook.html.layout import make_env, render_template

CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the first time a ZIP entry can carry


SHARED = 0.8  # of a chapter's characters its print pages must show (footnotes may print elsewhere)


@dataclass(frozen=True)
class PrintEdition:
    """The print edition the page list refers to: its file name, SHA-256 and pages."""

    name: str
    sha256: str
    pages: tuple[PrintPage, ...]


@dataclass(frozen=True)
class Epub:
    """A made EPUB: its bytes, its documents and the print pages it marks."""

    data: bytes
    documents: int
    pages: tuple[PageTarget, ...]


def make_epub(
    book: Book, faces: tuple[FontFace, ...], edition: PrintEdition, cover: Resource | None, date: datetime
) -> Epub:
    """The book as an EPUB 3, its page list tied to ``edition``'s folios."""
    env = make_env(book.layout_dirs)
    images = Images(book)
    documents, pages = _documents(book, env, images, edition)
    text = "".join("".join(d.root.itertext()) for d in documents)
    fonts = subset_fonts(faces, text)
    body, code = font_stacks(book.config.font, faces)
    css = render_template(
        env,
        "epub/style.css.j2",
        {
            "book": book.config,
            "font_faces": _font_css(fonts),
            "body_fonts": body,
            "code_fonts": code,
            "code_colours": code_css(book.config.code, book.config.print),
        },
    )
    files = [_resource(d) for d in documents]
    files += [Resource("style.css", css.encode(), "text/css"), *(r for _, r in fonts)]
    files += [*([cover] if cover else []), *images.found.values()]
    spine = [d.name for d in documents if d.name != NAV or book.config.contents]
    context = _package(book, edition, date, files, spine, images) | {"has_pages": bool(pages)}
    opf = render_template(env, "epub/package.opf.j2", context)
    entries = [("EPUB/package.opf", opf.encode()), *((f"EPUB/{f.name}", f.data) for f in files)]
    return Epub(zip_package(entries, date), len(documents), pages)


def _documents(
    book: Book, env: jinja2.Environment, images: Images, edition: PrintEdition
) -> tuple[list[Document], tuple[PageTarget, ...]]:
    """Cover, navigation document and chapters, marked up, with the print pages they mark."""
    words, lang = tuple(sorted(book.words)), book.config.lang
    chapters = chapter_documents(book, env, images)
    front = [cover_document(book, env)] if book.config.cover else []
    for doc in [*front, *chapters]:
        mark_breaks(doc.root, words, lang, book.config.linebreak)
    retarget_links([*front, *chapters])
    targets, nav_pages = _place(edition, front, chapters)
    targets += [PageTarget(p.index, p.folio, NAV, page_id(p)) for p in nav_pages if p.folio]
    pages = tuple(sorted(targets, key=lambda t: t.index))
    body = next((d.name for d in chapters if d.chapter and d.chapter.meta.part == "body"), None)
    context = {
        "toc": contents(chapters),
        "pages": pages,
        "cover": COVER if front else None,
        "bodymatter": body,
    }
    nav = nav_document(book, env, context)
    mark_breaks(nav.root, words, lang, book.config.linebreak)
    toc = nav.find("nav", id="toc")
    place_pages(toc if toc is not None else nav.body, NAV, nav_pages, nav.body)
    return [*front, nav, *chapters], pages


def _place(
    edition: PrintEdition, front: list[Document], chapters: list[Document]
) -> tuple[list[PageTarget], list[PrintPage]]:
    """The page markers of the cover and the chapters, and the pages left for the contents."""
    outside = [p for p in edition.pages if p.chapter is None]
    cover_pages, nav_pages = (outside[:1], outside[1:]) if front else ([], outside)
    targets = []
    if front:
        targets += place_pages(front[0].root, COVER, cover_pages, front[0].body)[0]
    for doc in chapters:
        assert doc.chapter is not None
        pages = [p for p in edition.pages if p.chapter == doc.chapter.index]
        top = doc.find("section", id=doc.chapter.anchor)
        found, shown = (
            place_pages(doc.root, doc.name, pages, doc.body if top is None else top) if pages else ([], 0.0)
        )
        if shown < SHARED:
            stale = f"the print edition {edition.name} does not hold this chapter's text ({shown:.0%} of it)"
            raise BuildError(f"{stale}: build the PDF again", doc.chapter.path)
        targets += found
    return targets, nav_pages


def _resource(doc: Document) -> Resource:
    """A document as a package file, with the manifest properties its content needs."""
    names = {el.tag for el in doc.root.iter() if isinstance(el.tag, str)}
    properties = ["nav"] if doc.name == NAV else []
    properties += ["svg"] if any(t.startswith("{http://www.w3.org/2000/svg}") for t in names) else []
    properties += (
        ["mathml"] if any(t.startswith("{http://www.w3.org/1998/Math/MathML}") for t in names) else []
    )
    properties += ["scripted"] if f"{{{XHTML}}}script" in names else []
    return Resource(doc.name, serialize(doc.root), "application/xhtml+xml", " ".join(properties))


def _font_css(fonts: list[tuple[FontFace, Resource]]) -> str:
    """@font-face rules loading each embedded face."""
    rules = []
    for face, res in fonts:
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{res.name}"); '
            f"font-weight: {face.weight}; font-style: {'italic' if face.italic else 'normal'}; }}"
        )
    return "\n".join(rules)


def item_id(name: str) -> str:
    """A manifest id for a package file name."""
    return "item-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def identifier(book: Book) -> str:
    """book.yaml's identifier, else a UUID from the title and author (the same every build)."""
    c = book.config
    return (
        c.identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'thaibook:' + c.title + '|' + c.author)}"
    )


def _package(
    book: Book,
    edition: PrintEdition,
    date: datetime,
    files: list[Resource],
    spine: list[str],
    images: Images,
) -> dict:
    """What the package document's layout receives."""
    items = [
        {"id": item_id(f.name), "href": f.name, "type": f.media_type, "properties": f.properties}
        for f in files
    ]
    return {
        "book": book.config,
        "identifier": identifier(book),
        "modified": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "edition": edition,
        "items": items,
        "spine": [item_id(name) for name in spine],
        "cover_image": next((item_id(f.name) for f in files if "cover-image" in f.properties), None),
        "has_images": bool(images.found),
        "all_described": images.all_described,
    }


def zip_package(entries: list[tuple[str, bytes]], date: datetime) -> bytes:
    """The OCF container: ``mimetype`` first and stored, then the entries in order, all dated ``date``."""
    stamp = max(date, ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in [
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", CONTAINER),
            *entries,
        ]:
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = 3  # Unix, wherever it is made
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)
    return out.getvalue()
