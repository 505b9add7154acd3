"""Chapter-level builds (parallel, cached, incremental) give the single pass's PDF."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from conftest import parts_dir
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError
from thaibook.core.store import Store, checksum
from thaibook.fonts.faces import load_faces, prepare_faces
from thaibook.parts import contents as tocpieces
from thaibook.parts.contents import html_key
from thaibook.parts.jobs import COUNTER, LINK_SCHEME, LaidOut, PartJob, PartResult, Placement
from thaibook.parts.placer import Placer, place
from thaibook.parts.plan import book_parts, contents_with_numbers, local_links
from thaibook.parts.schedule import CachedPart
from thaibook.parts.typeset import typeset_part
from thaibook.parts.workers import Workers
from thaibook.render.sandbox import BASE_URL
from thaibook.sources.chapters import load_book
from thaibook.weasy.document import number_boxes
from thaibook.weasy.render import render

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # noqa: E402 (the benchmark's workload generator and edits)


def make_book(where: Path, chapters: int = 4) -> Path:
    """The benchmark's generated Thai book, small."""
    where.mkdir(parents=True, exist_ok=True)
    return bench.make_book(chapters, where)


def page_texts(pdf: Path) -> list[str]:
    count = len(pikepdf.open(pdf).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
            check=True, capture_output=True, text=True,
        ).stdout
        for i in range(1, count + 1)
    ]  # fmt: skip


def labels(pdf: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    return [doc.get_page_label(i) for i in range(len(doc))]


def outline(pdf: Path) -> list[tuple]:
    doc = pdfium.PdfDocument(str(pdf))
    items = []
    for item in doc.get_toc():
        dest = item.get_dest()
        items.append((item.level, item.get_title(), dest.get_index(), dest.get_view()))
    return items


def links(pdf: Path) -> list[tuple]:
    """Every link annotation: page, rectangle and where it leads (page, x, y)."""
    doc = pikepdf.open(pdf)
    names = doc.Root.Names.Dests.Names
    index = {page.objgen: i for i, page in enumerate(doc.pages)}
    dests = {
        str(names[i]): (index[names[i + 1][0].objgen], round(float(names[i + 1][2]), 3), round(float(names[i + 1][3]), 3))
        for i in range(0, len(names), 2)
    }  # fmt: skip
    found = []
    for i, page in enumerate(doc.pages):
        for annot in page.obj.get("/Annots", []):
            target = dests.get(str(annot.Dest)) if "/Dest" in annot else str(annot.get("/A"))
            found.append((i, [round(float(x), 2) for x in annot.Rect], target))
    return found


def pixels(pdf: Path) -> list[bytes]:
    doc = pdfium.PdfDocument(str(pdf))
    return [doc[i].render(scale=1.5).to_pil().tobytes() for i in range(len(doc))]


def assert_same_book(single: Path, chapters: Path) -> None:
    """Same text on every page, labels, bookmarks, links, metadata and pixels; size within 1.2x."""
    assert page_texts(chapters) == page_texts(single)
    assert labels(chapters) == labels(single)
    assert outline(chapters) == outline(single)
    assert links(chapters) == links(single)
    assert dict(pikepdf.open(chapters).docinfo) == dict(pikepdf.open(single).docinfo)
    assert pixels(chapters) == pixels(single)
    assert chapters.stat().st_size <= 1.2 * single.stat().st_size


def new_parts(book: Path, since: set[Path]) -> set[str]:
    return {p.name for p in parts_dir(book).glob("part-*.bin")} - {p.name for p in since}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_book(tmp_path_factory.mktemp("chapters"))


@pytest.mark.slow
def test_cold_and_incremental_builds_match_the_single_pass(book: Path, tmp_path: Path) -> None:
    cold = build_chapters(book, tmp_path / "cold.pdf")
    build(book, tmp_path / "single.pdf")
    assert not cold.warnings
    assert_same_book(tmp_path / "single.pdf", tmp_path / "cold.pdf")

    chapters = sorted(book.glob("ch*.md"))
    before = set(parts_dir(book).glob("part-*.bin"))
    bench.edit_same_pages(chapters[2])
    same = build_chapters(book, tmp_path / "edit.pdf")
    build(book, tmp_path / "edit-single.pdf")
    assert len(same.pages) == len(cold.pages)
    assert len(new_parts(book, before)) == 1  # only the edited chapter was typeset again
    assert_same_book(tmp_path / "edit-single.pdf", tmp_path / "edit.pdf")

    bench.edit_add_page(chapters[0])
    grown = build_chapters(book, tmp_path / "grown.pdf")
    build(book, tmp_path / "grown-single.pdf")
    assert len(grown.pages) > len(same.pages)
    assert_same_book(tmp_path / "grown-single.pdf", tmp_path / "grown.pdf")


def add_pages(chapter: Path, count: int) -> None:
    """End the chapter with ``count`` more pages (empty ones, each after a page break)."""
    breaks = '\n\n<div style="break-before: page"></div>\n' * count
    chapter.write_text(chapter.read_text(encoding="utf-8") + breaks, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("pages", "reframed"), [(2, ["chapter-2", "chapter-3"]), (1, [])])
def test_later_chapters_get_new_frames_when_only_their_folios_move(
    pages: int, reframed: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two more pages in chapter 1: the later chapters keep their bodies and get new frames (header,
    folio); one more page puts them on the other sides: typeset again. Either way the book is the
    single pass's, and byte for byte the cold build's of the same sources."""
    from thaibook.parts import reframe, schedule

    book = make_book(tmp_path / "b", chapters=3)
    build_chapters(book, tmp_path / "before.pdf")
    add_pages(sorted(book.glob("ch*.md"))[0], pages)
    made: list[str] = []
    monkeypatch.setattr(
        schedule, "frame_job", lambda parts, key, *a: made.append(key) or reframe.frame_job(parts, key, *a)
    )
    grown = build_chapters(book, tmp_path / "grown.pdf")
    assert sorted(made) == reframed
    assert len(grown.pages) == len(labels(tmp_path / "before.pdf")) + pages
    build(book, tmp_path / "single.pdf")
    assert_same_book(tmp_path / "single.pdf", tmp_path / "grown.pdf")
    monkeypatch.setenv("THAIBOOK_CACHE_DIR", str(tmp_path / "new-cache"))
    build_chapters(shutil.copytree(book, tmp_path / "cold"), tmp_path / "cold.pdf")
    assert (tmp_path / "cold.pdf").read_bytes() == (tmp_path / "grown.pdf").read_bytes()


@pytest.mark.slow
def test_a_corrupt_cache_entry_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", chapters=2)
    build_chapters(book, tmp_path / "first.pdf")
    entries = sorted(parts_dir(book).glob("*.bin"))
    for entry in entries:
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF
        entry.write_bytes(bytes(data))
    build_chapters(book, tmp_path / "second.pdf")
    assert page_texts(tmp_path / "second.pdf") == page_texts(tmp_path / "first.pdf")
    assert pixels(tmp_path / "second.pdf") == pixels(tmp_path / "first.pdf")
    for entry in parts_dir(book).glob("*.bin"):  # every entry rewritten whole
        raw = entry.read_bytes()
        assert checksum(raw[32:]) == raw[:32]


@pytest.mark.slow
def test_nothing_changed_means_no_typesetting_and_no_weasyprint(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", chapters=1)
    script = (
        "import sys; from thaibook.cli.main import main; code = main(sys.argv[1:]); "
        "print('weasyprint imported' if 'weasyprint' in sys.modules else 'weasyprint not imported'); sys.exit(code)"
    )
    cmd = [sys.executable, "-c", script, "--content", str(book), "--output", str(tmp_path / "b.pdf")]
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    assert first.stdout.startswith(f"wrote {tmp_path / 'b.pdf'} (")
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    assert again.stdout.splitlines() == [
        f"up to date: {tmp_path / 'b.pdf'} ({labels_count(tmp_path / 'b.pdf')} pages)",
        "weasyprint not imported",
    ]
    (tmp_path / "b.pdf").write_bytes(b"damaged")
    third = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    assert third.stdout.startswith("wrote ")


def labels_count(pdf: Path) -> int:
    return len(pikepdf.open(pdf).pages)


def test_parts_follow_the_previous_part() -> None:
    placed = place(LaidOut((1, 2, 3), (False, False, False)), False, 8, 3)
    assert (placed.counters, placed.left_first, placed.first_index) == ((9, 10, 11), True, 3)
    reset = place(LaidOut((9, 10), (True, False)), True, 40, 6)
    assert (reset.counters, reset.left_first) == ((9, 10), False)
    marker = place(LaidOut((1, 2, 3, 4), (False, False, True, False)), False, 3, 0)
    assert marker.counters == (4, 5, 3, 4)  # a page marker's folio stays as it is


def test_contents_numbers_are_written_in() -> None:
    html = '<style>a::after { content: target-counter(attr(href), page, decimal) }</style><a href="#c1">x</a>'
    assert contents_with_numbers(html, {"c1": 7}) == (
        "<style>a::after { content: counter(thaibook-target, decimal) }</style>"
        '<a style="counter-reset: thaibook-target 7" href="thaibook:c1">x</a>'
    )


def test_contents_numbers_go_into_the_kept_layout(book: Path) -> None:
    """The contents laid out once with every number 0 draws, numbers written in, as one typeset with them."""
    loaded = load_book(book)
    parts = book_parts(loaded, prepare_faces(load_faces(loaded.font_dir)), BASE_URL)
    anchors = re.findall(r'href="#([^"]*)"', parts.html["contents"])
    numbers = {anchor: 7 + 13 * i for i, anchor in enumerate(anchors)}  # one, two and three digits
    probe = contents_with_numbers(parts.html["contents"], {})
    final = contents_with_numbers(parts.html["contents"], numbers)
    where: list[Placement] = []

    def place_once(laid: LaidOut) -> Placement:
        where.append(Placement(laid.counters, False, 1))
        return where[-1]

    def no_second_layout(laid: LaidOut) -> Placement:
        raise AssertionError("the contents was laid out again")

    assert typeset_part(PartJob("contents-probe", probe, BASE_URL, park=True), place_once) is None
    job = PartJob("contents", final, BASE_URL, numbers=numbers, parked=html_key(probe), placement=where[0])
    kept = typeset_part(job, no_second_layout)
    again = typeset_part(PartJob("contents", final, BASE_URL), lambda laid: where[0])
    assert kept is not None and again is not None
    assert [i.text for i in kept.infos] == [i.text for i in again.infos]
    assert pdf_text(kept.pdf) == pdf_text(again.pdf)
    assert all(f" {n}" in pdf_text(kept.pdf) for n in numbers.values())
    assert pdf_pixels(kept.pdf) == pdf_pixels(again.pdf)


def test_a_number_that_could_move_text_is_not_written_in_place() -> None:
    """An inline number's width moves what follows it: that contents is laid out again instead."""
    entry = '<a href="thaibook:x" style="counter-reset: thaibook-target 0">title</a>'
    inline = render(f"<style>a::after {{ content: counter(thaibook-target) }}</style>{entry}", BASE_URL)
    fixed = "position: relative } a::after { position: absolute; left: 0; right: 0; text-align: right;"
    boxed = render(f"<style>a {{ {fixed} content: counter(thaibook-target) }}</style>{entry}", BASE_URL)
    assert number_boxes(inline, COUNTER, LINK_SCHEME) is None
    assert [(anchor, box.text) for anchor, box, _ in number_boxes(boxed, COUNTER, LINK_SCHEME) or []] == [
        ("x", "0")
    ]


def test_contents_pages_are_sent_once_their_numbers_are_known() -> None:
    pieces = tocpieces.Pieces((("a", "b"), ("c",), (), ("d",)))
    assert pieces.next({"a"}, False, 1) == (pieces, None)
    first, pages = pieces.next({"a", "b"}, False, 1)
    assert pages == range(0, 1) and not first.complete
    assert first.next({"a", "b", "c"}, False, 3) == (first, None)  # two pages ready: wait for a third
    second, pages = first.next({"a", "b", "c"}, False, 2)
    assert pages == range(1, 3)  # a page printing no number is ready at once
    last, pages = second.next({"a", "b", "c"}, True, 2)  # every part placed: "d" prints 0
    assert (
        pages == range(3, 4) and last.complete and last.keys() == ["contents@0", "contents@1", "contents@3"]
    )


def sectioned_book(where: Path) -> Path:
    """The benchmark's book with a section before every paragraph: a contents of several pages."""
    book = make_book(where, chapters=6)
    for n, chapter in enumerate(sorted(book.glob("ch*.md")), 1):
        blocks = chapter.read_text(encoding="utf-8").split("\n\n")
        for i, block in enumerate(blocks):
            if i > 1 and block and block[0] not in "#-|":
                blocks[i] = f"## หัวข้อย่อย {n}.{i}\n\n{block}"
        chapter.write_text("\n\n".join(blocks), encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def sectioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sectioned_book(tmp_path_factory.mktemp("sectioned"))


def contents_entries(book: Path, names: set[str] | None = None) -> list[tuple[PartResult, ...]]:
    """The pieces of each cached contents with its numbers written in (in these cache files, or all)."""
    store = Store(parts_dir(book), "")
    files = [p for p in parts_dir(book).glob("part-*.bin") if names is None or p.name in names]
    entries = [store.load("part", p.stem.removeprefix("part-"), CachedPart) for p in files]
    return [e.pieces for e in entries if e and e.pieces and e.pieces[0].infos[0].name == "contents"]


@pytest.mark.slow
def test_the_contents_is_drawn_in_pieces_as_the_chapters_are_placed(
    sectioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each contents page is drawn once the chapters it lists are placed; the book is the single pass's."""
    monkeypatch.setattr(tocpieces, "PIECE_PAGES", 1)
    book = Path(shutil.copytree(sectioned, tmp_path / "b"))
    cold = build_chapters(book, tmp_path / "cold.pdf")
    build(book, tmp_path / "single.pdf")
    assert not cold.warnings
    contents = [info.index for info in cold.pages if info.name == "contents"]
    assert len(contents) >= 3
    (pieces,) = contents_entries(book)
    assert len(pieces) > 1
    assert [i.text for p in pieces for i in p.infos] == [cold.pages[i].text for i in contents]
    assert_same_book(tmp_path / "single.pdf", tmp_path / "cold.pdf")
    leads = {target[0] for page, _, target in links(tmp_path / "cold.pdf") if page in contents}
    chapter_pages = {info.index for info in cold.pages if info.name not in ("contents", "cover")}
    assert len(leads) > 6 and leads <= chapter_pages  # every entry leads into the chapters

    before = set(parts_dir(book).glob("part-*.bin"))
    again = build_chapters(book, tmp_path / "again.pdf")
    assert not new_parts(book, before)  # the pieces came from the cache
    assert again.pages == cold.pages
    assert pixels(tmp_path / "again.pdf") == pixels(tmp_path / "cold.pdf")

    # Every later number changes; the contents' layout is cached, not kept: it is typeset whole.
    bench.edit_add_page(sorted(book.glob("ch*.md"))[0])
    build_chapters(book, tmp_path / "grown.pdf")
    assert [len(p) for p in contents_entries(book, new_parts(book, before))] == [1]  # not the single pass
    build(book, tmp_path / "grown-single.pdf")
    assert_same_book(tmp_path / "grown-single.pdf", tmp_path / "grown.pdf")


@pytest.mark.slow
def test_the_kept_contents_draws_any_run_of_pages_once(sectioned: Path) -> None:
    """Pieces of the kept contents, numbers written in, draw what the contents typeset whole draws."""
    loaded = load_book(sectioned)
    parts = book_parts(loaded, prepare_faces(load_faces(loaded.font_dir)), BASE_URL)
    anchors = re.findall(r'href="#([^"]*)"', parts.html["contents"])
    numbers = {anchor: 5 + 7 * i for i, anchor in enumerate(anchors)}
    probe = contents_with_numbers(parts.html["contents"], {})
    where: list[Placement] = []

    def place_once(laid: LaidOut) -> Placement:
        assert len(laid.numbers) == len(laid.counters) >= 3  # each page's numbers, reported
        assert [a for page in laid.numbers for a in page] == anchors
        where.append(Placement(laid.counters, True, 3))
        return where[-1]

    assert typeset_part(PartJob("contents-probe", probe, BASE_URL, park=True), place_once) is None
    pages = len(where[0].counters)

    def piece(start: int, end: int) -> PartResult | None:
        job = PartJob("piece", "", BASE_URL, numbers=numbers, parked=html_key(probe), placement=where[0])
        return typeset_part(replace(job, pages=(start, end)), lambda laid: None)

    last, first = piece(1, pages), piece(0, 1)  # in any order
    assert piece(0, 1) is None  # drawn already: the kept layout is gone
    whole = typeset_part(
        PartJob("contents", contents_with_numbers(parts.html["contents"], numbers), BASE_URL),
        lambda laid: where[0],
    )
    assert first is not None and last is not None and whole is not None
    assert [i.text for i in first.infos + last.infos] == [i.text for i in whole.infos]
    assert (first.counters, last.counters) == (whole.counters[:1], whole.counters[1:])
    assert pdf_text(first.pdf) + pdf_text(last.pdf) == pdf_text(whole.pdf)
    assert pdf_pixels(first.pdf) + pdf_pixels(last.pdf) == pdf_pixels(whole.pdf)
    assert [m for p in (first, last) for m in p.bookmarks] == list(whole.bookmarks)


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def pdf_pixels(data: bytes) -> list[bytes]:
    doc = pdfium.PdfDocument(data)
    return [doc[i].render(scale=1.5).to_pil().tobytes() for i in range(len(doc))]


@pytest.mark.slow
def test_the_single_pass_is_still_there(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", chapters=1)
    out = subprocess.run(
        [sys.executable, "build.py", "--single-pass", "--content", str(book), "--output", str(tmp_path / "s.pdf")],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert out.stdout.startswith(f"wrote {tmp_path / 's.pdf'} (")
    assert not parts_dir(book).exists()
    shutil.rmtree(book)


class Watcher:
    """``build.py watch`` running in its own process; its output read line by line."""

    def __init__(self, book: Path, pdf: Path) -> None:
        cmd = [sys.executable, "build.py", "watch", "--content", str(book), "--output", str(pdf)]
        # Started with SIGINT ignored, as a script's 'watch &' starts it: Ctrl+C must still stop it.
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, start: str, timeout: float = 60) -> str:
        """The next line starting with ``start`` (others are skipped)."""
        while True:
            line = self.lines.get(timeout=timeout)
            if line.startswith(start):
                return line


@pytest.mark.slow
def test_watch_rebuilds_on_save_and_keeps_the_last_good_pdf(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", chapters=2)
    pdf = tmp_path / "w.pdf"
    watcher = Watcher(book, pdf)
    try:
        assert watcher.next_line("wrote ").startswith(f"wrote {pdf} (")
        watcher.next_line("watching ")
        chapter = sorted(book.glob("ch*.md"))[1]
        good = chapter.read_text(encoding="utf-8")
        assert "สัมมนา" not in "".join(page_texts(pdf))
        bench.edit_same_pages(chapter)
        line = watcher.next_line("wrote ")
        assert "changed pages: " in line and "changed pages: none" not in line
        assert "สัมมนา" in "".join(page_texts(pdf))
        kept = pdf.read_bytes()

        chapter.write_text("---\ntitle: [oops\n---\n" + good, encoding="utf-8")
        error = watcher.next_line(f"{chapter}:2:")
        assert ": error: " in error and error.endswith("(kept the last good PDF)")
        assert pdf.read_bytes() == kept

        chapter.write_text(good, encoding="utf-8")
        assert watcher.next_line("wrote ").startswith(f"wrote {pdf} (")
        assert "สัมมนา" not in "".join(page_texts(pdf))
    finally:
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.proc.wait(30) == 0


@pytest.mark.slow
def test_edits_built_by_warm_workers_are_byte_for_byte_the_cold_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Watch mode's builds (one pool warmed, parts kept open and framed by the last joins) write the PDF
    a cold build of the same sources writes: a heading and a paragraph edited, then pages added
    (the next chapter only reframed: the same body under new frames)."""
    from thaibook.parts import join

    book = make_book(tmp_path / "b", chapters=2)
    first, second = sorted(book.glob("ch*.md"))
    pool = Workers(2)

    def same_as_cold(name: str) -> None:
        build_chapters(book, tmp_path / f"{name}.pdf", workers=pool)
        monkeypatch.setattr(join, "_OPEN", {})  # nothing opened by the warm builds
        build_chapters(shutil.copytree(book, tmp_path / f"cold-{name}"), tmp_path / f"cold-{name}.pdf")
        assert (tmp_path / f"cold-{name}.pdf").read_bytes() == (tmp_path / f"{name}.pdf").read_bytes()

    try:
        build_chapters(book, tmp_path / "start.pdf", workers=pool, warm=True)  # as watch mode starts
        first.write_text(
            first.read_text(encoding="utf-8").replace("\n## ", "\n## หัวข้อใหม่ ", 1), encoding="utf-8"
        )
        bench.edit_same_pages(second)
        same_as_cold("edited")
        assert "หัวข้อใหม่" in page_texts(tmp_path / "edited.pdf")[1]  # the contents too
        add_pages(first, 2)
        same_as_cold("grown")
        assert len(labels(tmp_path / "grown.pdf")) == len(labels(tmp_path / "edited.pdf")) + 2
    finally:
        pool.close()


def _no_warm_up(job: PartJob, chapter: tuple, sheets: tuple = ()) -> None:
    raise BuildError("the warm-up failed")


@pytest.mark.slow
def test_a_warm_up_that_fails_is_no_error(book_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    """Watch mode's warm-up is only that: a part that fails there fails when typeset for real."""
    from thaibook.build.chapters import warm_workers
    from thaibook.parts import typeset

    monkeypatch.setattr(typeset, "warm_part", _no_warm_up)  # the worker forked below has it too
    book = load_book(book_copy("small"))
    parts = book_parts(book, (), BASE_URL)
    pool = Workers(1)
    try:
        warm_workers(pool, book, parts)
        assert pool.map(len, [("ok",)]) == [2]  # the pool still works
    finally:
        pool.close()


def _sheets_parsed_by_contents(warm: tuple, probe: PartJob) -> tuple[int, int]:
    """In a worker: warm up as the server learns a book, then lay out the contents probe; how many
    style sheets were parsed before it and after."""
    from thaibook.parts.typeset import warm_part
    from thaibook.weasy import reuse

    warm_part(*warm)
    before = len(reuse._state.get("sheets", {}))
    typeset_part(probe, lambda laid: Placement(laid.counters, False))
    return before, len(reuse._state.get("sheets", {}))


@pytest.mark.slow
def test_the_warm_up_parses_the_contents_style_sheet_too(tmp_path: Path) -> None:
    """The contents is laid out with its numbers written in, on a style sheet of its own: the
    warm-up (the server's, watch mode's) parses it, so the contents probe parses nothing."""
    from thaibook.build.warm import warm_args

    book = load_book(make_book(tmp_path / "b", chapters=2))
    parts = book_parts(book, prepare_faces(load_faces(book.font_dir)), BASE_URL)
    warm = warm_args(book, parts)
    assert warm is not None and "contents" in parts.html
    probe = parts.job("contents-probe", contents_with_numbers(parts.html["contents"], {}))
    pool = Workers(2)
    try:
        with_sheet, without = pool.map(_sheets_parsed_by_contents, [(warm, probe), ((*warm[:2], ()), probe)])
    finally:
        pool.close()
    assert with_sheet[0] == 2 and with_sheet[1] == with_sheet[0]  # the chapter's sheet and the contents'
    assert without == (1, 2)  # without it, the probe parses its own


def test_page_markers_reset_folios_inside_a_part(book_copy, tmp_path: Path) -> None:
    book = book_copy("markers")
    build_chapters(book, tmp_path / "chapters.pdf")
    build(book, tmp_path / "single.pdf")
    assert_same_book(tmp_path / "single.pdf", tmp_path / "chapters.pdf")


@pytest.mark.slow
def test_layouts_needing_the_whole_book_are_typeset_in_one_pass(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", chapters=2)
    (book / "layouts").mkdir()
    css = (ROOT / "thaibook" / "data" / "layouts" / "print.css.j2").read_text(encoding="utf-8")
    css += "\n@page { @bottom-right { content: counter(page) ' / ' counter(pages); } }\n"
    (book / "layouts" / "print.css.j2").write_text(css, encoding="utf-8")
    build_chapters(book, tmp_path / "chapters.pdf")
    build(book, tmp_path / "single.pdf")
    assert not list(parts_dir(book).glob("part-*.bin"))
    texts = page_texts(tmp_path / "chapters.pdf")
    assert re.search(rf"\d+\s*/\s*{len(texts)}\b", texts[-1])  # the whole book's page count
    assert texts == page_texts(tmp_path / "single.pdf")


@pytest.mark.slow
def test_a_worker_lays_out_the_next_part_while_one_waits_for_its_place(book: Path) -> None:
    """One worker, chapters sent last first: each waits for the one before it, set aside, and
    the worker lays out the next meanwhile (holding at most one aside: the limit gives way
    when every part waits). The parts come out as typeset in reading order."""
    loaded = load_book(book)
    parts = book_parts(loaded, prepare_faces(load_faces(loaded.font_dir)), BASE_URL)
    keys = [key for key in parts.order if key.startswith("chapter-")]

    def typeset(order: list[str]) -> tuple[list[str], dict]:
        placer = Placer(tuple(keys), {key: parts.resets[key] for key in keys})
        laid_order: list[str] = []

        def on_laid(key: str, laid: LaidOut) -> list:
            laid_order.append(key)
            placer.laid[key] = laid
            return placer.ready()

        pool = Workers(1)
        pool.aside = 1
        try:
            return laid_order, pool.run(
                [parts.job(key, local_links(parts.html[key])) for key in order], on_laid
            )
        finally:
            pool.close()

    done: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: done.put(typeset(keys[::-1])), daemon=True).start()
    laid_order, backwards = done.get(timeout=120)  # a worker that waits for the placement never ends
    assert laid_order == keys[::-1]
    _, forwards = typeset(keys)
    for key in keys:
        assert pdf_text(backwards[key].pdf) == pdf_text(forwards[key].pdf)
        assert pdf_pixels(backwards[key].pdf) == pdf_pixels(forwards[key].pdf)
        assert backwards[key].counters == forwards[key].counters


def _unsendable() -> object:
    return threading.Lock()


def test_a_result_that_cannot_be_sent_is_an_error_and_the_pool_goes_on() -> None:
    pool = Workers(1)
    try:
        with pytest.raises(BuildError) as failed:
            pool.map(_unsendable, [()])
        assert str(failed.value) == "cannot send the result: TypeError: cannot pickle '_thread.lock' object"
        assert pool.map(len, [("abc",)]) == [3]
    finally:
        pool.close()
