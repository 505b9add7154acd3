"""What a rendered WeasyPrint document holds: page boxes, their text, images, fonts, contents numbers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from thaibook.core.book import PageInfo


def page_infos(document: Any) -> list[PageInfo]:
    """Read folio, header and text of every page of a rendered document."""
    infos = []
    for i, page in enumerate(document.pages):
        box = page._page_box
        margins = {c.at_keyword: _text(c) for c in box.children if type(c).__name__ == "MarginBox"}
        body = [c for c in box.children if type(c).__name__ != "MarginBox"]
        text = "".join(_text(c) for c in body)
        infos.append(
            PageInfo(
                index=i,
                name=box.page_type.name or "",
                folio=margins.get("@bottom-center", "").strip(),
                header=margins.get("@top-center", "").strip(),
                text=text.strip(),
                anchors=tuple(page.anchors),
                images=tuple(_scales(page)),
            )
        )
    return infos


def _text(box: Any) -> str:
    """The text of a box tree, lines separated by newlines."""
    parts: list[str] = []
    _collect(box, parts)
    return "".join(parts)


def _collect(box: Any, parts: list[str]) -> None:
    kind = type(box).__name__
    if kind == "TextBox":
        parts.append(box.text)
        return
    if kind == "LineBox" and parts and not parts[-1].endswith("\n"):
        parts.append("\n")
    for child in getattr(box, "children", ()):
        _collect(child, parts)
    if kind == "LineBox":
        parts.append("\n")


def _scales(page: Any) -> list[tuple[str, int, float]]:
    """Each raster image of the page: its src, pixel width and the scale it prints at (1: 96 dpi)."""
    return [
        (src, image.width, round(width / image.width, 4))
        for image, width, src in images(page)
        if isinstance(getattr(image, "width", None), int) and image.width > 0
    ]


def images(page: Any) -> list[tuple[Any, float, str]]:
    """The page's images: (the image, its printed width in CSS px, its element's src)."""
    found = []
    for box in _image_boxes(page._page_box):
        src = box.element.get("src", "") if box.element is not None else ""
        found.append((box.replacement, box.width, src))
    return found


def _image_boxes(box: Any) -> list[Any]:
    found = []
    if hasattr(box, "replacement") and box.replacement is not None:
        found.append(box)
    for child in getattr(box, "children", ()):
        found += _image_boxes(child)
    return found


FontDrawn = tuple[str, str, dict[int, float], dict[int, str]]  # font key, file sha, widths, texts


def fonts_drawn(document: Any) -> tuple[list[FontDrawn], dict[str, bytes]]:
    """What the document drew with each font (its key, file, glyph widths and texts), and the files."""
    from weasyprint.text.fonts import get_hb_object_data

    drawn: list[FontDrawn] = []
    files = {}
    for font in document.fonts.values():
        data = get_hb_object_data(font.hb_face)
        sha = hashlib.sha256(data).hexdigest()
        files[sha] = data
        drawn.append((font.hash, sha, font.widths, font.to_unicode))
    return drawn, files


# How far a text box moves when its text gets narrower by 1, for each text-align.
SHIFT = {"right": 1.0, "end": 1.0, "center": 0.5}


Number = tuple[str, Any, str]  # anchor, text box, counter style name


def number_boxes(document: Any, counter: str, link_scheme: str) -> list[Number] | None:
    """(anchor, text box, counter style name) of every contents number, or None if one could move others."""
    boxes = page_numbers([page._page_box for page in document.pages], counter, link_scheme)
    return None if boxes is None else [number for page in boxes for number in page]


def page_numbers(page_boxes: list[Any], counter: str, link_scheme: str) -> list[list[Number]] | None:
    """Each page's numbers (its margin boxes, made after layout, aside), or None if one could move others.

    A number is the ``counter`` written after a link to ``link_scheme``+anchor."""
    pages: list[list[Number]] = []
    for page in page_boxes:
        pages.append([])
        body = [child for child in page.children if type(child).__name__ != "MarginBox"]
        if not all(_collect_numbers(child, pages[-1], counter, link_scheme) for child in body):
            return None
    return pages


def _collect_numbers(box: Any, found: list[Number], counter: str, link_scheme: str) -> bool:
    if box.element_tag == "a::after" and counter in repr(box.style["content"]):
        number = _number(box, counter, link_scheme)
        if number is None:
            return False
        found.append(number)
        return True
    children = getattr(box, "children", None) or ()
    return all(_collect_numbers(child, found, counter, link_scheme) for child in children)


def _number(box: Any, counter: str, link_scheme: str) -> Number | None:
    """The number of one entry, if its box is absolutely positioned with a width of its own."""
    style = box.style
    content = style["content"]
    href = box.element.get("href", "") if box.element is not None else ""
    fixed = style["position"] == "absolute" and style["left"] != "auto" and style["right"] != "auto"
    fixed = fixed and style["direction"] == "ltr"
    texts = [d for d in box.descendants() if type(d).__name__ == "TextBox"]
    if not (fixed and href.startswith(link_scheme) and len(texts) == 1 and len(content) == 1):
        return None
    kind, value = content[0]
    if kind != "counter()" or value[0] != counter or style["text_align_all"] not in (*SHIFT, "left", "start"):
        return None
    return href.removeprefix(link_scheme), texts[0], value[-1]


def write_numbers(boxes: Iterable[Number], numbers: dict[str, int], counter_style: Any) -> None:
    """Put each entry's page number in its text box, aligned as WeasyPrint aligned the 0."""
    from weasyprint.text.line_break import Layout, line_size

    for anchor, box, counter_type in boxes:
        text = counter_style.render_value(numbers.get(anchor, 0), counter_type)
        layout = Layout(box.style)
        layout.set_text(text)
        width, _ = line_size(layout.get_first_line()[0], box.style)
        box.position_x += (box.width - width) * SHIFT.get(box.style["text_align_all"], 0.0)
        box.width = width
        box.text = text
        box.pango_layout.text = text  # drawing sets its Pango layout up again from this text


def srgb_profile() -> bytes:
    """The sRGB ICC profile WeasyPrint ships (and writes into PDF/A output intents)."""
    from importlib.resources import files

    return (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
