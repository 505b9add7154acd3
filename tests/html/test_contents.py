"""The contents as a Thai book prints it: each entry's page number in its part's own folio style
(a preface's ข, not 2), the contents before or after the front matter, and as deep as asked."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import pdftotext
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build

PREFACE = "---\ntitle: คำนำ\npart: front\n---\n\nคำนำของหนังสือเล่มนี้\n"
CHAPTER = "# บทที่ ๑ เริ่มต้น\n\nเนื้อหา\n\n## ส่วนแรก\n\nข้อความ\n\n### ย่อยลงไป\n\nข้อความอีก\n"


def make_book(root: Path, settings: str) -> Path:
    root.mkdir(parents=True)
    (root / "book.yaml").write_text(f"title: ทดสอบ\noutput: t.pdf\n{settings}", encoding="utf-8")
    (root / "00-preface.md").write_text(PREFACE, encoding="utf-8")
    (root / "01-start.md").write_text(CHAPTER, encoding="utf-8")
    return root


def pages_and_labels(pdf: Path) -> tuple[list[str], list[str]]:
    with pikepdf.open(pdf) as doc:
        labels = [page.label for page in doc.pages]
    return pdftotext(pdf).split("\f")[: len(labels)], labels


STYLES = ["thai-alphabetic", "lower-roman", "upper-roman", "thai", "decimal"]


@pytest.mark.slow
@pytest.mark.parametrize("style", STYLES)
def test_a_front_chapters_entry_prints_its_own_folio(style: str, tmp_path: Path) -> None:
    body = "thai" if style == "decimal" else "decimal"
    book = make_book(tmp_path / "book", f"numbering:\n  front: {style}\n  body: {body}\n")
    pages, labels = pages_and_labels(build(book).output)
    contents = next(i for i, text in enumerate(pages) if text.startswith("สารบัญ"))
    preface = next(i for i, text in enumerate(pages) if text.startswith("คำนำ\n"))
    chapter = next(i for i, text in enumerate(pages) if text.startswith("บทที่ ๑ เริ่มต้น\n"))
    entries = pages[contents].split("\n")
    assert f"คำนำ {labels[preface]}" in entries  # ข, ii, II, ๒, 2: what its page prints
    assert f"บทที่ ๑ เริ่มต้น {labels[chapter]}" in entries
    assert labels[preface] != "2" or style == "decimal"


@pytest.mark.slow
def test_the_contents_after_the_front_matter_in_both_build_paths(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book", "contents_position: after-front\n")
    single = pages_and_labels(build(book, tmp_path / "single.pdf").output)
    chapters = pages_and_labels(build_chapters(book, tmp_path / "chapters.pdf", jobs=1).output)
    assert single == chapters
    pages, labels = single
    assert [p.split("\n")[0] for p in pages] == ["ทดสอบ", "คำนำ", "สารบัญ", "บทที่ ๑ เริ่มต้น"]
    assert labels == ["", "ก", "ข", "1"]  # the preface first: ก; the contents continues: ข
    assert "คำนำ ก" in pages[2].split("\n")


@pytest.mark.slow
@pytest.mark.parametrize(("depth", "listed"), [(1, []), (3, ["ส่วนแรก", "ย่อยลงไป"])])  # 2: every other test
def test_contents_depth(depth: int, listed: list[str], tmp_path: Path) -> None:
    book = make_book(tmp_path / "book", f"contents_depth: {depth}\ncover: false\n")
    pages, _ = pages_and_labels(build(book).output)
    lines = [line for line in pages[0].split("\n")[1:] if line.strip()][:-1]  # not the title, nor the folio
    entries = [line.rsplit(" ", 1)[0] for line in lines]
    assert entries == ["คำนำ", "บทที่ ๑ เริ่มต้น", *listed]


def test_contents_position_names_a_chapter_of_the_book(tmp_path: Path) -> None:
    from thaibook.core.errors import BuildError
    from thaibook.sources.chapters import load_book

    book = make_book(tmp_path / "book", "contents_position: 00-prefase.md\n")
    with pytest.raises(BuildError) as caught:
        load_book(book)
    assert caught.value.formatted() == (
        f"{book}/book.yaml:3:1: error: contents_position must be start or after-front, or a chapter file "
        "of the book, not '00-prefase.md' (did you mean '00-preface.md'?)"
    )
