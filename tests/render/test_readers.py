"""Every reader gets the Markdown's text back: the hard cases and real prose, bold, headings and lists.

The readers are those people copy and search with: poppler (Evince, Okular), PDFium
(Chrome), MuPDF, pdf.js (Firefox, joined as its text layer copies), and the Python
extractors. A line is verbatim when its text, NFC and without whitespace, is found
whole in the reader's text; an added space is one inside a printed line where the
source has none (tests/textlayer.py). The exact readers follow the content stream or
lay characters out by their boxes; the others sort characters by x, where a mark ties
with the letter after it (a new text box's first letter may start a rounding error
before it): pdfplumber then reads 'ฤๅษ ีฦๅ' for 'ฤๅษี ฦๅ'.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.textlayer import (
    READERS,
    added_spaces,
    moved_marks,
    pdfjs_texts,
    source_lines,
    source_text,
    verbatim_share,
)
from tests.textlayer_corpus import orchid_book
from thaibook.build.chapters import build_chapters

HARD = Path(__file__).resolve().parents[1] / "books" / "thai-hard-cases"
EXACT = ["pdftotext -raw", "pypdf", "PDFium", "MuPDF", "pdf.js"]
AT_LEAST = {"pdftotext": 0.99, "pdftotext -layout": 0.99, "pdfplumber": 0.97, "pdfminer.six": 0.95}
SLOW = {"pdfminer.six", "pdfplumber"}  # a second or more a book


class Corpus:
    """The corpus books, each built once by the default (chapter) build when first asked for,
    and each reader's text of each (pdf.js is started once for the PDFs built so far)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.built: dict[str, tuple[Path, Path]] = {}
        self.texts: dict[tuple[str, str], str] = {}

    def book(self, name: str) -> Path:
        self.pdf(name)
        return self.built[name][0]

    def pdf(self, name: str) -> Path:
        if name not in self.built:
            book = self.root / name.replace(" ", "-")
            if name == "hard cases":
                shutil.copytree(HARD, book)
            else:
                orchid_book(book)
            self.built[name] = (book, build_chapters(book, self.root / f"{book.name}.pdf").output)
        return self.built[name][1]

    def text(self, name: str, reader: str) -> str:
        if (name, reader) not in self.texts:
            if reader == "pdf.js":
                names = [n for n in ("hard cases", "ORCHID prose") if n in self.built or n == name]
                for n, text in zip(names, pdfjs_texts([self.pdf(n) for n in names]).values(), strict=True):
                    self.texts[(n, reader)] = text
            else:
                self.texts[(name, reader)] = READERS[reader](self.pdf(name))
        return self.texts[(name, reader)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("readers"))


def _params(readers: list[str]) -> list:
    """Each reader on each corpus; the prose (a 5-page build) and the slow readers marked slow."""
    return [
        pytest.param(
            name,
            reader,
            marks=[pytest.mark.slow] if reader in SLOW or name != "hard cases" else [],
            id=f"{reader}-{name}",
        )
        for reader in readers
        for name in ("hard cases", "ORCHID prose")
    ]


@pytest.mark.parametrize(("name", "reader"), _params(EXACT))
def test_reader_is_exact(corpus: Corpus, name: str, reader: str) -> None:
    book = corpus.book(name)
    got = corpus.text(name, reader)
    lines = source_lines(book)
    assert [line for line in lines if line not in _squeezed(got)] == []
    assert added_spaces(source_text(book), got) == []


@pytest.mark.parametrize(("name", "reader"), _params(list(AT_LEAST)))
def test_reader_gives_nearly_every_line(corpus: Corpus, name: str, reader: str) -> None:
    assert verbatim_share(source_lines(corpus.book(name)), corpus.text(name, reader)) >= AT_LEAST[reader]


@pytest.mark.parametrize("name", ["hard cases", pytest.param("ORCHID prose", marks=pytest.mark.slow)])
def test_no_adjustment_or_rise_moves_a_thai_mark(corpus: Corpus, name: str) -> None:
    assert moved_marks(corpus.pdf(name)) == []


@pytest.mark.slow
def test_list_markers_come_before_their_items(corpus: Corpus) -> None:
    got = corpus.text("ORCHID prose", "pdftotext -raw")
    items = [line for line in got.splitlines() if line.startswith("•")]
    assert len(items) >= 10 and "••" not in got.replace(" ", "").replace("\n", "")


def _squeezed(text: str) -> str:
    import unicodedata

    from tests.textlayer import squeeze

    return squeeze(unicodedata.normalize("NFC", text))
