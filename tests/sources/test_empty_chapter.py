"""A chapter with nothing to print is a warning (it built silently into a blank page and a
contents entry)."""

from __future__ import annotations

from pathlib import Path

from thaibook.core.errors import collecting
from thaibook.sources.chapters import load_book


def test_an_empty_chapter_warns(tmp_path: Path) -> None:
    (tmp_path / "01.md").write_text("# บทที่ ๑\n\nข้อความ\n", encoding="utf-8")
    (tmp_path / "02.md").write_text("---\ntitle: บทที่ ๒\n---\n\n<!-- เขียนต่อ -->\n\n", encoding="utf-8")
    with collecting() as found:
        load_book(tmp_path)
    assert [w.formatted() for w in found] == [
        f"{tmp_path}/02.md:4: warning: the chapter has no text: it prints as an empty page with an entry "
        "in the contents"
    ]
