"""The default line-break rule: a line breaks only where libthai and a dictionary both allow it.

libthai (Pango's Thai breaker) and newmm with PyThaiNLP's word list each split words the
other keeps (``สหรัฐ|อเมริกา``, ``มอเตอร์|ไซด์``); where they agree, a break is between
words. On top: the editor's word list, titles with their names (``พล.อ.สนธิ``,
``นายสมชาย``), abbreviations with the word after, dates, numbers, URLs (which break
only after ``/``, ``-`` or ``.``), e-mail addresses; ``ๆ``, ``ฯ`` and closing marks
stay with the word before, opening marks with the word after. The typesetter refuses
Pango's other breaks itself (``refused_runs``, given to Pango as attributes by
``weasy/breaks.py``); a place the rule adds (in a URL) gets a ZERO WIDTH SPACE in the HTML
(``split``). The ``libthai`` rule is carried by nowrap pieces instead (``linebreak.py``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache, partial
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
    """The text as pieces (text, nowrap) for the HTML: ``libthai``'s nowrap pieces, or (the default
    rule, whose refusals the typesetter applies) the text with a ZWSP where a URL may break and
    Pango would not."""
    if rule == "libthai":
        return split_text(text, words)
    if not URL.search(text):
        return [(text, False)]
    added = sorted(
        i for i in url_breaks(text) - line_breaks(text) if not (text[i - 1].isspace() or text[i].isspace())
    )
    cuts = [0, *added, len(text)]
    return [(ZWSP.join(text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)), False)]


def refused_runs(text: str, words: tuple[str, ...] = (), rule: str = "dictionary") -> list[tuple[int, int]]:
    """Runs (start, end) of ``text`` strictly inside which Pango may break but the rule does not allow it.

    A ZERO WIDTH SPACE is a break the HTML put there (``split``): the rule reads the text without them.
    """
    if not THAI.search(text) and not URL.search(text):
        return []
    plain = text.replace(ZWSP, "")
    pango = line_breaks(plain)
    allowed = _breaks(plain, words, rule, pango)
    refused = pango - allowed
    if not refused:
        return []
    edges = sorted({0, len(plain), *allowed})
    runs = sorted({(edges[bisect_left(edges, i) - 1], edges[bisect_right(edges, i)]) for i in refused})
    if len(plain) == len(text):
        return runs
    at = [i for i, c in enumerate(text) if c != ZWSP] + [len(text)]
    out = []
    for a, b in runs:
        a, b = at[a], at[b]
        for z in [i + 1 for i in range(a, b) if text[i] == ZWSP and a < i + 1 < b]:
            out.append((a, z))
            a = z
        out.append((a, b))
    return out


@lru_cache(maxsize=8)
def typesetting_rule(words: tuple[str, ...], rule: str) -> Callable[[str], list[tuple[int, int]]] | None:
    """What the typesetter refuses for a book (``weasy.breaks.use``); None for ``libthai`` (its pieces do).

    Each text's runs are kept for the worker's later parts: titles, list items and the contents
    repeat (a tenth of the bench book's texts)."""
    return (
        None if rule == "libthai" else lru_cache(maxsize=4096)(partial(refused_runs, words=words, rule=rule))
    )
