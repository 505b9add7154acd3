"""The line-break measurement reads ORCHID right and counts every line end of what WeasyPrint typesets."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.linebreak_measure import classify, line_ends, orchid_paragraphs, sample, typeset_lines


@pytest.fixture(scope="module")
def paragraphs():
    return sample(orchid_paragraphs(), 4)


def test_orchid_paragraphs_keep_every_word_boundary(paragraphs) -> None:
    for p in paragraphs:
        assert len(p.text) >= 150
        assert "".join(w for w, _ in p.words).replace(" ", "") == p.text.replace(" ", "")
        assert max(p.bounds) == len(p.text)
        assert all(0 <= b <= len(p.text) for b in p.bounds)


def test_every_line_end_is_counted_once(paragraphs) -> None:
    lines = typeset_lines(paragraphs, "60mm", None)
    stats: Counter = Counter()
    for p, ls in zip(paragraphs, lines, strict=True):
        assert len(ls) > 1
        assert line_ends(p, ls) is not None
        classify(p, ls, stats)
    assert stats["line ends"] == sum(len(ls) - 1 for ls in lines)
    assert stats["at boundary"] + stats["inside word"] == stats["line ends"]
    assert stats["unmatched paragraphs"] == 0
