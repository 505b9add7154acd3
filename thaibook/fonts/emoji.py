"""Emoji sequences the book's emoji face cannot draw as one glyph: a warning at the first place.

A flag (two regional indicators), a keycap, a skin tone, a tag flag or a ZWJ sequence is one
picture only where the emoji face has a ligature for it (Noto Emoji has every one Unicode
recommends). Any other sequence (🐈‍🐕, an unknown tag flag, a newer emoji than the face) prints
as its parts side by side, as browsers print it, each part a glyph of its own (never a tofu box:
the coverage check has seen each character), and the PDF's text loses the invisible characters
(ZWJ, tags) between them. The face's own shaping decides: the sequence is shaped with HarfBuzz
(uharfbuzz); one glyph for the whole sequence is a picture of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from thaibook.core.book import Book, FontFace
from thaibook.core.errors import warn
from thaibook.weasy.fontconfig import EMOJI_FAMILIES

_BASE = "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2190-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
_ELEMENT = (
    f"(?:[0-9#*]\ufe0f?\u20e3|{_BASE}[\ufe0e\ufe0f]?[\U0001f3fb-\U0001f3ff]?"
    "(?:[\U000e0020-\U000e007e]+\U000e007f)?\ufe0f?)"
)


# A flag, or an emoji with its selector, skin tone, tags or keycap, joined to others by ZWJ.
SEQUENCE = re.compile(f"[\U0001f1e6-\U0001f1ff]{{2}}|{_ELEMENT}(?:\u200d{_ELEMENT})*")


def check_sequences(book: Book, faces: tuple[FontFace, ...]) -> None:
    """Warn, once per file and sequence with a count, of each sequence that is not one glyph."""
    face = emoji_face(faces)
    if face is None:
        return
    for path, text, first_line in _texts(book):
        found: dict[str, list[tuple[int, int]]] = {}
        for match in SEQUENCE.finditer(text):
            if len(match.group()) > 1 and not match.group().endswith("\ufe0e"):  # FE0E: text style
                found.setdefault(match.group(), []).append(_place(text, match.start(), first_line))
        for sequence, places in found.items():
            glyphs, drawn = shaped(face.path, sequence)
            if glyphs > 1:
                times = f"{len(places)} time{'s' * (len(places) > 1)} in this file"
                message = (
                    f"emoji sequence {sequence} ({_codes(sequence)}) has no glyph of its own in "
                    f"{face.family}: it prints as {drawn} glyph{'s' * (drawn > 1)} and the PDF's text "
                    f"loses its invisible characters ({times})"
                )
                warn(message, path, *places[0], kind="emoji")


def emoji_face(faces: tuple[FontFace, ...]) -> FontFace | None:
    """The face that draws the book's emoji runs: the first emoji family the book loads."""
    upright = [f for f in faces if not f.italic and f.weight < 600]
    for family in EMOJI_FAMILIES:
        for face in upright:
            if face.family == family:
                return face
    return None


@lru_cache(maxsize=256)
def shaped(path: Path, sequence: str) -> tuple[int, int]:
    """How many glyphs the face shapes the sequence into: all of them (the invisible characters
    it could not join in are glyphs of their own), and those that take room."""
    import uharfbuzz as hb  # loaded only for a book that has emoji sequences

    buffer = hb.Buffer()
    buffer.add_str(sequence)
    buffer.guess_segment_properties()
    hb.shape(_font(path), buffer, {})
    return len(buffer.glyph_infos), sum(1 for p in buffer.glyph_positions if p.x_advance > 0)


@lru_cache(maxsize=4)
def _font(path: Path):  # noqa: ANN202 (uharfbuzz's Font, imported late)
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


def _texts(book: Book) -> Iterator[tuple[Path, str, int | None]]:
    for text in book.texts:  # the chapters and the files they include
        yield text.path, text.body, text.body_line


def _place(text: str, offset: int, first_line: int | None) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return (first_line or 1) + line, column


def _codes(sequence: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in sequence)
