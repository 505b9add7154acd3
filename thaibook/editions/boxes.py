"""A page's boxes: TrimBox inside BleedBox inside MediaBox, and no text drawn outside the trim."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from thaibook.weasy.links import inside


def page_boxes(pdf: pikepdf.Pdf) -> list[str]:
    """TrimBox inside BleedBox inside MediaBox on every page."""
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        media = [float(v) for v in page.obj.MediaBox]
        bleed = [float(v) for v in page.obj.get("/BleedBox", page.obj.MediaBox)]
        if "/TrimBox" not in page.obj:
            problems.append(f"page {number}: no TrimBox")
            continue
        trim = [float(v) for v in page.obj.TrimBox]
        if not (inside(trim, bleed) and inside(bleed, media)):
            problems.append(f"page {number}: TrimBox {trim} / BleedBox {bleed} / MediaBox {media} not nested")
    return problems


def text_outside_trim(path: Path, slack: float = 0.5) -> list[str]:
    """Text drawn (partly) outside the page's TrimBox (its MediaBox when it has none): a running
    header too long for the page, say. Read from the glyphs' boxes, as a viewer places them."""
    import pypdfium2 as pdfium

    problems = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for number in range(1, len(doc) + 1):
            page = doc[number - 1]
            left, bottom, right, top = page.get_trimbox()
            textpage = page.get_textpage()
            outside = ""
            for i in range(textpage.count_chars()):
                x0, y0, x1, y1 = textpage.get_charbox(i)
                if x0 < left - slack or x1 > right + slack or y0 < bottom - slack or y1 > top + slack:
                    outside += textpage.get_text_range(i, 1)
            if outside.strip():
                shown = " ".join(outside.split())
                shown = shown if len(shown) <= 40 else shown[:38] + "…"
                problems.append(f"page {number}: text outside the trim box: '{shown}'")
    finally:
        doc.close()
    return problems
