"""The real books of tests/realbooks/ (whole files as they came: SOURCES.md) build as they come,
with no book.yaml of ours: exit 0, every warning printed with its file and line, the text layer
holding the Markdown's visible text; with --strict they fail, every warning listed as an error.

Each book is built once per session (a cold chapter build, then the --strict one from its cache)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from realbooks import BOOKS, CORPUS, INVISIBLE, match, pdftotext_pages, pypdf_pages, visible, visible_text
from tests.glyphs import drawn_glyphs
from thaibook.cli.main import main

EMOJI = "md2docx-manual-th"  # ✅ (U+2705) 16 times, in table cells, and a task list
ALERTS = "powerbi-visuals-th"  # > [!NOTE] / [!TIP] / [!IMPORTANT], some inside list items or includes


@dataclass
class Built:
    """A book's two builds: exit codes, what they printed, the PDF, the time."""

    book: Path
    code: int
    err: list[str]
    pdf: Path
    seconds: float
    strict_code: int = 0
    strict_err: tuple[str, ...] = ()


def _run(args: list[str]) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, err.getvalue().splitlines()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every book of the corpus built as it came, then again with --strict."""
    out = {}
    for slug in BOOKS:
        book = tmp_path_factory.mktemp("realbooks") / slug
        shutil.copytree(CORPUS / slug, book)
        pdf = book.parent / f"{slug}.pdf"
        start = time.perf_counter()
        code, err = _run(["--content", str(book), "--output", str(pdf)])
        result = Built(book, code, err, pdf, time.perf_counter() - start)
        if code == 0:
            strict = pdf.with_name("strict.pdf")
            result.strict_code, strict_err = _run(
                ["--content", str(book), "--output", str(strict), "--strict"]
            )
            result.strict_err = tuple(strict_err)
            assert not strict.exists()
        out[slug] = result
    return out


BUILDING = list(BOOKS)


@pytest.mark.slow
@pytest.mark.parametrize("slug", BUILDING)
def test_builds_as_it_comes_with_every_warning_at_its_place(built: dict[str, Built], slug: str) -> None:
    b = built[slug]
    assert b.code == 0, "\n".join(b.err)
    assert b.pdf.exists()
    place = re.compile(rf"^{re.escape(str(b.book))}/[^:]+\.(md|yaml):\d+(:\d+)?: warning: ")
    assert b.err and all(place.match(line) for line in b.err), [e for e in b.err if not place.match(e)]


@pytest.mark.slow
@pytest.mark.parametrize("slug", BUILDING)
def test_strict_fails_listing_every_warning_as_an_error(built: dict[str, Built], slug: str) -> None:
    b = built[slug]
    assert b.strict_code == 1
    assert list(b.strict_err) == [line.replace(": warning: ", ": error: ", 1) for line in b.err]


@pytest.mark.slow
@pytest.mark.parametrize("slug", BUILDING)
def test_the_text_layer_holds_the_markdown_s_visible_text(built: dict[str, Built], slug: str) -> None:
    b = built[slug]
    expected = visible_text(b.book)
    raw, pypdf = pdftotext_pages(b.pdf), pypdf_pages(b.pdf)
    assert match(expected, raw) >= 0.999
    if [INVISIBLE.sub("", p) for p in pypdf] != [INVISIBLE.sub("", p) for p in raw]:  # else the same score
        assert match(expected, pypdf) >= 0.999


@pytest.mark.slow
def test_each_footnote_is_in_the_text_layer_with_its_number(built: dict[str, Built]) -> None:
    """md2docx-manual-th's notes print at the foot of their page, where extractors read them
    (after the page's text: the visible text leaves them out), each after its number."""
    b = built["md2docx-manual-th"]
    notes = visible(b.book)[1]
    raw = INVISIBLE.sub("", "".join(pdftotext_pages(b.pdf)))
    assert notes == ["1.Thisisthefootnotecontent.", "2.นี่คือเนื้อหาของเชิงอรรถ"]
    assert [note for note in notes if note not in raw] == []


@pytest.mark.slow
def test_emoji_and_task_boxes_are_drawn_by_the_shipped_faces(built: dict[str, Built]) -> None:
    """md2docx-manual-th's ✅ in table cells come from Noto Emoji, its task list's boxes from
    Noto Sans Symbols2, as text (no form field), and the system's colour emoji font never."""
    b = built[EMOJI]
    by_text: dict[str, set[str]] = {}
    for glyph in drawn_glyphs(b.pdf):
        by_text.setdefault(glyph.text, set()).add(glyph.font)
    assert by_text["✅"] == {"Noto-Emoji"}
    assert by_text["☑"] == by_text["☐"] == {"Noto-Sans-Symbols2"}
    text = "".join(pdftotext_pages(b.pdf))
    assert text.count("✅") == 16 and "☑ Completed task / งานที่เสร็จแล้ว" in text


ALERT = re.compile(r"^[ \t]*>[ \t]*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.MULTILINE)


@pytest.mark.slow
def test_microsoft_s_alerts_print_as_titled_boxes(built: dict[str, Built]) -> None:
    """Each alert of a chapter, and of the banner that eight chapters include, is a box with its
    Thai title on a line of its own; no alert marker is printed."""
    b = built[ALERTS]
    text = "\n".join(pdftotext_pages(b.pdf))
    assert "[!NOTE]" not in text and "[!TIP]" not in text and "[!IMPORTANT]" not in text
    banner = b.book / "includes" / "power-bi-visuals-desktop-banner.md"
    in_banner = len(ALERT.findall(banner.read_text(encoding="utf-8")))
    chapters = [p.read_text(encoding="utf-8") for p in sorted((b.book / "visuals").glob("*.md"))]
    alerts = sum(len(ALERT.findall(c)) + c.count(f"/{banner.name})") * in_banner for c in chapters)
    titles = [line for line in text.splitlines() if line in ("หมายเหตุ", "เคล็ดลับ", "สำคัญ")]
    assert in_banner == 1 and len(titles) == alerts == 21


# The e-book of real books (from the PDFs built above and their pages.json; epubcheck takes seconds a
# book): docfx's raw HTML (<Token>, a YouTube iframe), includes, images, missing images, alerts as
# callouts; tables, footnotes, emoji, task boxes and {width=100px} (md2docx-manual-th).
EPUBS = ["powerbi-visuals-th", EMOJI]


@pytest.mark.slow
@pytest.mark.parametrize("slug", EPUBS)
def test_the_e_book_is_valid_in_epubcheck(built: dict[str, Built], slug: str) -> None:
    from tests.epub.epubbooks import epubcheck
    from thaibook.build.epub import build_epub

    b = built[slug]
    result = build_epub(b.book, b.pdf.with_suffix(".epub"), pdf=b.pdf)
    checked = epubcheck(result.output)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in checked.stdout, checked.stdout
