"""A Markdown file that book.yaml's chapters leave out is a warning: a new author's chapter,
written and not yet listed, was never built without a word."""

from __future__ import annotations

from pathlib import Path

from thaibook.core.errors import collecting
from thaibook.sources.chapters import load_book


def _book(folder: Path, *files: str) -> None:
    (folder / "book.yaml").write_text("title: เล่ม\nchapters:\n  - 01.md\n", encoding="utf-8")
    (folder / "01.md").write_text("# บทที่ ๑\n\nข้อความ [!INCLUDE[x](part.md)]\n", encoding="utf-8")
    (folder / "part.md").write_text("ส่วนที่รวมเข้ามา\n", encoding="utf-8")  # included: no chapter
    (folder / "README.md").write_text("# the project\n", encoding="utf-8")  # the project's README
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("# บทใหม่\n\nข้อความ\n", encoding="utf-8")


def test_a_chapter_not_listed_warns_at_chapters(tmp_path: Path) -> None:
    _book(tmp_path, "02-new.md")
    with collecting() as found:
        book = load_book(tmp_path)
    assert [ch.path.name for ch in book.chapters] == ["01.md"]
    assert [w.formatted() for w in found] == [
        f"{tmp_path}/book.yaml:2:1: warning: not in chapters, so left out of the book: 02-new.md "
        "(list it under chapters: to print it)"
    ]


def test_several_are_one_warning(tmp_path: Path) -> None:
    _book(tmp_path, "02.md", "03.md", "drafts/04.md", "drafts/05.md")
    with collecting() as found:
        load_book(tmp_path)
    assert [w.message for w in found] == [
        "not in chapters, so left out of the book: 02.md, 03.md, drafts/04.md and 1 more "
        "(list them under chapters: to print them)"
    ]


def test_every_file_listed_or_included_says_nothing(tmp_path: Path) -> None:
    _book(tmp_path)
    with collecting() as found:
        load_book(tmp_path)
    assert found == []
