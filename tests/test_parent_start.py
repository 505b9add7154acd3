"""The parent's start of a chapter build, cut down: the references checked beside the typesetting,
ids found faster; the same errors and the same HTML as before."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaibook import chapterbuild
from thaibook.chapterbuild import build_chapters
from thaibook.errors import BuildError, BuildErrors
from thaibook.parallel import _ids
from thaibook.pipeline import build
from thaibook.workers import Workers

SMALL = Path(__file__).parent / "books" / "small"
BROKEN = "\n[ไป](#nowhere)\n"


@pytest.fixture(scope="module")
def pool() -> Workers:
    """One pool for every build here, as watch mode keeps it between builds."""
    workers = Workers(2)
    yield workers
    workers.close()


def error_of(run) -> str:
    with pytest.raises((BuildError, BuildErrors)) as caught:
        run()
    return str(caught.value)


@pytest.mark.parametrize("late", [0.0, 2.0], ids=["check-first", "check-last"])
def test_a_broken_link_stops_the_build_and_the_pool_goes_on(
    late: float, pool: Workers, tmp_path: Path, monkeypatch
) -> None:
    """The check fails before any part is laid out, or after every part is typeset: the same error, no PDF."""
    book = tmp_path / "book"
    shutil.copytree(SMALL, book)
    chapter = book / "02-two.md"
    good = chapter.read_text(encoding="utf-8")
    chapter.write_text(good + BROKEN, encoding="utf-8")
    single = error_of(lambda: build(book, tmp_path / "single.pdf"))
    assert "link to a missing heading '#nowhere'" in single

    check = chapterbuild.check_references_once

    def slow_check(*args) -> None:
        time.sleep(late)
        check(*args)

    monkeypatch.setattr(chapterbuild, "check_references_once", slow_check)
    out = tmp_path / "out.pdf"
    assert error_of(lambda: build_chapters(book, out, workers=pool)) == single
    assert not out.exists()

    chapter.write_text(good, encoding="utf-8")
    result = build_chapters(book, out, workers=pool)
    assert out.exists() and len(result.pages) == len(build(book, tmp_path / "single.pdf").pages)


ID_TEXT = st.lists(
    st.sampled_from(['id="', "id=", '"', "a", "_", "ไ", " ", "<p ", ">", "x1", "é"]), max_size=30
)


@given(pieces=ID_TEXT)
def test_ids_are_what_the_word_boundary_pattern_finds(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert _ids(html) == set(re.findall(r'\bid="([^"]*)"', html))
