"""Prepared fonts: every Thai mark at offset zero, drawn where HarfBuzz draws it with the original font."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from thaibook.core.errors import BuildError
from thaibook.fonts.clusters import cluster_texts, shape, shaper, slip_texts
from thaibook.fonts.faces import prepared_font
from thaibook.fonts.prepare import check_round_trip, prepare_font_bytes
from thaibook.fonts.roundtrip import round_trip
from thaibook.fonts.textmap import copy_text

FONTS = Path(__file__).resolve().parents[2] / "thaibook" / "data" / "fonts"
FACES = ["Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf", "Sarabun-BoldItalic.ttf"]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Each face's bytes, original and prepared (the round trip inside passed, or it raised);
    prepared once per test session, as the book builds prepare them."""
    cache = tmp_path_factory.mktemp("prepared")
    return {
        name: ((FONTS / name).read_bytes(), prepared_font(FONTS / name, cache).read_bytes()) for name in FACES
    }


def _parts(data: bytes, prepared: bytes) -> dict[str, list[tuple[str, int, int]]]:
    """What each glyph the preparation added draws, read back from the prepared file."""
    font = TTFont(io.BytesIO(prepared))
    first = len(TTFont(io.BytesIO(data), lazy=True).getGlyphOrder())
    glyf = font["glyf"]
    return {
        n: [(c.glyphName, c.x, c.y) for c in getattr(glyf[n], "components", [])]
        for n in font.getGlyphOrder()[first:]
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", FACES)
def test_positions_equal_harfbuzz_to_the_font_unit(prepared: dict, name: str) -> None:
    data, made = prepared[name]
    orders = tuple(TTFont(io.BytesIO(d), lazy=True).getGlyphOrder() for d in (data, made))
    cmap = TTFont(io.BytesIO(data), lazy=True).getBestCmap()
    texts = list(cluster_texts(cmap))
    result = round_trip(shaper(data), shaper(made), orders, _parts(data, made), texts)
    assert len(texts) > 11_000 and result.glyphs > 38_000
    assert (result.moved, result.offset) == ((), ())
    slips = round_trip(shaper(data), shaper(made), orders, _parts(data, made), slip_texts(cmap), False)
    assert slips.moved == ()


def test_no_thai_mark_is_offset(prepared: dict) -> None:
    data, made = prepared["Sarabun-Bold.ttf"]
    order = TTFont(io.BytesIO(made), lazy=True).getGlyphOrder()
    for text in ["ปั้น", "อยู่ก", "ที่", "น้ำ", "ฟ้ำ", "ฐุ", "กิ่", "สํ", "ปู่", "ฤทธิ์"]:
        glyphs = shape(shaper(made), text)
        assert all(dx == dy == 0 for _, _, _, dx, dy in glyphs), text
        texts = "".join(copy_text(order[g]) or "" for g, *_ in glyphs)
        assert set(texts) <= set(text), text


def test_sara_am_is_one_glyph_with_its_marks_and_its_tone_one_before(prepared: dict) -> None:
    """pdf.js takes a glyph whose text holds a tone for a zero-width one: the tone has its own."""
    data, made = prepared["Sarabun-Regular.ttf"]
    font = TTFont(io.BytesIO(made), lazy=True)
    order = font.getGlyphOrder()
    glyphs = shape(shaper(made), "น้ำทำ")
    assert [copy_text(order[g]) for g, *_ in glyphs] == [None, "\u0e49", "\u0e33", None, "\u0e33"]
    assert font["glyf"][order[glyphs[1][0]]].numberOfContours == 0  # the tone is drawn with the ำ


def test_a_copy_drawn_elsewhere_fails_the_build(prepared: dict) -> None:
    data, made = prepared["Sarabun-Regular.ttf"]
    font = TTFont(io.BytesIO(made))
    name = next(n for n in font.getGlyphOrder() if n.startswith("uni0E49.small.tb"))
    font["glyf"][name].components[0].x += 1
    broken = io.BytesIO()
    font.save(broken)
    with pytest.raises(BuildError) as caught:
        check_round_trip(data, broken.getvalue(), Path("fonts/Sarabun-Regular.ttf"))
    assert str(caught.value).startswith(
        "fonts/Sarabun-Regular.ttf: the prepared font draws differently from HarfBuzz's shaping of the "
        "original in "
    )
    assert str(caught.value).endswith("; please report this font")


def test_faces_without_thai_pass_through(tmp_path: Path) -> None:
    """A Latin, code or emoji face: the same bytes."""
    from fontTools import subset

    font = TTFont(FONTS / "Sarabun-Regular.ttf")
    subsetter = subset.Subsetter()
    subsetter.populate(text="Latin text 123, fi fl")
    subsetter.subset(font)
    font.save(tmp_path / "latin.ttf")
    data = (tmp_path / "latin.ttf").read_bytes()
    assert prepare_font_bytes(data) == data


def test_prepared_font_keeps_glyph_names_and_metrics(prepared: dict) -> None:
    data, made = prepared["Sarabun-Italic.ttf"]
    before, after = TTFont(io.BytesIO(data)), TTFont(io.BytesIO(made))
    assert after["post"].formatType == 2.0
    assert after.getGlyphOrder()[: len(before.getGlyphOrder())] == before.getGlyphOrder()
    assert after["hmtx"].metrics["uni0E01"] == before["hmtx"].metrics["uni0E01"]
    copies = [n for n in after.getGlyphOrder() if copy_text(n) == "\u0e48"]
    glyf = after["glyf"]
    for name in copies:
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        assert after["hmtx"].metrics[name] == (1, glyph.xMin), name  # a sliver, the outline's own edge
