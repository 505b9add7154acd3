"""Word boundaries from a dictionary segmenter: nlpO3's newmm with PyThaiNLP's word list.

libthai (through Pango) splits words its dictionary lacks, and many compounds; newmm,
with PyThaiNLP's 62,000 words, splits others. A line may break only where both agree
(``linebreak.py``). The list is ``data/dictionary/words_th.txt`` (see its README).
"""

from __future__ import annotations

from functools import cache
from itertools import accumulate
from pathlib import Path

DICTIONARY = Path(__file__).resolve().parent / "data" / "dictionary" / "words_th.txt"


@cache
def _segmenter() -> str:
    """The name nlpO3 knows the loaded dictionary by (loaded once per process: a tenth of a second)."""
    import nlpo3

    name = f"thaibook:{DICTIONARY}"
    message, loaded = nlpo3.load_dict(str(DICTIONARY), name)
    if not loaded and "exist" not in message:  # a second load of the same name is refused, harmlessly
        raise OSError(f"{DICTIONARY}: {message}")
    return name


def segment(text: str) -> list[str]:
    """The text as newmm's words (a piece of a word the list lacks is a word of its own)."""
    import nlpo3

    return nlpo3.segment(text, _segmenter())


def word_bounds(text: str) -> set[int]:
    """Offsets (1 to len - 1) where the dictionary's words of ``text`` meet."""
    return set(accumulate(map(len, segment(text)[:-1])))


@cache
def known() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The dictionary's words, and by their first two letters (one for a word of one) their lengths,
    longest first: fewer than half the lengths one first letter gives."""
    words = frozenset(w for w in DICTIONARY.read_text(encoding="utf-8").split("\n") if w)
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[:2], set()).add(len(word))
    return words, {start: tuple(sorted(n, reverse=True)) for start, n in lengths.items()}


def compounds(text: str, bounds: set[int]) -> list[tuple[int, int]]:
    """The dictionary's words that begin and end where some segmenter put a boundary.

    newmm makes the fewest words, and sometimes cuts a word it knows (ดำเนิน|การพัฒนา): a word of
    the list that spans such a cut, from one boundary to another, is kept whole.
    """
    words, lengths = known()
    ends = bounds | {len(text)}
    spans: list[tuple[int, int]] = []
    for start in sorted({0, *bounds}):
        # Longest first: the words of two letters or more, then a word of one.
        for n in (*lengths.get(text[start : start + 2], ()), *lengths.get(text[start : start + 1], ())):
            if start + n in ends and text[start : start + n] in words:
                spans.append((start, start + n))
                break
    return spans


def preload() -> None:
    """Load the dictionary now (a build does so while its workers start)."""
    _segmenter()
    known()
