"""What each typeset page holds, read from WeasyPrint's page boxes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageInfo:
    """One page: its name, printed folio, header lines, body text and anchors."""

    index: int
    name: str
    folio: str
    header: str
    text: str
    anchors: tuple[str, ...]

    @property
    def first_words(self) -> str:
        return " ".join(self.text.split()[:3])

    @property
    def last_words(self) -> str:
        return " ".join(self.text.split()[-3:])


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
