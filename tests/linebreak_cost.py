"""What the line-break rule costs the typesetter: one chapter typeset alone, in this process.

Usage: PYTHONPATH=. python tests/linebreak_cost.py [BOOK] [--chapter 6] [--repeat 5] [--lines FILE]

BOOK defaults to the 10-chapter benchmark book (bench/run.py's, made in a temporary folder).

Prints, for the chapter's part of the book (as a worker gets it): its HTML's size and nowrap
spans, the text boxes and Pango layouts WeasyPrint makes for it, the line boxes, the CPU
seconds of its layout (best of ``--repeat``, after one warm-up render), of drawing it (the
layouts drawing makes again) and of converting its
Markdown, and of loading the dictionary (in this process, first). Run it under two trees
(PYTHONPATH=<tree>) to compare rules or versions; it uses no API newer than the nowrap spans.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def part_html(book_dir: Path, chapter: int) -> tuple[str, object, object]:
    """The chapter's part (HTML document), the book, and its sandbox."""
    from thaibook.fonts.chain import book_faces
    from thaibook.fonts.faces import prepare_faces
    from thaibook.parts.plan import book_parts
    from thaibook.render.sandbox import BASE_URL, sandbox_for
    from thaibook.sources.chapters import load_book

    book = load_book(book_dir)
    faces = prepare_faces(book_faces(book))
    parts = book_parts(book, faces, BASE_URL)
    return (
        parts.html[book.chapters[chapter - 1].anchor],
        book,
        sandbox_for(book, tuple(f.path for f in faces)),
    )


def measure(html: str, book: object, box: object, repeat: int) -> dict[str, float]:
    """Text boxes, Pango layouts, line boxes and the best CPU time of laying the part out."""
    from weasyprint.text import line_break

    from thaibook.render.sandbox import BASE_URL
    from thaibook.weasy.render import pdf_bytes, render

    try:  # the trees that give the rule to Pango (weasy/breaks.py)
        from thaibook.thai.breaks import typesetting_rule
        from thaibook.weasy import breaks

        rule = typesetting_rule(tuple(sorted(book.words)), book.config.linebreak)
    except ImportError:
        breaks = rule = None

    def fresh() -> None:
        """The rule's runs found anew, as a worker finds them for a part it has not seen."""
        if breaks:
            breaks.use(None)
            breaks.use(rule)

    made = [0]
    setup = line_break.Layout.setup

    def counted(self, style):  # noqa: ANN001, ANN202
        made[0] += 1
        return setup(self, style)

    line_break.Layout.setup = counted
    fresh()
    render(html, BASE_URL, box.fetcher())  # warm: fonts, style sheet, caches
    best = float("inf")
    for _ in range(repeat):
        made[0] = 0
        fresh()
        start = time.process_time()
        document = render(html, BASE_URL, box.fetcher())
        best = min(best, time.process_time() - start)
    laying = made[0]
    made[0], start = 0, time.process_time()
    pdf_bytes(document)
    drawn = {"draw cpu s": time.process_time() - start, "layouts drawing": made[0]}
    texts, lines = 0, []
    for page in document.pages:
        for box_ in page._page_box.descendants():
            texts += type(box_).__name__ == "TextBox"
            if type(box_).__name__ == "LineBox":
                lines.append("".join(b.text for b in box_.descendants() if type(b).__name__ == "TextBox"))
    counts = {"pages": len(document.pages), "text boxes": texts, "line boxes": len(lines), "layouts": laying}
    return counts | {"cpu s": best} | drawn | {"lines": [line.replace("\u200b", "") for line in lines]}


def _convert_seconds(book: object, chapter: int, repeat: int) -> float:
    """The best CPU time of converting the chapter's Markdown to HTML (the dictionary loaded)."""
    from thaibook.html.markdown import convert_chapter

    words = tuple(sorted(book.words))
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        convert_chapter(book.chapters[chapter - 1], words, book.config.footnotes, book.config.linebreak)
        best = min(best, time.process_time() - start)
    return best


def _bench_book() -> Path:
    """The benchmark's 10-chapter book, made as bench/run.py makes it."""
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).parents[1] / "bench" / "run.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.make_book(10, Path(tempfile.mkdtemp(prefix="linebreak-cost-")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("book", type=Path, nargs="?")
    parser.add_argument("--chapter", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", type=Path, help="write the laid-out lines' text here, one a line")
    args = parser.parse_args()
    start = time.process_time()
    from thaibook.thai.dictionary import known, segment

    segment("ก"), known()
    loaded = time.process_time() - start
    html, book, box = part_html(args.book or _bench_book(), args.chapter)
    convert = _convert_seconds(book, args.chapter, args.repeat)
    figures = {"html KB": len(html.encode()) / 1024, "nowrap spans": html.count('class="nobr"')}
    figures |= measure(html, book, box, args.repeat)
    figures |= {"convert cpu s": convert, "dictionary load cpu s": loaded}
    lines = figures.pop("lines")
    if args.lines:
        args.lines.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, value in figures.items():
        print(f"{name:>14}: {value:.3f}" if isinstance(value, float) else f"{name:>14}: {value}")


if __name__ == "__main__":
    main()
