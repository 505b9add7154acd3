"""The e-book's text is the Markdown's: read back from the EPUB, character for character."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from tests.epub.epubbooks import Built
from tests.textlayer import html_text
from thaibook.core.book import Chapter
from thaibook.html.markdown import chapter_to_html
from thaibook.sources.chapters import load_book
from thaibook.sources.markers import MARKER

pytestmark = pytest.mark.slow

X = "{http://www.w3.org/1999/xhtml}"


def words(text: str) -> str:
    """The text as a reader sees it: every run of whitespace one space."""
    return " ".join(text.split())


def epub_text(built: Built, document: str) -> str:
    """A document's text, read back by unzipping and dropping the tags."""
    body = ET.fromstring(built.read(f"EPUB/{document}")).find(f"{X}body")
    assert body is not None
    return "".join(body.itertext())


def markdown_text(chapter: Chapter) -> str:
    """The chapter's text as its Markdown gives it, notes at the end (page markers are not
    text; the print's zero-width spaces are the print's)."""
    body = re.sub(rf"^[ \t]*{MARKER.pattern}[ \t]*\n", "", chapter.body, flags=re.M)
    body = MARKER.sub("", body)
    return html_text(chapter_to_html(replace(chapter, body=body), footnotes="chapter").html).replace(
        "\u200b", ""
    )


def test_the_benchmark_books_text_is_each_chapters_exact_text(bench_epub) -> None:
    built, texts = bench_epub
    chapters = load_book(built.book).chapters
    assert len(chapters) == 10
    for chapter in chapters:
        expected = (texts / f"{chapter.path.stem}.txt").read_text(encoding="utf-8")
        assert words(epub_text(built, f"chapter-{chapter.index}.xhtml")) == words(expected), chapter.path.name


@pytest.mark.parametrize("fixture", ["first_epub", "features_epub"])
def test_every_chapters_text_is_its_markdowns(fixture: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(fixture)
    for chapter in load_book(built.book).chapters:
        got = epub_text(built, f"chapter-{chapter.index}.xhtml")
        assert words(got) == words(markdown_text(chapter)), chapter.path.name
        assert not set(got) & set("\u200b\u200c\u200d\u2060\u00ad\ufeff")  # no character added


def test_the_cover_page_is_the_books_title_page(first_epub: Built) -> None:
    config = load_book(first_epub.book).config
    assert words(epub_text(first_epub, "cover.xhtml")) == words(f"{config.title} {config.author}")
