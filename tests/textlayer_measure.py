"""Measure how exactly PDF text extractors give back the hard-case book, with and without prepared fonts.

    PYTHONPATH=. python tests/textlayer_measure.py [BOOK]

pdfplumber is optional (``pip install pdfplumber``); its rows are left out when it is missing.
Whitespace is ignored; 'changed' counts the characters lost plus added (a moved run counts twice).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tests.conftest import pdftotext
from tests.textlayer import (
    changed_chars,
    markdown_text,
    pdfminer_text,
    pdfplumber_text,
    pdftotext_raw,
    pypdf_text,
    pypdfium_text,
    squeeze,
)
from thaibook.build.pipeline import build

HARD = Path(__file__).resolve().parent / "books" / "thai-hard-cases"


def pdfminer_stream_order(pdf: Path) -> str:
    """pdfminer.six without layout analysis (characters in content-stream order)."""
    from pdfminer.high_level import extract_text_to_fp

    out = io.StringIO()
    with pdf.open("rb") as f:
        extract_text_to_fp(f, out, laparams=None)
    return out.getvalue()


def pdfplumber_text_flow(pdf: Path) -> str:
    """pdfplumber reading characters in content-stream order (use_text_flow=True)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text(use_text_flow=True) or "" for page in doc.pages)


def extractors() -> list[tuple[str, Callable[[Path], str]]]:
    """Every extractor available here, by name."""
    out = [
        ("pdftotext -raw (poppler)", pdftotext_raw),
        ("pdftotext (poppler, reading order)", lambda pdf: pdftotext(pdf, "-enc", "UTF-8")),
        ("pypdf", pypdf_text),
        ("pdfminer.six extract_text (layout analysis)", pdfminer_text),
        ("pdfminer.six, laparams=None (stream order)", pdfminer_stream_order),
        ("pypdfium2 get_text_range (PDFium, Chrome's viewer)", pypdfium_text),
    ]
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return out
    return out + [
        ("pdfplumber extract_text (sorted by x)", pdfplumber_text),
        ("pdfplumber, use_text_flow=True", pdfplumber_text_flow),
    ]


def cell(expected: str, got: str) -> str:
    """'exact', or how many characters changed and whether the same characters came out."""
    if got == expected:
        return "exact"
    same = "same characters, reordered" if Counter(got) == Counter(expected) else "characters lost or wrong"
    return f"{changed_chars(expected, got)} changed ({same})"


def main() -> None:
    book = Path(sys.argv[1]) if len(sys.argv) > 1 else HARD
    expected = markdown_text(book)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(book, copy, ignore=shutil.ignore_patterns(".cache"))
        plain = build(copy, Path(tmp) / "plain.pdf", exact_text=False).output
        fixed = build(copy, Path(tmp) / "fixed.pdf").output
        print(f"{book.name}: {len(expected)} characters (whitespace ignored)\n")
        print("| extractor | Sarabun as shipped | prepared fonts |")
        print("|---|---|---|")
        for name, extract in extractors():
            cells = [cell(expected, squeeze(extract(pdf))) for pdf in (plain, fixed)]
            print(f"| {name} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
