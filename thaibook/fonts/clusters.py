"""Every Thai cluster a font can shape, shaped by HarfBuzz: where each mark lands.

The marks' places are read from HarfBuzz, not from the font's tables, so whatever the
font does (mark and mkmk anchors, contextual positioning, substitutions for tall
consonants) is what the prepared font must reproduce. A cluster is a base and marks
in Thai order: below vowel, above vowel, tone or sign, or a tone and SARA AM.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

import uharfbuzz as hb

BASES = [*range(0x0E01, 0x0E2F), 0x25CC]  # consonants, ฤ and ฦ, and the dotted circle
BELOW = (0x0E38, 0x0E39, 0x0E3A)
ABOVE = (0x0E31, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E47, 0x0E4D)
TONES = (0x0E48, 0x0E49, 0x0E4A, 0x0E4B)
TOP = (*TONES, 0x0E4C, 0x0E4E)
SARA_AM = 0x0E33
THAI_MARKS = frozenset((*BELOW, *ABOVE, *TOP))


@dataclass(frozen=True)
class Mark:
    """A zero-width glyph after the base, HarfBuzz's offset for it, and the text it stands for.

    A mark that ``joins`` belongs to the SARA AM that ends the cluster: it is drawn into one
    glyph with the SARA AA, which stands for the text of both.
    """

    glyph: str
    dx: int
    dy: int
    text: str
    joins: bool = False


@dataclass(frozen=True)
class Cluster:
    """A shaped cluster: the base glyph, its marks, and the SARA AA glyph that ends a SARA AM."""

    text: str
    base: str
    marks: tuple[Mark, ...]
    aa: str | None = None
    aa_text: str = ""


def cluster_texts(cmap: dict[int, str]) -> Iterator[str]:
    """Each base with each sequence of marks the font has glyphs for."""
    for base in (b for b in BASES if b in cmap):
        for seq in mark_sequences():
            if all(c in cmap for c in seq):
                yield chr(base) + "".join(map(chr, seq))


def slip_texts(cmap: dict[int, str]) -> Iterator[str]:
    """Typing slips the prepared font must still draw as the original does: a mark typed twice."""
    for base in (b for b in BASES if b in cmap):
        for mark in (m for m in sorted(THAI_MARKS) if m in cmap):
            yield chr(base) + chr(mark) * 2


def mark_sequences() -> Iterator[tuple[int, ...]]:
    """Below vowel, above vowel, tone or sign (any of them may be missing); or a tone and SARA AM."""
    for below, above, top in product((None, *BELOW), (None, *ABOVE), (None, *TOP)):
        seq = tuple(c for c in (below, above, top) if c is not None)
        if seq:
            yield seq
    for below, tone in product((None, *BELOW), (None, *TONES)):
        yield tuple(c for c in (below, tone) if c is not None) + (SARA_AM,)


def shaper(data: bytes) -> hb.Font:
    """A HarfBuzz font at the font's own units (offsets in font units, as integers)."""
    return hb.Font(hb.Face(data))


def shape(font: hb.Font, text: str, features: dict | None = None) -> list[tuple[int, int, int, int, int]]:
    """HarfBuzz's glyphs for a text: (glyph id, cluster, x advance, x offset, y offset)."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    # Pango shapes with one cluster per character, which is what WeasyPrint maps to text.
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font, buf, features or {})
    return [
        (i.codepoint, i.cluster, p.x_advance, p.x_offset, p.y_offset)
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def shaped_clusters(font: hb.Font, order: list[str], cmap: dict[int, str]) -> list[Cluster]:
    """Every cluster of cluster_texts as HarfBuzz shapes it; clusters of another form are left out."""
    out = []
    for text in cluster_texts(cmap):
        cluster = _read(text, shape(font, text), order)
        if cluster is not None:
            out.append(cluster)
    return out


def _read(text: str, glyphs: list[tuple[int, int, int, int, int]], order: list[str]) -> Cluster | None:
    """A cluster from HarfBuzz's glyphs: a spacing base, zero-width marks, a SARA AA last."""
    if len(glyphs) < 2 or glyphs[0][1] != 0 or glyphs[0][2] <= 0 or glyphs[0][3] or glyphs[0][4]:
        return None
    aa, aa_cluster = None, len(text)  # uharfbuzz counts clusters in characters
    if ord(text[-1]) == SARA_AM:
        gid, aa_cluster, advance, dx, dy = glyphs.pop()
        if advance <= 0 or dx or dy or aa_cluster == 0:
            return None
        aa = order[gid]
    ends = [g[1] for g in glyphs[2:]] + [aa_cluster]
    marks = []
    for (gid, cluster, advance, dx, dy), end in zip(glyphs[1:], ends, strict=True):
        joins = aa is not None and cluster == aa_cluster
        piece = "" if joins else text[cluster:end]
        if advance or cluster == 0 or not (joins or piece):
            return None  # a mark with an advance, or one glyph of several for one character
        marks.append(Mark(order[gid], dx, dy, piece, joins))
    return Cluster(text, order[glyphs[0][0]], tuple(marks), aa, text[aa_cluster:] if aa else "")
