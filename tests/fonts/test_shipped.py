"""The shipped Sarabun faces come with their prepared copies: a first build on a new machine copies
them into the user's cache instead of preparing them; they are the copies this code makes."""

from __future__ import annotations

import ast
import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from thaibook.build.chapters import build_chapters
from thaibook.core.files import CACHE_ENV, FONTS_DIR
from thaibook.fonts import faces
from thaibook.fonts.prepare import prepare_font_bytes
from thaibook.fonts.ship import SHIPPED

BOOKS = Path(__file__).resolve().parents[1] / "books"
AGAIN = "python -m thaibook.fonts.ship"


def test_each_shipped_face_has_its_prepared_copy_for_this_code_and_no_other() -> None:
    wanted = {faces.shipped_copy(FONTS_DIR / name, (FONTS_DIR / name).read_bytes()).name for name in SHIPPED}
    assert {p.name for p in faces.SHIPPED_DIR.iterdir()} == wanted, (
        f"the code that prepares fonts changed: {AGAIN}"
    )


def test_the_shipped_copies_hash_every_module_that_prepares() -> None:
    """faces.PREPARING is prepare.py and every module of fonts/ it imports, near or far."""
    found, todo = set(), ["prepare"]
    while todo:
        name = todo.pop()
        found.add(name)
        tree = ast.parse(Path(faces.__file__).with_name(f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("thaibook.fonts."):
                module = node.module.rsplit(".", 1)[1]
                if module not in found:
                    todo.append(module)
    assert set(faces.PREPARING) == found


@pytest.mark.slow
def test_a_shipped_copy_is_the_font_this_code_prepares() -> None:
    src = FONTS_DIR / "Sarabun-Regular.ttf"
    shipped = faces.shipped_copy(src, src.read_bytes()).read_bytes()
    made = prepare_font_bytes(src.read_bytes(), src)
    if made != shipped:  # another fontTools writes the same font in other bytes
        a, b = TTFont(io.BytesIO(made)), TTFont(io.BytesIO(shipped))
        assert a.getGlyphOrder() == b.getGlyphOrder(), AGAIN
        assert a.getBestCmap() == b.getBestCmap(), AGAIN
        assert {g: a["hmtx"][g] for g in a.getGlyphOrder()} == {g: b["hmtx"][g] for g in b.getGlyphOrder()}


@pytest.mark.slow
def test_a_first_build_on_a_new_machine_copies_the_shipped_ones(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "new-machine"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    book = shutil.copytree(BOOKS / "small", tmp_path / "book")
    build_chapters(book, tmp_path / "b.pdf")
    copied = {p.name.split(".")[0]: p.read_bytes() for p in (cache / "fonts").glob("Sarabun-*.ttf")}
    assert copied, "the book's Sarabun faces were prepared"
    for name, data in copied.items():
        src = FONTS_DIR / f"{name}.ttf"
        assert data == faces.shipped_copy(src, src.read_bytes()).read_bytes()
