"""The caches live in the user's cache folder, never in the book: shared fonts, damaged entries, two builds at once."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BOOKS, ROOT, pdftotext, tree
from thaibook.build.chapters import build_chapters
from thaibook.cli.main import main
from thaibook.core.cachedir import book_cache_dir, fonts_cache_dir
from thaibook.core.files import CACHE_ENV, FONTS_DIR
from thaibook.core.store import checksum


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the user's: nothing prepared, nothing typeset."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def prepared(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "fonts").glob("*.ttf"))


@pytest.mark.slow
def test_two_book_folders_share_the_prepared_fonts(fresh_cache: Path, tmp_path: Path) -> None:
    first, second = (shutil.copytree(BOOKS / "small", tmp_path / name) for name in ("first", "second"))
    build_chapters(first, tmp_path / "first.pdf")
    fonts = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in prepared(fresh_cache)}
    stems = [p.name.split(".")[0] for p in fonts]
    assert fonts and len(stems) == len(set(stems)) and set(stems) <= {p.stem for p in FONTS_DIR.glob("*.ttf")}
    build_chapters(second, tmp_path / "second.pdf")
    # The second book used the first one's prepared fonts: none made again (a new one is a new inode).
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in prepared(fresh_cache)} == fonts
    assert pdftotext(tmp_path / "second.pdf") == pdftotext(tmp_path / "first.pdf")
    assert book_cache_dir(first) != book_cache_dir(second)  # each book its own parts
    assert not (first / ".cache").exists() and not (second / ".cache").exists()


def test_two_books_of_the_same_name_never_collide(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "book", tmp_path / "b" / "book"
    assert book_cache_dir(a) != book_cache_dir(b)
    assert book_cache_dir(a).name.startswith("book-") and book_cache_dir(a).parent == book_cache_dir(b).parent


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-7])  # an entry partly written


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_damaged_entries_are_made_again_with_a_warning(fresh_cache: Path, tmp_path: Path, capsys) -> None:
    book = shutil.copytree(BOOKS / "small", tmp_path / "book")
    args = ["--content", str(book), "--output", str(tmp_path / "book.pdf")]
    assert main(args) == 0
    good = pdftotext(tmp_path / "book.pdf")
    font = prepared(fresh_cache)[0]
    font.write_bytes(font.read_bytes()[:1000])  # a font cut short
    damaged_json = (
        f"{book_cache_dir(book) / 'build.json'}: warning: damaged cache entry (not JSON); made again"
    )
    for damage in (_truncate, _flip):
        # Every part is damaged: a build may keep parts it typeset ahead and then did not use.
        parts = sorted((book_cache_dir(book) / "parts").glob("part-*.bin"))
        for part in parts:
            damage(part)
        (book_cache_dir(book) / "build.json").write_text('{"inputs": "')
        capsys.readouterr()
        assert main([*args, "--strict"]) == 0  # the cache's problem, not the book's: --strict builds
        err = capsys.readouterr().err.splitlines()
        if damage is _truncate:
            assert f"{font}: warning: damaged prepared font (its checksum does not match); made again" in err
            err.remove(f"{font}: warning: damaged prepared font (its checksum does not match); made again")
        assert damaged_json in err
        err.remove(damaged_json)
        said = {
            f"{part}: warning: damaged cache entry (its checksum does not match); made again"
            for part in parts
        }
        assert err and set(err) <= said and len(err) == len(set(err)), err  # each part read, once each
        assert len(err) >= 3  # the two chapters and the contents were all read back
        assert pdftotext(tmp_path / "book.pdf") == good
    assert checksum(font.read_bytes()) == font.with_name(font.name + ".mac").read_bytes()
    assert main(args) == 0
    assert capsys.readouterr().err == ""  # made again: no warning the next time, nor standing


@pytest.mark.slow
def test_two_builds_at_once_share_one_cache(fresh_cache: Path, tmp_path: Path) -> None:
    """Two new book folders built at the same moment on an empty cache: both right, the fonts whole."""
    cache = fresh_cache
    env = {**os.environ, CACHE_ENV: str(cache), "PYTHONPATH": str(ROOT)}
    books = [shutil.copytree(BOOKS / "small", tmp_path / name) for name in ("one", "two")]
    runs = [
        subprocess.Popen(
            [sys.executable, "build.py", "--content", str(book), "--output", str(book.with_suffix(".pdf"))],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for book in books
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert all(err == "" for _, err in results), results
    texts = {pdftotext(book.with_suffix(".pdf")) for book in books}
    assert len(texts) == 1 and "หนังสือทดสอบ" in texts.pop()
    fonts = prepared(cache)
    stems = [font.name.split(".")[0] for font in fonts]
    assert fonts and len(stems) == len(set(stems))  # each font prepared once, under one name
    for font in fonts:
        assert checksum(font.read_bytes()) == font.with_name(font.name + ".mac").read_bytes()


@pytest.mark.slow
def test_a_read_only_book_folder_builds_and_is_left_as_it_was(fresh_cache: Path, tmp_path: Path) -> None:
    book = shutil.copytree(BOOKS / "small", tmp_path / "checkout" / "book")
    before = tree(book)
    for path in [book, *book.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        assert main(["--content", str(book), "--output", str(tmp_path / "out" / "book.pdf")]) == 0
        assert (
            main(["--content", str(book), "--output", str(tmp_path / "out" / "book.pdf")]) == 0
        )  # up to date
        assert tree(book) == before  # nothing written, even by root, whom the modes do not stop
        assert (book_cache_dir(book) / "build.json").is_file()
    finally:
        for path in [book, *book.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.mark.slow
def test_cache_dir_option_and_clean(fresh_cache: Path, tmp_path: Path, capsys) -> None:
    book = shutil.copytree(BOOKS / "small", tmp_path / "book")
    chosen = tmp_path / "chosen"
    assert (
        main(["--content", str(book), "--output", str(tmp_path / "b.pdf"), "--cache-dir", str(chosen)]) == 0
    )
    assert os.environ[CACHE_ENV] == str(fresh_cache)  # the option held for that command only
    assert not fresh_cache.exists()
    assert (chosen / "fonts").is_dir() and any((chosen / "books").iterdir())
    capsys.readouterr()
    assert main(["clean", "--cache-dir", str(chosen)]) == 0
    first, *more = capsys.readouterr().out.splitlines()
    assert first.startswith("removed ") and first.endswith(f"from {chosen}")
    # the user's typesetting servers are told to go: those the tests' builds (or others) started
    assert more == [] or re.fullmatch(r"stopped (1 typesetting server|[0-9]+ typesetting servers)", more[0])
    assert sorted(p.name for p in chosen.iterdir()) == [".pruned", "cache.key"]  # the key stays
    assert fonts_cache_dir() == fresh_cache / "fonts"
