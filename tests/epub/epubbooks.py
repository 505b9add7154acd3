"""The e-books the EPUB tests read: each built once per test run through the command line, with
its PDF (a plugin of tests/conftest.py: the fixtures are the whole run's)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from thaibook.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
BOOKS = ROOT / "tests" / "books"


@dataclass(frozen=True)
class Built:
    """A book folder, the print edition built from it and its EPUB."""

    book: Path
    pdf: Path
    epub: Path

    def read(self, name: str) -> bytes:
        """A file of the EPUB (a path inside the package, e.g. 'EPUB/nav.xhtml')."""
        with zipfile.ZipFile(self.epub) as z:
            return z.read(name)

    @property
    def pages(self) -> dict:
        """The print build's report (pages.json)."""
        return json.loads(self.pdf.with_suffix(".pages.json").read_text(encoding="utf-8"))


def build_epub_of(book: Path) -> Built:
    """``thaibook epub BOOK``: its PDF and EPUB in the book's dist/."""
    assert main(["epub", str(book)]) == 0
    dist = book / "dist"
    (epub,) = dist.glob("*.epub")
    return Built(book, epub.with_suffix(".pdf"), epub)


def bench_book(where: Path, chapters: int) -> tuple[Path, Path]:
    """The benchmark book (bench/make_book.py) and, apart from it, each chapter's exact text."""
    made = where / "made"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "make_book.py"),
            "--chapters",
            str(chapters),
            "--out",
            str(made),
        ],
        check=True,
    )
    meta = json.loads((made / "book.json").read_text(encoding="utf-8"))
    texts = where / "texts"
    texts.mkdir()
    for txt in made.glob("*.txt"):
        shutil.move(txt, texts / txt.name)
    book = where / "book"
    shutil.copytree(made, book, ignore=shutil.ignore_patterns("book.json"))
    lines = [f"title: {json.dumps(meta['title'], ensure_ascii=False)}", "output: bench.pdf", "chapters:"]
    (book / "book.yaml").write_text(
        "\n".join([*lines, *(f"  - {n}" for n in meta["chapters"])]) + "\n", "utf-8"
    )
    return book, texts


@pytest.fixture(scope="session")
def first_epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The first book (content/, copied: the build writes its cache into the book)."""
    book = tmp_path_factory.mktemp("first-epub") / "content"
    shutil.copytree(ROOT / "content", book, ignore=shutil.ignore_patterns(".cache"))
    return build_epub_of(book)


@pytest.fixture(scope="session")
def bench_epub(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path]:
    """The benchmark book of 10 chapters (33 pages), and the folder of its chapters' exact texts."""
    book, texts = bench_book(tmp_path_factory.mktemp("bench-epub"), 10)
    return build_epub_of(book), texts


@pytest.fixture(scope="session")
def features_epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A book with an image, a table, footnotes, links between chapters, page markers in a paragraph."""
    book = tmp_path_factory.mktemp("features-epub") / "epub-features"
    shutil.copytree(BOOKS / "epub-features", book)
    return build_epub_of(book)


_CHECKED: dict[Path, subprocess.CompletedProcess[str]] = {}


def epubcheck(epub: Path) -> subprocess.CompletedProcess[str]:
    """Debian's epubcheck on the file, once per file (a JVM start costs seconds)."""
    if epub not in _CHECKED:
        found = shutil.which("epubcheck")
        assert found, "epubcheck not found: apt-get install epubcheck (see the README's test command)"
        # The Debian command is the jar itself (run by binfmt, absent in containers): run it with java.
        # Client JIT and serial GC: a short run starts in a third of the time.
        cmd = [
            "java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            str(Path(found).resolve()),
            str(epub),
        ]
        _CHECKED[epub] = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return _CHECKED[epub]
