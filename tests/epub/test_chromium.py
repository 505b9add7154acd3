"""A chapter of the e-book in a real browser engine (headless Chromium) at phone width: the
embedded fonts load, and lines wrap only between words, also with no Thai dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.epub.browser import lines, screenshot, unpack
from tests.epub.epubbooks import Built

pytestmark = pytest.mark.slow

# Thai characters that never begin a word: following vowels, marks, the repetition mark.
NO_START = set("ะัาำิีึืฺุู็่้๊๋์ํ๎ๆ")


def test_a_thai_chapter_at_360_px(first_epub: Built, tmp_path: Path) -> None:
    page = unpack(first_epub.epub, tmp_path / "book", "chapter-1.xhtml")
    own = lines(page, 360, tmp_path / "profile")
    assert own["width"] == 360
    assert ["Sarabun", "400", "normal", "loaded"] in own["faces"] and own["used"]
    assert ["Sarabun", "700", "normal", "loaded"] in own["faces"]  # the heading
    wrapped = 0
    for block in own["blocks"]:  # Chromium's own breaks (ICU's Thai dictionary) and the <wbr>
        text = block["text"]
        assert not block["overflow"], text
        for start in block["starts"]:
            assert text[start] not in NO_START, text[start - 10 : start + 10]
            assert not any(a < start < b for a, b in block["nobr"]), text[start - 10 : start + 10]
        wrapped += len(block["starts"])
    assert wrapped > 30
    alone = lines(page, 360, tmp_path / "profile", wbr_only=True)
    for block in alone["blocks"]:  # a reading system with no Thai dictionary: the <wbr> alone
        text, wbr = block["text"], set(block["wbr"])
        assert not block["overflow"], text
        for start in block["starts"]:
            assert start in wbr or text[start - 1].isspace(), text[start - 10 : start + 10]
    paragraphs = [b for b in alone["blocks"] if len(b["text"]) > 200]
    assert paragraphs and all(len(b["starts"]) >= 3 for b in paragraphs)
    png = screenshot(page, 360, tmp_path / "profile", tmp_path / "chapter-1-360px.png")
    picture = Image.open(png).convert("L")
    assert picture.size == (360, 2400) and picture.getextrema() == (0, 255)
