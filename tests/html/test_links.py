"""Links between chapters as MkDocs, mdBook, GitHub and Gatsby authors write them; heading ids
that keep Thai whole; a warning with file:line:col for every link that leads nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thaibook.core.book import Chapter, ChapterMeta
from thaibook.core.errors import collecting
from thaibook.html.links import heading_slug
from thaibook.html.markdown import chapter_to_html, convert_chapters
from thaibook.sources.chapters import load_book

LINKS = Path(__file__).resolve().parents[1] / "books" / "links"


@pytest.fixture(scope="module")
def converted() -> tuple[list[list[tuple[str, str]]], list[str]]:
    """Each chapter's links (text, href or '' when printed as text), and the warnings, as printed."""
    with collecting() as warnings:
        chapters = convert_chapters(load_book(LINKS))
    links = [
        [
            (_text(m.group(2)), m.group(1) or "")
            for m in re.finditer(r'<a(?: href="([^"]*)")?>(.*?)</a>', c.html)
        ]
        for c in chapters
    ]
    shown = [f"{Path(w.path).relative_to(LINKS)}:{w.line}:{w.column}: {w.message}" for w in warnings]
    return links, shown


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>|\u200b", "", html)


def test_links_to_chapter_files_go_to_the_chapter_or_its_heading(converted) -> None:
    links, _ = converted
    assert links[0][:5] == [
        ("บทที่ ๒", "#chapter-2"),  # [บทที่ ๒](02-tables.md)
        ("ตารางที่ ๑", "#c2-ตารางที่-๑"),  # 02-tables.md#ตารางที่-๑: the heading's id, as GitHub spells it
        ("คอมโพเนนท์", "#function-and-class-components"),  # ./docs/config.md#{#id} of a subfolder's chapter
        ("หัวข้อนี้", "#c1-สิ่งที่ต้องเตรียมก่อนเริ่ม"),  # a heading of the same chapter
        ("ตารางแบบเข้ารหัส", "#c2-ตารางที่-๑"),  # the fragment percent-encoded
    ]
    assert links[2] == [
        ("บทที่ ๒", "#chapter-2"),  # MkDocs' directory URL ../02-tables/
        ("ตาราง", "#c2-ตารางที่-๑"),  # a site's /02-tables.html, from the book's root
        ("บทแรก", "#chapter-1"),  # no extension: ../01-intro
    ]


def test_links_that_lead_nowhere_are_warnings_and_print_as_text(converted) -> None:
    links, warnings = converted
    assert links[0][5:] == [("ล็อก", ""), ("สรุป", "")]
    assert links[1][1] == ("README", "")
    assert warnings == [
        "01-intro.md:10:26: link to a missing file './logs.md': printed as text",
        "01-intro.md:10:63: link to a missing heading '#สรุปผล' in 02-tables.md",
        "02-tables.md:9:73: link to 'README.md', which is not a chapter of the book: printed as text",
    ]


def test_a_missing_heading_in_the_same_chapter_suggests_the_closest() -> None:
    chapter = LINKS / "01-intro.md"
    book = load_book(LINKS)
    text = chapter.read_text(encoding="utf-8")
    with collecting() as warnings:
        convert_chapters(
            book.with_chapters((Chapter(chapter, ChapterMeta(), text + "\n[x](#สิ่งที่ต้องเตรียม)\n", 1, 1),))
        )
    assert [w.message for w in warnings][-1] == (
        "link to a missing heading '#สิ่งที่ต้องเตรียม' (did you mean '#สิ่งที่ต้องเตรียมก่อนเริ่ม'?)"
    )


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("รายการสิ่งที่ต้องเตรียม", "รายการสิ่งที่ต้องเตรียม"),  # vowels above and below, tones: all kept
        ("C1 ๑๑ รายการสิ่งที่ต้องเตรียม", "c1-๑๑-รายการสิ่งที่ต้องเตรียม"),
        ("๑.๔ การออกแบบ (ร่าง)", "๑๔-การออกแบบ-ร่าง"),
        ("Heading 1 / หัวข้อ 1", "heading-1-หัวข้อ-1"),
        ("ค้ำประกัน", "ค้ำประกัน"),
    ],
)
def test_heading_ids_keep_thai_letters_whole(heading: str, slug: str) -> None:
    assert heading_slug(heading) == slug
    html = chapter_to_html(Chapter(Path("x.md"), ChapterMeta(), f"## {heading}\n", 1, 4)).html
    assert f'id="c4-{slug}"' in html


def test_id_attributes_are_kept() -> None:
    body = "# Chapter 1: Introduction / บทที่ 1: บทนำ {#ch01}\n\n## ฟังก์ชันและคลาส {#function-and-class}\n"
    result = chapter_to_html(Chapter(Path("x.md"), ChapterMeta(), body, 1, 2))
    assert [(h.id, h.text) for h in result.headings] == [
        ("ch01", "Chapter 1: Introduction / บทที่ 1: บทนำ"),
        ("function-and-class", "ฟังก์ชันและคลาส"),
    ]


def test_wiki_links_name_chapters_by_alias_title_or_file(tmp_path: Path) -> None:
    """pdpa-th: [[ม1]] is article-1.md by its Obsidian alias; most articles are not in the book."""
    (tmp_path / "about.md").write_text(
        "---\ntitle: พระราชบัญญัติ\n---\n\n[[ม1]], [[มาตรา ๑|มาตราแรก]], [[article-1#บทนิยาม]] `[[code]]`\n\n"
        "[[ม8]], [[มาตรา ๙๕]] และ[[ม8]] **[[⬆ กลับ]](article-1.md)**\n",
        encoding="utf-8",
    )
    (tmp_path / "article-1.md").write_text(
        "---\ntitle: มาตรา ๑\naliases: ['มาตรา 1', 'ม1']\n---\n\n## บทนิยาม\n\nข้อความ\n", encoding="utf-8"
    )
    with collecting() as warnings:
        html = convert_chapters(load_book(tmp_path))[0].html
    found = [
        (_text(m.group(2)), m.group(1) or "") for m in re.finditer(r'<a(?: href="([^"]*)")?>(.*?)</a>', html)
    ]
    assert found == [
        ("ม1", "#chapter-2"),
        ("มาตราแรก", "#chapter-2"),
        ("article-1#บทนิยาม", "#c2-บทนิยาม"),
        ("ม8", ""),
        ("มาตรา ๙๕", ""),
        ("ม8", ""),
        ("[⬆ กลับ]", "#chapter-2"),
    ]
    assert "<code>[[code]]</code>" in html
    assert [(w.line, w.column, w.message) for w in warnings if w.kind == "link"] == [
        (7, 1, "3 wiki links name no chapter of the book ([[ม8]], [[มาตรา ๙๕]]): printed as text")
    ]
    assert not [w for w in warnings if w.kind == "front-matter"]  # aliases are read, not ignored
