"""Through the real build, a new book of human-segmented Thai breaks its lines between words.

The quick form of ``tests/linebreak_corpus.py`` (which measures three line lengths and both rules):
one measure, fewer paragraphs, a floor under what it measured.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.linebreak_corpus import measure, orchid_paragraphs, usable, wisesight_paragraphs

# Measured on these samples at 95 characters a line: ORCHID 94.2% (libthai alone: 85.4%),
# wisesight-1000 97.2% (libthai alone: 93.8%). The floors leave a point for a font or Pango update.
FLOORS = {"ORCHID": 0.93, "wisesight-1000": 0.96}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_a_new_book_breaks_lines_between_words(corpus: str, tmp_path: Path) -> None:
    paragraphs = {"ORCHID": orchid_paragraphs, "wisesight-1000": wisesight_paragraphs}[corpus]()
    stats: Counter = measure(usable(paragraphs, 60), 95, "dictionary", tmp_path)
    assert stats["unmatched paragraphs"] == 0
    assert stats["line ends"] > 100
    assert stats["at boundary"] / stats["line ends"] >= FLOORS[corpus]
    assert stats["lines starting ๆ/ฯ"] == 0
