"""A text box after a box that ends with a Thai mark starts after the mark (render/textboxes.py),
read from WeasyPrint's own lines or, for any other content stream, by pikepdf: the same moves."""

from __future__ import annotations

import io

import pikepdf
import pytest

from thaibook.core.files import FONTS_DIR
from thaibook.render import textboxes
from thaibook.weasy.render import collect_warnings, pdf_bytes, render

WORDS = ("ที่", "ได้", "ไม่", "นั้น", "สเตทฟูลคอมโพเนนท์", "ก็", "ให้", "กิ", "ผู้")


@pytest.fixture(scope="module")
def data() -> bytes:
    """Bold words ending with a mark, each followed by a plain one on the same line."""
    face = f'@font-face {{ font-family: t; src: url("{(FONTS_DIR / "Sarabun-Regular.ttf").as_uri()}"); }}'
    bold = f'@font-face {{ font-family: t; font-weight: bold; src: url("{(FONTS_DIR / "Sarabun-Bold.ttf").as_uri()}"); }}'
    runs = " ".join(f"<b>{w}</b>ค{w[:1]}" for _ in range(6) for w in WORDS)
    html = f"<style>{face}{bold} p {{ font-family: t; font-size: 11pt }}</style><p>{runs}</p>"
    with collect_warnings():
        return pdf_bytes(render(html, "file:///"))


@pytest.fixture
def pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_boxes_after_marks_are_moved_after_them(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    fonts = page.obj.Resources.Font
    moves = textboxes._moves(textboxes._operations(page), fonts, {})
    assert moves
    assert textboxes.start_boxes_after_marks(pdf) == len(moves)
    starts = [float(a[4]) for op, a in textboxes._operations(page) if op == "Tm"]
    assert [round(starts[i], 5) for i in moves] == [round(x, 5) for x in moves.values()]
    again = textboxes._moves(textboxes._operations(page), fonts, {})  # only the written x's rounding left
    assert all(x - starts[i] < 1e-5 for i, x in again.items())


def test_lines_and_pikepdf_read_the_same(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    fonts = page.obj.Resources.Font
    ours, parsed = list(textboxes._operations(page)), list(textboxes._parsed(page))
    assert [op for op, _ in ours] == [op for op, _ in parsed]
    assert textboxes._moves(iter(ours), fonts, {}) == textboxes._moves(iter(parsed), fonts, {})
    shows = [(a[0], b[0]) for (op, a), (_, b) in zip(ours, parsed, strict=True) if op == "TJ"]
    font = textboxes._font(next(iter(fonts.values())), {})
    assert all(
        textboxes._advance(a, font, 11.0, 0.0) == textboxes._advance(b, font, 11.0, 0.0) for a, b in shows
    )
