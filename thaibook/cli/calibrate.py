"""Calibrate font size, measure and indent against the original's printed line ends.

Run ``PYTHONPATH=. python -m thaibook.cli.calibrate [--content content] [--jobs 2]``.
It typesets the book's reference pages (book.yaml ``reference``) over a grid of
font sizes, text widths (A4 less the inside margin and a varied outside margin)
and paragraph indents, and prints the settings whose lines end where the
original's do most often. Line height moves no line end, so it is not searched.
"""

from __future__ import annotations

import argparse
import itertools
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from thaibook.core.book import Book
from thaibook.fonts.chain import book_faces
from thaibook.html.layout import make_env, render_document
from thaibook.pages.agreement import line_agreements
from thaibook.pages.pagination import paginate
from thaibook.sources.chapters import load_book
from thaibook.thai.breaks import typesetting_rule
from thaibook.weasy.breaks import using
from thaibook.weasy.document import page_infos
from thaibook.weasy.render import collect_warnings, render

PAPER_WIDTH = {"A4": 210.0, "A5": 148.0, "B5": 176.0, "letter": 215.9}


@dataclass(frozen=True)
class Trial:
    """One point of the grid and the line ends it matched."""

    size: float
    width: float
    indent: float
    agree: int = 0
    lines: int = 0
    wrapped_agree: int = 0
    wrapped: int = 0


def variant(book: Book, size: float, width: float, indent: float) -> Book:
    """The book with other font size, text width (via the outside margin) and indent."""
    c = book.config
    inside = float(c.page.inside.removesuffix("mm"))
    outside = PAPER_WIDTH.get(c.page.size, 210.0) - inside - width
    page = replace(c.page, outside=f"{outside:g}mm")
    font = replace(c.font, size=f"{size:g}pt", paragraph_indent=f"{indent:g}mm")
    return replace(book, config=replace(c, page=page, font=font, cover=False, contents=False))


def score(content: Path, trial: Trial) -> Trial:
    """Typeset the variant and count the reference pages' line ends that agree."""
    from thaibook.html.markdown import convert_chapters

    book = variant(load_book(content), trial.size, trial.width, trial.indent)
    faces = book_faces(book)
    html = render_document(book, convert_chapters(book), faces, make_env(book.layout_dirs))
    rule = typesetting_rule(tuple(sorted(book.words)), book.config.linebreak)
    with collect_warnings(), using(rule):
        infos = page_infos(render(html, base_url=str(book.root.resolve()) + "/"))
    found = line_agreements(book, paginate(book, infos, {}))
    return replace(
        trial,
        agree=sum(a["agree"] for a in found),
        lines=sum(a["lines"] for a in found),
        wrapped_agree=sum(a["wrapped_agree"] for a in found),
        wrapped=sum(a["wrapped_lines"] for a in found),
    )


def search(content: Path, trials: list[Trial], jobs: int) -> list[Trial]:
    """Score every trial, best first (ties: the middle of the widths that score best)."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        done = list(pool.map(score, itertools.repeat(content), trials))
    return sorted(done, key=lambda t: -t.agree)


def frange(start: float, stop: float, step: float) -> list[float]:
    """Evenly spaced values from start to stop inclusive."""
    count = int(round((stop - start) / step))
    return [round(start + i * step, 3) for i in range(count + 1)]


def main(argv: list[str] | None = None) -> int:
    """Coarse size x width, fine size x width near the best, then indent; print the tables."""
    parser = argparse.ArgumentParser(prog="python -m thaibook.cli.calibrate", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    book = load_book(args.content)
    indent = float(book.config.font.paragraph_indent.removesuffix("mm"))
    coarse = [Trial(s, w, indent) for s in frange(10.5, 11.5, 0.25) for w in frange(140, 180, 1.0)]
    ranked = search(args.content, coarse, args.jobs)
    best = ranked[0]
    _table("pass 1: size x width, coarse", ranked[:8])
    ratio = best.width / best.size
    fine = [
        Trial(s, round(w, 2), indent)
        for s in frange(best.size - 0.25, best.size + 0.25, 0.05)
        for w in frange(ratio * s - 3, ratio * s + 3, 0.2)
    ]
    ranked = search(args.content, fine, args.jobs)
    size, width = _steadiest(ranked)
    _table("pass 2: size x width, fine", ranked[:8])
    third = [Trial(size, w, i) for w in frange(width - 1, width + 1, 0.2) for i in frange(8, 20, 0.5)]
    ranked = search(args.content, third, args.jobs)
    _table("pass 3: indent x width", ranked[:8])
    top = ranked[0]
    print(f"\nbest: font.size {top.size:g}pt, text width {top.width:g}mm, paragraph_indent {top.indent:g}mm: "
          f"{top.agree}/{top.lines} line ends ({100 * top.agree / max(top.lines, 1):.1f}%), "
          f"wrapped lines {top.wrapped_agree}/{top.wrapped}; plateau at {size:g}pt: width {width:g}mm")  # fmt: skip
    return 0


def _steadiest(trials: list[Trial]) -> tuple[float, float]:
    """The size whose best score holds over the widest run of widths, and that run's middle."""
    top = max(t.agree for t in trials)
    best: tuple[int, float, float] = (0, 0.0, 0.0)
    for size in sorted({t.size for t in trials}):
        row = sorted((t for t in trials if t.size == size), key=lambda t: t.width)
        run: list[float] = []
        for t in row + [Trial(size, 0, 0)]:
            if t.agree == top:
                run.append(t.width)
                continue
            if len(run) > best[0]:
                best = (len(run), size, run[len(run) // 2])
            run = []
    return best[1], best[2]


def _table(title: str, trials: list[Trial]) -> None:
    print(f"\n{title}\n| size pt | width mm | indent mm | line ends | % | wrapped lines |")
    print("|---|---|---|---|---|---|")
    for t in trials:
        pct = 100 * t.agree / max(t.lines, 1)
        print(f"| {t.size:g} | {t.width:g} | {t.indent:g} | {t.agree}/{t.lines} | {pct:.1f} | "
              f"{t.wrapped_agree}/{t.wrapped} |")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
