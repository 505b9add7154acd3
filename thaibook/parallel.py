"""Chapter-level builds: cover, contents and each chapter typeset apart in worker processes, then joined.

A part's pages depend on the parts before it only through its folios and its first
page's side (left or right): every part is laid out at once, placed as soon as the
page counts before it are known, and finished. The contents page, which prints the
chapters' page numbers, is laid out once early to count its pages and typeset again
at the end with the numbers written in.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .content import Book, load_book
from .fontprep import font_cache_dir, prepare_faces
from .fonts import FontFace, load_faces
from .join import LINK_SCHEME, join_parts
from .layout import make_env, plan_parts, render_document
from .markdown import chapter_to_html
from .partrender import LaidOut, PartResult, Placement
from .pdf import collect_warnings, finish_pdf, write_atomic
from .pipeline import BuildResult, check_book, default_output
from .workers import PartJob, Workers

TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(href\)\s*,\s*page\b")
HREF = re.compile(r'<a\b([^>]*?)\bhref="#([^"]*)"')
ID = re.compile(r'\bid="([^"]*)"')


@dataclass(frozen=True)
class BookParts:
    """The book's parts in reading order: keys, own counter resets, HTML documents."""

    order: tuple[str, ...]
    resets: dict[str, int | None]
    html: dict[str, str]
    base_url: str


def book_parts(book: Book, faces: tuple[FontFace, ...]) -> BookParts:
    """Each part of the book as an HTML document of its own (contents without numbers yet)."""
    chapters = [chapter_to_html(ch) for ch in book.chapters]
    env = make_env(book.layout_dirs)
    cover, contents, parts = plan_parts(book)
    keyed: list[tuple[str, str | int, int | None]] = []
    if cover:
        keyed.append(("cover", "cover", cover.reset))
    if contents:
        keyed.append(("contents", "contents", contents.reset))
    keyed += [(f"chapter-{ch.index}", ch.index, p.reset) for ch, p in zip(book.chapters, parts, strict=True)]
    html = {key: render_document(book, chapters, faces, env, only=only) for key, only, _ in keyed}
    base_url = str(book.root.resolve()) + "/"
    return BookParts(tuple(k for k, _, _ in keyed), {k: r for k, _, r in keyed}, html, base_url)


def local_links(html: str) -> str:
    """Links to anchors outside this document point to thaibook:<anchor> (fixed up when joined)."""
    ids = set(ID.findall(html))
    return HREF.sub(lambda m: m.group(0) if m.group(2) in ids else _external(m), html)


def _external(m: re.Match[str]) -> str:
    return f'<a{m.group(1)}href="{LINK_SCHEME}{m.group(2)}"'


def contents_with_numbers(html: str, numbers: dict[str, int]) -> str:
    """The contents with each entry's page number written in instead of looked up."""
    html = TARGET_COUNTER.sub("counter(thaibook-target", html)

    def number(m: re.Match[str]) -> str:
        value = numbers.get(m.group(2), 0)
        return (
            f'<a{m.group(1)}style="counter-reset: thaibook-target {value}" href="{LINK_SCHEME}{m.group(2)}"'
        )

    return HREF.sub(number, html)


@dataclass
class Placer:
    """Places laid-out parts in reading order: folio counters and first side."""

    order: tuple[str, ...]
    resets: dict[str, int | None]
    laid: dict[str, tuple[int, ...]] = field(default_factory=dict)
    placed: dict[str, Placement] = field(default_factory=dict)

    def ready(self) -> list[tuple[str, Placement]]:
        """Every part that can now be placed, in order."""
        index, last = 0, 0
        done = []
        for key in self.order:
            if key not in self.placed:
                if key not in self.laid:
                    break
                self.placed[key] = place(self.laid[key], self.resets[key] is not None, last, index)
                done.append((key, self.placed[key]))
            counters = self.placed[key].counters
            index, last = index + len(counters), counters[-1]
        return done


def place(counters: tuple[int, ...], resets: bool, last: int, index: int) -> Placement:
    """Shift a part's page counters to follow the previous part, up to its first own reset."""
    jump = next((i for i in range(1, len(counters)) if counters[i] != counters[i - 1] + 1), len(counters))
    delta = 0 if resets else last + 1 - counters[0]
    shifted = tuple(c + delta if i < jump else c for i, c in enumerate(counters))
    return Placement(shifted, index % 2 == 1)


def typeset_book(workers: Workers, parts: BookParts) -> list[PartResult]:
    """Typeset every part in the pool; the results in reading order."""
    placer = Placer(parts.order, parts.resets)
    jobs = [PartJob(k, local_links(parts.html[k]), parts.base_url) for k in parts.order if k != "contents"]
    if "contents" in parts.html:
        probe = contents_with_numbers(parts.html["contents"], {})
        jobs.insert(0, PartJob("contents-probe", probe, parts.base_url))

    def on_laid(key: str, laid: LaidOut) -> list[tuple[str, Placement | None]]:
        if key == "contents-probe":
            placer.laid["contents"] = laid.counters
            return [(key, None), *placer.ready()]
        if key == "contents":
            if len(laid.counters) != len(placer.placed[key].counters):
                return [(key, None)]
            return [(key, placer.placed[key])]
        placer.laid[key] = laid.counters
        return placer.ready()

    results = workers.run(jobs, on_laid)
    if "contents" in parts.html:
        numbers: dict[str, int] = {}
        for key in parts.order[parts.order.index("contents") + 1 :]:
            for info, counter in zip(results[key].infos, results[key].counters, strict=True):
                for anchor in info.anchors:
                    numbers.setdefault(anchor, counter)
        html = contents_with_numbers(parts.html["contents"], numbers)
        results.update(workers.run([PartJob("contents", html, parts.base_url)], on_laid))
        if "contents" not in results:
            raise RepaginateError("the contents changed its page count once numbered")
    return [results[key] for key in parts.order]


class RepaginateError(Exception):
    """The parts' placement turned out wrong; the caller falls back to a single pass."""


def build_parallel(book_dir: Path, output: Path | None = None, jobs: int = 2) -> BuildResult:
    """Build the book chapter by chapter in ``jobs`` worker processes."""
    start = time.perf_counter()
    workers = Workers(jobs)  # started first: they import WeasyPrint while the HTML is made
    try:
        book = load_book(book_dir)
        faces = load_faces(book.font_dir)
        check_book(book, faces)
        parts = book_parts(book, prepare_faces(faces, font_cache_dir(book)))
        results = typeset_book(workers, parts)
    finally:
        workers.close()
    files = {sha: data for r in results for sha, data in r.font_files.items()}
    joined, infos = join_parts(results, files)
    with collect_warnings() as warnings:
        data = finish_pdf(joined, infos, book.config.lang, faces)
    target = output or default_output(book)
    write_atomic(target, data)
    notes = tuple(w for r in results for w in r.warnings) + tuple(warnings)
    return BuildResult(target, tuple(infos), notes, time.perf_counter() - start)
