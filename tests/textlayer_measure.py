"""The readers' matrix: how much of a book's text each PDF reader gives back, fonts as shipped and prepared.

    PYTHONPATH=. python tests/textlayer_measure.py [BOOK ...] [--orchid] [--pdf NAME=FILE ...]

BOOK: book folders (default: the hard cases); --orchid adds the ORCHID prose book of the
reader tests. Each book is built twice by the single-pass build, with the fonts as shipped
(``exact_text=False``) and prepared; --pdf adds a column of PDFs built elsewhere (e.g. by an
older checkout: NAME=DIR holds BOOKNAME.pdf for each book). A cell is the share of source
lines found verbatim (NFC, whitespace removed) and, in brackets, the spaces added inside
printed lines.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.textlayer import READERS, added_spaces, pdfjs_texts, source_lines, source_text, verbatim_share
from tests.textlayer_corpus import orchid_book
from thaibook.build.pipeline import build

HARD = Path(__file__).resolve().parent / "books" / "thai-hard-cases"


def matrix(book: Path, pdfs: dict[str, Path]) -> list[str]:
    """The table's rows (Markdown) for one book: a column per PDF."""
    lines, text = source_lines(book), source_text(book)
    js = pdfjs_texts(list(pdfs.values()))
    rows = [
        f"{book.name}: {len(lines)} lines, {sum(map(len, lines))} characters",
        "",
        "| reader | " + " | ".join(pdfs) + " |",
        "|---" * (len(pdfs) + 1) + "|",
    ]
    for reader, extract in READERS.items():
        cells = []
        for pdf in pdfs.values():
            got = js[pdf] if reader == "pdf.js" else extract(pdf)
            cells.append(f"{verbatim_share(lines, got):.1%} ({len(added_spaces(text, got))})")
        rows.append(f"| {reader} | " + " | ".join(cells) + " |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("books", nargs="*", type=Path)
    parser.add_argument("--orchid", action="store_true")
    parser.add_argument("--pdf", action="append", default=[], metavar="NAME=DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        books = [
            shutil.copytree(b, root / b.name, ignore=shutil.ignore_patterns(".cache")) for b in args.books
        ]
        if args.orchid:
            books.append(orchid_book(root / "orchid"))
        for book in books or [shutil.copytree(HARD, root / HARD.name)]:
            pdfs = {
                "fonts as shipped": build(book, root / f"{book.name}-plain.pdf", exact_text=False).output,
                "prepared fonts": build(book, root / f"{book.name}-prepared.pdf").output,
            }
            for name, folder in (item.split("=", 1) for item in args.pdf):
                pdfs[name] = Path(folder) / f"{book.name}.pdf"
            print("\n".join(matrix(book, pdfs)) + "\n")


if __name__ == "__main__":
    main()
