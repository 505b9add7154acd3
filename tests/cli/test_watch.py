"""Watch mode builds once per save, also when the PDF and its reports are written inside the
book folder (before, each build's own PDF, pages.json and .prev.pdf set off the next: 63 in 6 s)."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from thaibook.cli.watch import QUIET, snapshot, still_left, watch_command

PLAIN = Path(__file__).resolve().parents[1] / "books" / "plain"


def test_what_the_build_writes_beside_its_output_is_not_an_edit(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(PLAIN, book)
    before = snapshot((book,), book / "out" / "b.pdf")
    (book / "out" / "b.proof").mkdir(parents=True)
    for name in ("b.pdf", "b.pages.json", "b.prev.pdf", "b.prev.pages.json", "b.epub", "b.proof/contact.png"):
        (book / "out" / name).write_bytes(b"x")
    assert snapshot((book,), book / "out" / "b.pdf") == before
    (book / "out" / "notes.md").write_text("x", encoding="utf-8")  # the author's file beside it
    assert snapshot((book,), book / "out" / "b.pdf") != before


@pytest.mark.slow
def test_watch_with_the_output_inside_the_book_builds_once_per_save(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(PLAIN, book)
    out = io.StringIO()
    done = threading.Event()

    def edit() -> None:
        while "watching " not in out.getvalue():
            time.sleep(0.05)
        time.sleep(1.0)  # builds set off by the first build's own files would come now
        chapter = book / "02-second.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nย่อหน้าใหม่\n", encoding="utf-8")
        while out.getvalue().count("wrote ") < 2:
            time.sleep(0.05)
        time.sleep(1.0)
        done.set()

    editor = threading.Thread(target=edit, daemon=True)
    editor.start()
    output = book / "out" / "b.pdf"
    assert watch_command(book, output, {}, jobs=1, out=out, stop=done.is_set) == 0
    editor.join(5)
    wrote = [line for line in out.getvalue().splitlines() if line.startswith("wrote ")]
    assert len(wrote) == 2, out.getvalue()
    assert "changed pages: " in wrote[1] and "changed pages: none" not in wrote[1]


def test_a_change_counts_once_the_files_have_been_still_for_quiet_since_it_was_made(tmp_path: Path) -> None:
    chapter = tmp_path / "a.md"
    chapter.write_text("x", encoding="utf-8")
    before = snapshot((tmp_path,))
    chapter.write_text("xy", encoding="utf-8")
    assert 0 < still_left(before, snapshot((tmp_path,))) <= QUIET  # just made: wait for most of it
    old = time.time_ns() - 10**9
    os.utime(chapter, ns=(old, old))
    assert still_left(before, snapshot((tmp_path,))) == 0  # made a second ago, seen late: go now
    chapter.unlink()
    assert still_left(before, snapshot((tmp_path,))) == QUIET  # a deletion has no time: wait it whole
