"""Proofs to check by eye: a contact sheet of the book, before/after pictures of changed pages."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from thaibook.core.files import FONTS_DIR, write_atomic
from thaibook.pages.report import changed_indexes, load_report, previous_path, report_path

COLUMNS = 4


HIGHLIGHT = (230, 0, 0)


def render_pages(pdf: Path, scale: float) -> list[Image.Image]:
    """Every page of a PDF as an RGB picture (scale 1 = 72 dpi)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=scale).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def contact_sheet(pages: list[Image.Image], labels: list[str]) -> Image.Image:
    """Thumbnails in rows of four, each labelled with its PDF page and folio."""
    w, h = pages[0].size
    rows = (len(pages) + COLUMNS - 1) // COLUMNS
    gap, caption = 12, 28
    sheet = Image.new("RGB", (COLUMNS * (w + gap) + gap, rows * (h + gap + caption) + gap), "#d0d0d0")
    draw = ImageDraw.Draw(sheet)
    for i, (page, label) in enumerate(zip(pages, labels, strict=True)):
        x = gap + (i % COLUMNS) * (w + gap)
        y = gap + (i // COLUMNS) * (h + gap + caption)
        sheet.paste(page, (x, y))
        draw.text((x, y + h + 2), label, fill="black", font=_font(18))
    return sheet


def before_after(old: Image.Image | None, new: Image.Image | None) -> Image.Image:
    """Old page, new page with its differing pixels in red, side by side."""
    ref = new or old
    assert ref is not None
    old = old or Image.new("RGB", ref.size, "white")
    new = new or Image.new("RGB", ref.size, "white")
    if old.size != new.size:
        old = old.resize(new.size)
    mask = ImageChops.difference(old, new).convert("L").point(lambda v: 255 if v > 40 else 0)
    marked = new.copy()
    marked.paste(Image.new("RGB", new.size, HIGHLIGHT), mask=mask)
    box = mask.getbbox()
    if box:
        ImageDraw.Draw(marked).rectangle(_grow(box, 6, new.size), outline=HIGHLIGHT, width=3)
    out = Image.new("RGB", (new.width * 2 + 36, new.height + 40), "#d0d0d0")
    out.paste(old, (12, 36))
    out.paste(marked, (new.width + 24, 36))
    draw = ImageDraw.Draw(out)
    draw.text((12, 6), "before", fill="black", font=_font(22))
    draw.text((new.width + 24, 6), "after (changes in red)", fill="black", font=_font(22))
    return out


def write_proofs(pdf: Path, scale: float = 1.0) -> list[Path]:
    """Write ``<name>.proof/contact.png`` and ``page-N.png`` for each page changed since the last build."""
    folder = pdf.with_suffix(".proof")
    folder.mkdir(parents=True, exist_ok=True)
    for old_png in folder.glob("page-*.png"):
        old_png.unlink()
    new_pages = render_pages(pdf, scale)
    report = load_report(report_path(pdf)) or {"pages": []}
    folios = [p["folio"] for p in report["pages"]] + [""] * len(new_pages)
    labels = [f"PDF {i + 1} · {folios[i] or '-'}" for i in range(len(new_pages))]
    written = [_save(folder / "contact.png", contact_sheet(new_pages, labels))]
    prev_pdf = previous_path(pdf)
    if not prev_pdf.exists():
        return written
    old_pages = render_pages(prev_pdf, scale)
    old_report = load_report(previous_path(report_path(pdf))) or {"pages": []}
    changed = set(changed_indexes(old_report, report))
    for i in range(max(len(old_pages), len(new_pages))):
        old = old_pages[i] if i < len(old_pages) else None
        new = new_pages[i] if i < len(new_pages) else None
        if i in changed or old is None or new is None or ImageChops.difference(old, new).getbbox():
            written.append(_save(folder / f"page-{i + 1}.png", before_after(old, new)))
    return written


def _save(path: Path, image: Image.Image) -> Path:
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    write_atomic(path, buf.getvalue())
    return path


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(FONTS_DIR / "Sarabun-Regular.ttf"), size)
    except OSError:
        return ImageFont.load_default()


def _grow(box: tuple[int, int, int, int], by: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    return (
        max(box[0] - by, 0),
        max(box[1] - by, 0),
        min(box[2] + by, size[0] - 1),
        min(box[3] + by, size[1] - 1),
    )
