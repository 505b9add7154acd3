"""A key given twice (a second 'page:' added at the end of book.yaml): YAML keeps the last one
without a word and the first one's settings vanish; the build says so, at the second."""

from __future__ import annotations

from pathlib import Path

from thaibook.core.errors import collecting
from thaibook.sources.chapters import load_book


def test_a_key_given_twice_warns_at_the_second(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text(
        "title: เล่ม\npage:\n  size: A5\n  top: 20mm\nfont:\n  size: 12pt\n  size: 13pt\npage:\n  size: A4\n",
        encoding="utf-8",
    )
    (tmp_path / "01.md").write_text("---\ntitle: หนึ่ง\ntitle: สอง\n---\n\nข้อความ\n", encoding="utf-8")
    with collecting() as found:
        book = load_book(tmp_path)
    assert (book.config.page.size, book.config.font.size, book.chapters[0].meta.title) == (
        "A4",
        "13pt",
        "สอง",
    )
    assert [w.formatted() for w in found] == [
        f"{tmp_path}/book.yaml:7:3: warning: 'font.size' is given twice (lines 6 and 7): only the last one counts",
        f"{tmp_path}/book.yaml:8:1: warning: 'page' is given twice (lines 2 and 8): only the last one counts",
        f"{tmp_path}/01.md:3:1: warning: 'title' is given twice (lines 2 and 3): only the last one counts",
    ]
