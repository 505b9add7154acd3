"""Callouts and task lists: GitHub alerts, MkDocs admonitions (collapsible ones printed open) as
boxes titled in Thai or as the book says, task list items as ☐ and ☑ text, not form fields."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import pdftotext
from thaibook.core.book import Chapter, ChapterMeta
from thaibook.core.errors import BuildError
from thaibook.core.settings import CalloutTitles
from thaibook.html.markdown import chapter_to_html
from thaibook.sources.settings import load_config

NOBR = re.compile(r'<span class="nobr">(.*?)</span>|\u200b')


def html_of(body: str, titles: CalloutTitles = CalloutTitles()) -> str:  # noqa: B008 (frozen)
    chapter = Chapter(Path("x.md"), ChapterMeta(), body, 1, 1)
    return NOBR.sub(r"\1", chapter_to_html(chapter, titles=titles).html)


def box(kind: str, title: str | None, body: str, classes: str = "") -> str:
    head = f'<p class="admonition-title">{title}</p>\n' if title is not None else ""
    return f'<aside class="admonition {kind}{classes}">\n{head}{body}\n</aside>'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("> [!NOTE]\n> ข้อความ", box("note", "หมายเหตุ", "<p>ข้อความ</p>")),
        ("> [!TIP]\n> ข้อความ", box("tip", "เคล็ดลับ", "<p>ข้อความ</p>")),
        ("> [!IMPORTANT]\n> ข้อความ", box("important", "สำคัญ", "<p>ข้อความ</p>")),
        ("> [!WARNING]\n> ข้อความ", box("warning", "คำเตือน", "<p>ข้อความ</p>")),
        ("> [!CAUTION]\n> ข้อความ", box("caution", "ข้อควรระวัง", "<p>ข้อความ</p>")),
        ("> [!note]\n>\n> ข้อความ\n> ต่อ", box("note", "หมายเหตุ", "<p>ข้อความต่อ</p>")),
        ('!!! note "ชื่อเอง"\n    ข้อความ', box("note", "ชื่อเอง", "<p>ข้อความ</p>")),
        ("!!! warning\n    ข้อความ", box("warning", "คำเตือน", "<p>ข้อความ</p>")),
        ('!!! danger ""\n    ข้อความ', box("danger", None, "<p>ข้อความ</p>")),
        ("!!! hint\n    ข้อความ", box("tip", "เคล็ดลับ", "<p>ข้อความ</p>")),
        ("!!! note inline end\n    ข้อความ", box("note", "หมายเหตุ", "<p>ข้อความ</p>", " inline end")),
        ("!!! custom\n    ข้อความ", box("custom", "Custom", "<p>ข้อความ</p>")),
        ('??? tip "พับได้"\n    ข้อความ', box("tip", "พับได้", "<p>ข้อความ</p>")),
        ("???+ example\n    ข้อความ", box("example", "ตัวอย่าง", "<p>ข้อความ</p>")),
        ("> อ้างอิงธรรมดา [!NOTE]", "<blockquote>\n<p>อ้างอิงธรรมดา [!NOTE]</p>\n</blockquote>"),
    ],
)
def test_alerts_and_admonitions_are_titled_boxes(source: str, expected: str) -> None:
    assert html_of(source) == expected


def test_an_alert_ends_where_commonmark_ends_it() -> None:
    """powerbi-visuals-th's funnel chart article: an alert, two empty '>' lines, a heading."""
    source = "1. ขั้นแรก\n\n    > [!NOTE]\n    > ดูวิดีโอ\n    > \n    > \n2. ขั้นสอง\n"
    assert html_of(source) == (
        "<ol>\n<li>\n<p>ขั้นแรก</p>\n" + box("note", "หมายเหตุ", "<p>ดูวิดีโอ</p>") + "\n</li>\n"
        "<li>\n<p>ขั้นสอง</p>\n</li>\n</ol>"
    )
    assert (
        html_of("> [!TIP]\n> ดู\n## หัวข้อ\n")
        == box("tip", "เคล็ดลับ", "<p>ดู</p>") + '\n<h2 id="c1-หัวข้อ">หัวข้อ</h2>'
    )
    assert html_of("> อ้าง\nต่อ\n") == "<blockquote>\n<p>อ้างต่อ</p>\n</blockquote>"  # lazy: kept


def test_the_book_names_its_own_titles(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("callouts:\n  note: บันทึก\n  warning: ''\n", encoding="utf-8")
    titles = load_config(tmp_path).callouts
    assert html_of("> [!NOTE]\n> ก", titles) == box("note", "บันทึก", "<p>ก</p>")
    assert html_of("!!! warning\n    ก", titles) == box("warning", None, "<p>ก</p>")
    assert html_of('!!! note "ชื่อ"\n    ก', titles) == box("note", "ชื่อ", "<p>ก</p>")


def test_an_unknown_kind_in_book_yaml_is_an_error_at_its_key(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("callouts:\n  notes: บันทึก\n  tip: 3\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    assert (
        str(caught.value)
        == f"{tmp_path}/book.yaml:2:3: unknown setting 'callouts.notes' (did you mean 'note'?)"
    )


def test_task_list_items_begin_with_a_ballot_box_as_text() -> None:
    html = html_of("- [ ] ยังไม่ทำ\n- [x] เสร็จ\n- [X] เสร็จด้วย\n- ธรรมดา [ ] ไม่ใช่งาน\n")
    assert html == (
        '<ul class="task-list">\n'
        '<li class="task-list-item"><span class="task-box unchecked">☐</span> ยังไม่ทำ</li>\n'
        '<li class="task-list-item"><span class="task-box checked">☑</span> เสร็จ</li>\n'
        '<li class="task-list-item"><span class="task-box checked">☑</span> เสร็จด้วย</li>\n'
        "<li>ธรรมดา [ ] ไม่ใช่งาน</li>\n</ul>"
    )
    raw = html_of('<p><input type="checkbox" checked> ทำแล้ว <input type="text"></p>')
    assert raw == '<p><span class="task-box checked">☑</span> ทำแล้ว <input type="text"></p>'


CALLOUTS = Path(__file__).resolve().parents[1] / "books" / "callouts"


TITLES = ["หมายเหตุ", "เคล็ดลับ", "สำคัญ", "คำเตือน", "ข้อควรระวัง"]
TITLES += ["ชื่อที่ผู้เขียนตั้งเอง", "คำเตือน", "กล่องพับได้ พิมพ์แบบเปิด"]


# The bars' colours in the default layout (print.css.j2), box by box.
BARS = ["#0969da", "#1a7f37", "#8250df", "#bf8700", "#cf222e", "#0969da", "#bf8700", "#1a7f37"]


@pytest.fixture(scope="module")
def callout_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The callouts book as a user builds it, and its PDF/X-1a and PDF/UA-1 editions."""
    from thaibook.build.chapters import build_chapters
    from thaibook.build.pipeline import build

    root = tmp_path_factory.mktemp("callouts")
    shutil.copytree(CALLOUTS, root / "book")
    return {
        "default": build_chapters(root / "book", root / "default.pdf").output,
        "x-1a": build(root / "book", root / "x1a.pdf", {"pdf": "pdf/x-1a"}).output,
        "ua-1": build(root / "book", root / "ua1.pdf", {"pdf": "pdf/ua-1"}).output,
    }


def page_png(pdf: Path, page: int, *options: str) -> Image.Image:
    """One page as pdftoppm renders it at 60 dpi (``-gray``: as a grey printer prints it)."""
    out = pdf.with_name(f"{pdf.stem}-{page}")
    args = ["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile", *options]
    subprocess.run([*args, str(pdf), str(out)], check=True)
    return Image.open(f"{out}.png").convert("RGB")


def bars(image: Image.Image) -> list[tuple[int, int, int]]:
    """The colour of each box's bar, top to bottom: the runs of ink down the column just inside
    the first one that has several (the bars stand out at the text block's left edge)."""
    for x in range(image.width):
        if len(_runs(image, x)) >= 3:
            return [run[len(run) // 2] for run in _runs(image, x + 1)]
    return []


def _runs(image: Image.Image, x: int) -> list[list[tuple[int, int, int]]]:
    runs: list[list[tuple[int, int, int]]] = []
    inside = False
    for y in range(image.height):
        pixel = image.getpixel((x, y))
        ink = min(pixel) < 235
        if ink and not inside:
            runs.append([])
        if ink:
            runs[-1].append(pixel)
        inside = ink
    return runs


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.slow
def test_the_boxes_print_in_their_colours_and_in_grey(callout_pdfs: dict[str, Path]) -> None:
    colours = bars(page_png(callout_pdfs["default"], 1))
    assert len(colours) == len(BARS)
    for got, want in zip(colours, BARS, strict=True):
        assert max(abs(a - b) for a, b in zip(got, _rgb(want), strict=True)) < 24, (got, want)
    greys = bars(page_png(callout_pdfs["x-1a"], 1, "-gray"))
    assert len(greys) == len(BARS) and all(r == g == b < 200 for r, g, b in greys), greys


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["default", "x-1a", "ua-1"])
def test_each_box_has_its_title_and_no_alert_marker_is_printed(
    callout_pdfs: dict[str, Path], edition: str
) -> None:
    text = pdftotext(callout_pdfs[edition])
    lines = text.splitlines()
    assert [line for line in lines if line in TITLES] == [*TITLES, "หมายเหตุ", "คำเตือน"]  # chapter 2's
    assert "[!" not in text and "!!!" not in text and "???" not in text
    assert "☐ งานที่ยังไม่ได้ทำ" in lines and "☑ งานที่ทำเสร็จแล้ว" in lines


@pytest.mark.slow
def test_a_long_box_breaks_between_whole_lines(callout_pdfs: dict[str, Path]) -> None:
    """Every line of the box that runs over a page is inside the text block of its page, and the
    box's bar goes on at the top of the next page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextLine

    mm = 72 / 25.4
    pages = list(extract_pages(str(callout_pdfs["default"])))[1:]
    assert len(pages) == 2
    for page in pages:
        stack = list(page)
        while stack:
            item = stack.pop()
            if isinstance(item, LTTextLine) and item.get_text().strip() != "กล่องข้อความ":
                assert 20 * mm - 1 <= item.y0 and item.y1 <= page.height - 25 * mm + 1, item
            elif hasattr(item, "__iter__"):
                stack.extend(item)
    top = page_png(callout_pdfs["default"], 3)
    x = next(x for x in range(top.width) if _runs(top, x))  # the leftmost ink: the box's bar
    r, g, b = _runs(top, x + 1)[0][len(_runs(top, x + 1)[0]) // 2]
    assert b < 100 < g < r  # the warning's amber
    squeezed = "".join(pdftotext(callout_pdfs["default"]).split())
    assert squeezed.count("กล่องยาวเกินหนึ่งหน้า") == 14


@pytest.mark.slow
def test_boxes_are_asides_in_pdf_ua(callout_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(callout_pdfs["ua-1"]) as pdf:
        root = pdf.Root.StructTreeRoot
        assert root.RoleMap == pikepdf.Dictionary({"/Aside": pikepdf.Name.Div})
        found, todo = [], [root]
        while todo:
            element = todo.pop()
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            todo += [k for k in kids if isinstance(k, pikepdf.Dictionary)]
            if element.get("/S") == pikepdf.Name("/Aside"):
                found.append([str(k.get("/S")) for k in kids if isinstance(k, pikepdf.Dictionary)])
    # Chapter 2's two boxes too; WeasyPrint tags each page's part of the long one apart.
    assert [kids[0] for kids in found].count("/P") == len(TITLES) + 2
    assert len(found) == len(TITLES) + 3


def test_only_the_titles_of_the_kinds_the_chapters_use_need_a_face(tmp_path: Path) -> None:
    """A book without callouts needs no glyph of the Thai default titles (a Latin book's font check)."""
    from thaibook.fonts.chain import callout_titles
    from thaibook.sources.chapters import load_book

    (tmp_path / "01.md").write_text("# x\n\n> [!TIP]\n> a\n\n!!! hint\n    b\n\n[!INCLUDE[a](b.md)]\n")
    assert callout_titles(load_book(tmp_path)) == [(("callouts", "tip"), "เคล็ดลับ")]
    (tmp_path / "01.md").write_text("# x\n\n> a quote\n")
    assert callout_titles(load_book(tmp_path)) == []
