"""PDF/UA structure tags WeasyPrint does not give: an ``<aside>`` (a callout box) is tagged
``/Aside`` (PDF 2.0's structure type, role-mapped to PDF 1.7's ``/Div`` for PDF/UA-1) instead of
``/NonStruct``, so that a screen reader can tell the box from the text around it."""

from __future__ import annotations

from typing import Any

ROLE_MAP = {"Aside": "Div"}


def install_tags() -> None:
    """Wrap WeasyPrint's HTML-to-PDF tag mapping (once)."""
    import weasyprint.pdf.tags as wp_tags

    original = wp_tags._get_pdf_tag
    if getattr(original, "_thaibook", False):
        return

    def pdf_tag(tag: Any) -> str:
        return "Aside" if tag == "aside" else original(tag)

    pdf_tag._thaibook = True  # type: ignore[attr-defined]
    pdf_tag.__wrapped__ = original  # type: ignore[attr-defined]
    wp_tags._get_pdf_tag = pdf_tag
