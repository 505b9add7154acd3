"""Shared fixtures: build books with the real pipeline and read the real PDF."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# The e-books the EPUB tests share, built once per run (tests/epub/epubbooks.py).
pytest_plugins = ["tests.epub.epubbooks"]
ROOT = Path(__file__).resolve().parent.parent
# Builds run by the tests (workers included) fail on any WeasyPrint warning.
os.environ["THAIBOOK_WEASYPRINT_WARNINGS_FAIL"] = "1"
BOOKS = Path(__file__).resolve().parent / "books"
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="rewrite golden files instead of comparing")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory):
    """The tests' builds (and their subprocesses) keep their caches here, not in the user's."""
    from thaibook.core.files import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield Path(os.environ[CACHE_ENV])
    from thaibook.parts import server

    # The typesetting servers the tests started (with this cache) go now, not when idle.
    server.stop_all(started_with=f"\0{CACHE_ENV}={os.environ[CACHE_ENV]}\0")
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


def tree(folder: Path) -> dict[str, tuple]:
    """Every file and folder below ``folder``: kind, size, modification time and content hash."""
    import hashlib

    found = {}
    for path in sorted([folder, *folder.rglob("*")]):
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(folder))] = (stat_kind(st.st_mode), st.st_size, st.st_mtime_ns, digest)
    return found


def stat_kind(mode: int) -> str:
    import stat

    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def parts_dir(book: Path) -> Path:
    """Where a book folder's typeset parts are cached."""
    from thaibook.core.cachedir import book_cache_dir

    return book_cache_dir(book) / "parts"


@pytest.fixture(autouse=True)
def fail_on_weasyprint_warnings(caplog: pytest.LogCaptureFixture):
    """WeasyPrint's logged warnings fail the test, as in WeasyPrint's own suite."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    bad = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
    ]
    assert not bad, f"WeasyPrint warned: {bad}"


@pytest.fixture(scope="session")
def first_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first book (content/) built once through the CLI, shared by every test that only reads it."""
    from thaibook.cli.main import main

    out = tmp_path_factory.mktemp("first") / "book.pdf"
    assert main(["--content", str(ROOT / "content"), "--output", str(out)]) == 0
    return out


@pytest.fixture
def book_copy(tmp_path: Path):
    """Copy a fixture book (tests/books/NAME, or content/ for 'content') to a temp folder."""

    def copy(name: str) -> Path:
        src = ROOT / "content" if name == "content" else BOOKS / name
        dst = tmp_path / name
        shutil.copytree(src, dst)
        return dst

    return copy


def build_with_second_chapter(book: Path, text: str, out: Path, *args: str) -> tuple[Path, int]:
    """Replace the plain fixture book's second chapter with ``text``, build; (chapter, exit code)."""
    from thaibook.cli.main import main

    chapter = book / "02-second.md"
    chapter.write_text(text, encoding="utf-8")
    return chapter, main(["--content", str(book), "--output", str(out), *args])


def pdftotext(pdf: Path, *args: str) -> str:
    """poppler's pdftotext output (raw order by default)."""
    return subprocess.run(
        ["pdftotext", *(args or ("-raw",)), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
