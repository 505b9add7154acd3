"""The default line-break rule: a line breaks only where libthai and a dictionary both allow it.

libthai (Pango's Thai breaker) and newmm with PyThaiNLP's word list each split words the
other keeps (``สหรัฐ|อเมริกา``, ``มอเตอร์|ไซด์``); where they agree, a break is between
words. On top: the editor's word list, titles with their names (``พล.อ.สนธิ``,
``นายสมชาย``), abbreviations with the word after, dates, numbers, URLs (which break
only after ``/``, ``-`` or ``.``), e-mail addresses; ``ๆ``, ``ฯ`` and closing marks
stay with the word before, opening marks with the word after. Every Pango break the
rule refuses lies inside a nowrap piece; a place the rule adds (in a URL) gets a
ZERO WIDTH SPACE.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

from thaibook.thai.dictionary import compounds, known, segment
from thaibook.thai.linebreak import (
    BOUND,
    OPENERS,
    THAI,
    ZWSP,
    find_words,
    line_breaks,
    protected_ranges,
    split_text,
)
from thaibook.thai.units import URL, kept_runs, url_breaks

# Letters that the dictionary segments (Thai letters, vowels and marks; not digits or ฯ, ๆ).
THAI_WORD = frozenset(chr(c) for c in range(0x0E01, 0x0E4F) if chr(c) not in "ฯๆ")


def allowed_breaks(text: str, words: tuple[str, ...] = (), rule: str = "dictionary") -> set[int]:
    """Offsets (1 to len - 1) before which a line of ``text`` may break under ``rule``.

    What the EPUB's ``<wbr>`` and the PDF's nowrap pieces both come from.
    """
    return _breaks(text, words, rule, line_breaks(text))


def allowed_and_refused(
    text: str, words: tuple[str, ...] = (), rule: str = "dictionary"
) -> tuple[set[int], set[int]]:
    """allowed_breaks, and the breaks Pango would take that the rule refuses (one Pango call)."""
    pango = line_breaks(text)
    allowed = _breaks(text, words, rule, pango)
    return allowed, pango - allowed


def _breaks(text: str, words: tuple[str, ...], rule: str, pango: set[int]) -> set[int]:
    if rule == "libthai":
        return pango - _inside(text, protected_ranges(text, words, pango))
    tokens = segment(text)
    ends = list(accumulate(map(len, tokens)))
    bounds = set(ends[:-1])
    allowed = {i for i in pango if i in bounds or not (text[i - 1] in THAI_WORD and text[i] in THAI_WORD)}
    kept = kept_runs(text, sorted(bounds))
    kept += find_words(text, words, pango)
    kept += compounds(text, pango | bounds)
    kept += _glued(text, tokens, ends)
    kept += [
        (m.start() - 1, m.end())
        for m in BOUND.finditer(text)
        if m.start() and not text[m.start() - 1].isspace()
    ]
    kept += [
        (m.start(), m.end() + 1) for m in OPENERS.finditer(text) if not text[m.end() : m.end() + 1].isspace()
    ]
    allowed -= _inside(text, kept)
    return allowed | url_breaks(text)


# Prefixes that make a noun of the word after them (การเติบโต, ความหุนหันพลันแล่น).
PREFIXES = ("การ", "ความ")


def _glued(text: str, tokens: list[str], ends: list[int]) -> list[tuple[int, int]]:
    """Runs of newmm's words that stay together: a piece the list does not know (a name, a
    loanword: ``ไมโครคอนโทร|เลอร์``) with its neighbours, a prefix with the word after it."""
    words, _ = known()
    runs = []
    for token, end in zip(tokens, ends, strict=True):
        if end < len(text) and text[end] in THAI_WORD and token in PREFIXES:
            runs.append((end - len(token), end + 1))
        elif token[0] in THAI_WORD and token not in words and all(c in THAI_WORD for c in token):
            start = end - len(token)
            runs.append(
                (
                    start - (start > 0 and text[start - 1] in THAI_WORD),
                    end + (end < len(text) and text[end] in THAI_WORD),
                )
            )
    return runs


def _inside(text: str, runs: list[tuple[int, int]]) -> set[int]:
    """The offsets strictly inside any of the runs."""
    out: set[int] = set()
    for a, b in runs:
        out.update(range(max(a, 0) + 1, min(b, len(text))))
    return out


def split(text: str, words: tuple[str, ...], rule: str = "dictionary") -> list[tuple[str, bool]]:
    """The text as pieces (text, nowrap) that let a line break exactly where ``rule`` allows."""
    if rule == "libthai":
        return split_text(text, words)
    if not THAI.search(text) and not URL.search(text):
        return [(text, False)]
    pango = line_breaks(text)
    allowed = _breaks(text, words, rule, pango)
    runs = _runs(text, sorted({0, len(text), *allowed}), pango - allowed)
    edges = {x for r in runs for x in r}
    marks = {
        i
        for i in allowed
        if not text[i - 1].isspace() and not text[i].isspace() and (i not in pango or i in edges)
    }
    cuts = sorted({0, len(text), *marks, *edges})
    starts = {a for a, _ in runs}
    pieces: list[tuple[str, bool]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a in marks:
            pieces.append((ZWSP, False))
        pieces.append((text[a:b], a in starts))
    return _joined(pieces)


def _runs(text: str, edges: list[int], refused: set[int]) -> list[tuple[int, int]]:
    """The nowrap runs: from the allowed break before each refused one to the allowed break after."""
    runs = {_trimmed(text, edges[bisect_left(edges, i) - 1], edges[bisect_right(edges, i)]) for i in refused}
    return sorted(r for r in runs if "\x02" not in text[r[0] : r[1]] and "\x03" not in text[r[0] : r[1]])


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """A run without white space at its ends: a space inside a nowrap piece is no break."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _joined(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Neighbouring free pieces made one; empty pieces dropped."""
    out: list[tuple[str, bool]] = []
    for t, nowrap in pieces:
        if not t:
            continue
        if out and not nowrap and not out[-1][1]:
            out[-1] = (out[-1][0] + t, False)
        else:
            out.append((t, nowrap))
    return out
