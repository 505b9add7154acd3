"""Line breaks between words: protected words, ฯลฯ, ๆ/ฯ and quotes bound to their word.

Pango (libthai's dictionary) finds Thai break opportunities; it splits names and
compounds it does not know (``สหรัฐ|อเมริกา``), ``ฯ|ลฯ``, and lets a line begin
with ``ๆ``. Each protected run becomes a ``white-space: nowrap`` span. WeasyPrint
never breaks between a Thai text and such a span, so a ZERO WIDTH SPACE is put
at each edge where Pango itself had a break opportunity. Neither the spans nor
the zero-width spaces reach the PDF's text layer (Pango draws the latter as an
empty glyph, which WeasyPrint does not map to text).
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from pathlib import Path

from thaibook.core.errors import BuildError

WORDS_NAME = "words.txt"


DATA = Path(__file__).resolve().parent / "data"


NOBREAK_CLASS = "nobr"


ZWSP = "\u200b"


# ๆ or ฯ (or ฯลฯ), maybe after one space, and closing quotes: bound to the word before.
BOUND = re.compile(r"[ \t]?(?:ฯลฯ|[ๆฯ])+|[”’)\]]+")


# Opening quotes and brackets: bound to the word after.
OPENERS = re.compile(r"[“‘(\[]+")


ALWAYS = ("ฯลฯ", "ฯพณฯ")


SPACE = re.compile(r"\s")  # the characters str.isspace() accepts (both ask Py_UNICODE_ISSPACE)


THAI = re.compile("[\u0e00-\u0e7f]")


def load_words(book_dir: Path) -> tuple[str, ...]:
    """The book's word list: one word a line, '#' starts a comment, '@name' adds a built-in list."""
    path = book_dir / WORDS_NAME
    if not path.is_file():
        return ()
    words: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        word = line.split("#", 1)[0].strip()
        if word.startswith("@"):
            words.update(_builtin(word[1:], path, lineno))
        elif word:
            words.add(word)
    return tuple(sorted(words))


def _builtin(name: str, path: Path, lineno: int) -> tuple[str, ...]:
    lists = sorted(p.stem for p in DATA.glob("*.txt"))
    if name not in lists:
        raise BuildError(f"no built-in word list '@{name}' (there is: @{', @'.join(lists)})", path, lineno, 1)
    return _read_list(DATA / f"{name}.txt")


@lru_cache(maxsize=4)
def _read_list(path: Path) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").split("\n"))
    return tuple(w for w in lines if w)


@lru_cache(maxsize=32)
def _word_index(words: tuple[str, ...]) -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The protected words as a set, and for each first letter the words' lengths, longest first."""
    index = frozenset((*words, *ALWAYS))
    lengths: dict[str, set[int]] = {}
    for word in index:
        lengths.setdefault(word[0], set()).add(len(word))
    return index, {first: tuple(sorted(n, reverse=True)) for first, n in lengths.items()}


def find_words(text: str, words: tuple[str, ...], starts: set[int]) -> list[tuple[int, int]]:
    """Spans of the listed words that begin where a word may begin (offset 0 or one of ``starts``).

    Leftmost, then longest, never overlapping: a listed word met inside another word is not one.
    """
    index, lengths = _word_index(words)
    spans: list[tuple[int, int]] = []
    end = 0
    for i in sorted({0, *starts}):
        if i < end or i >= len(text):
            continue
        for n in lengths.get(text[i], ()):
            if i + n <= len(text) and text[i : i + n] in index:
                spans.append((i, i + n))
                end = i + n
                break
    return spans


def break_opportunities(text: str, lang: str = "th") -> set[int]:
    """Offsets before which Pango may break a line of this text."""
    return line_breaks(text, lang)


def protected_ranges(text: str, words: tuple[str, ...], breaks: set[int]) -> list[tuple[int, int]]:
    """The runs of text no line may break inside, merged and in order."""
    ranges = find_words(text, words, breaks)
    order = sorted(breaks)
    for m in BOUND.finditer(text):
        if m.start() > 0 and not text[m.start() - 1].isspace():
            before = bisect_left(order, m.start())
            ranges.append((order[before - 1] if before else 0, m.end()))
    for m in OPENERS.finditer(text):
        if m.end() < len(text) and not text[m.end()].isspace():
            after = bisect_right(order, m.end())
            ranges.append((m.start(), order[after] if after < len(order) else len(text)))
    if not ranges:
        return []
    # Edges go out to where Pango may break (or to a space): a piece of text cut inside a word
    # would be segmented anew by Pango on its own, and a cut could part a letter from its marks.
    edges = sorted({0, len(text), *order, *(m.start() for m in SPACE.finditer(text))})
    ranges = [(edges[bisect_right(edges, a) - 1], edges[bisect_left(edges, b)]) for a, b in ranges]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [(a, b) for a, b in merged if "\x02" not in text[a:b] and "\x03" not in text[a:b]]


def split_text(text: str, words: tuple[str, ...]) -> list[tuple[str, bool]]:
    """The text as pieces (text, protected); ZWSP marks Pango's breaks at a piece's edges."""
    if not THAI.search(text):
        return [(text, False)]
    breaks = break_opportunities(text)
    pieces: list[tuple[str, bool]] = []
    done = 0
    for a, b in protected_ranges(text, words, breaks):
        before = text[done:a]
        if a in breaks and not text[a - 1].isspace() and not (a == done and pieces):
            before += ZWSP
        pieces.append((before, False))
        pieces.append((text[a:b], True))
        done = b
        if b in breaks and not text[b].isspace():
            pieces.append((ZWSP, False))
    pieces.append((text[done:], False))
    return [(t, p) for t, p in pieces if t]


# The library's names on Linux, macOS and Windows, as WeasyPrint looks for them.
PANGO_NAMES = ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll", "libpango-1.0-0")


BIDI_CONTROLS = re.compile("[\u202a-\u202e]")


class LogAttr(ctypes.Structure):
    """PangoLogAttr: one unsigned int of bit fields; the first says 'a line may break here'."""

    _fields_ = [("is_line_break", ctypes.c_uint, 1), ("rest", ctypes.c_uint, 31)]


def _flag_layout() -> tuple[int, bytes]:
    """Which byte of a LogAttr holds is_line_break, and a table mapping that byte to 1 if set, else 0.

    Asked of ctypes, which lays bit fields out as the platform's C compiler (and Pango) does.
    """
    raw = bytes(LogAttr(is_line_break=1))
    at = next(i for i, b in enumerate(raw) if b)
    return at, bytes(1 if b & raw[at] else 0 for b in range(256))


FLAG_BYTE, FLAG_TABLE = _flag_layout()


SET = re.compile(b"\x01")


@cache
def _pango() -> ctypes.CDLL:
    for name in PANGO_NAMES:
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        raise OSError(f"Pango not found (tried {', '.join(PANGO_NAMES)}); see the README's install line")
    lib.pango_language_from_string.restype = ctypes.c_void_p
    lib.pango_language_from_string.argtypes = [ctypes.c_char_p]
    lib.pango_get_log_attrs.restype = None
    lib.pango_get_log_attrs.argtypes = [
        ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(LogAttr), ctypes.c_int,
    ]  # fmt: skip
    return lib


def line_breaks(text: str, lang: str = "th") -> set[int]:
    """Offsets (in characters, 1 to len - 1) before which Pango may break a line of this text."""
    lib = _pango()
    # WeasyPrint turns bidi controls into zero-width spaces before asking; so do we.
    data = BIDI_CONTROLS.sub("\u200b", text).encode("utf-8")
    attrs = (LogAttr * (len(text) + 1))()
    language = lib.pango_language_from_string(lang.encode("ascii"))
    lib.pango_get_log_attrs(data, len(data), -1, language, attrs, len(text) + 1)
    # The flag byte of every attribute at once, as 1 or 0; read in bulk, not field by field.
    flags = bytes(attrs)[FLAG_BYTE :: ctypes.sizeof(LogAttr)].translate(FLAG_TABLE)
    return {m.start() for m in SET.finditer(flags, 1, len(text))}
