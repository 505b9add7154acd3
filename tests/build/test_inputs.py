"""What an up-to-date check reads (build/inputs.py): every file's hash, made again only for a file
whose stamp changed, and never trusted for a file changed just before the look."""

from __future__ import annotations

import os
import time
from pathlib import Path

from thaibook.build.inputs import assets_digest, inputs_digest


def test_an_edit_of_the_same_size_right_after_a_check_is_seen(tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    chapter = book / "01.md"
    chapter.write_text("# บทที่ ๑\n", encoding="utf-8")
    first = inputs_digest(book, "")
    assert inputs_digest(book, "") == first
    chapter.write_text("# บทที่ ๒\n", encoding="utf-8")  # same size, same clock tick perhaps
    assert inputs_digest(book, "") != first


def test_a_file_stamped_long_ago_is_remembered_and_its_change_seen(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    image = book / "images" / "a.svg"
    image.write_text("<svg/>", encoding="utf-8")
    long_ago = time.time() - 3600
    os.utime(image, (long_ago, long_ago))
    time.sleep(2.1)  # the status-change time is the clock's: older than the racy window now
    first = assets_digest(book, (".md",))
    assert assets_digest(book, (".md",)) == first
    image.write_text("<svg >", encoding="utf-8")  # the same size
    os.utime(image, (long_ago, long_ago))  # the time set back: the status-change time still moved
    assert assets_digest(book, (".md",)) != first
