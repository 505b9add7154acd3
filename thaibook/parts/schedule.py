"""Typesetting the book's parts in the workers: placed in reading order, from the cache what is unchanged.

A part's pages depend on the parts before it only through its folios and its first
page's side (left or right): every part is laid out at once, placed as soon as the
page counts before it are known, and finished. The contents page, which prints the
chapters' page numbers, is laid out once early to count its pages, kept, and drawn
with the numbers written in, a few pages at a time as the chapters are placed
(contents.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from thaibook.core.store import Store
from thaibook.parts import contents as tocpieces
from thaibook.parts.checks import CheckedWorkers
from thaibook.parts.contents import Pieces, html_key, is_piece
from thaibook.parts.jobs import LaidOut, PartJob, PartResult, Placement
from thaibook.parts.placer import Placer
from thaibook.parts.plan import BookParts, contents_with_numbers, local_links
from thaibook.parts.reframe import FRAME, frame_job, reframable, reframed
from thaibook.parts.workers import Workers


@dataclass(frozen=True)
class CachedPart:
    """A typeset part as cached: its layout's counters, where it was placed, the result
    (the contents in the pieces it was drawn in; none for the contents laid out only)."""

    laid: LaidOut
    placement: Placement | None
    pieces: tuple[PartResult, ...] = ()


class _Typesetting:
    """One book's parts: what the cache holds, what to typeset, and the placements."""

    def __init__(self, parts: BookParts, store: Store | None) -> None:
        self.parts = parts
        self.store = store
        self.placer = Placer(parts.order, parts.resets)
        self.html = {k: local_links(v) for k, v in parts.html.items() if k != "contents"}
        if "contents" in parts.html:
            self.html = {"contents-probe": contents_with_numbers(parts.html["contents"], {}), **self.html}
        self.probe_waiting = False
        self.cached = {k: self._load(h) for k, h in self.html.items()}
        for key, entry in self.cached.items():
            if entry is not None:
                self.placer.laid[_laid_key(key)] = entry.laid
        self.results: dict[str, tuple[PartResult, ...]] = {}
        self.contents_decided = "contents" not in parts.html
        self.numbers: dict[str, int] = {}  # the page number of each anchor after the contents placed
        # The parts whose page numbers the contents prints: those before it too (a preface).
        self.numbered = set(parts.order) - {"contents", "cover"} if "contents" in parts.order else set()
        self.pieces: Pieces | None = None  # the contents kept laid out in a worker: drawn in pieces
        self.pieces_done: set[str] = set()
        self.jobs = [self._job(k) for k, entry in self.cached.items() if entry is None]
        self.typesetting = {job.key for job in self.jobs}
        self.ahead: set[str] = set()
        self.reframing: dict[str, tuple[PartResult, int]] = {}  # bodies for new frames, pages moved
        self.jobs += self.decide(self.placer.ready())

    def _load(self, html: str) -> CachedPart | None:
        return self.store.load("part", self._key(html), CachedPart) if self.store else None

    def _key(self, html: str) -> str:
        extras = self.parts.extras
        assert self.store is not None
        rule = extras.get("linebreak", (b"", ""))[1]  # its words are the book's words.txt, in the salt
        return self.store.key(html, repr(extras.get("print_config")), repr(extras.get("date")), rule)

    def _job(self, key: str) -> PartJob:
        job = self.parts.job(key, self.html[key])
        return replace(job, park=True) if key == "contents-probe" else job

    def decide(self, placed: list[tuple[str, Placement]]) -> list[Any]:
        """Answer parts being typeset; reuse cached parts placed as before, redo the others."""
        out: list[Any] = []
        for key, placement in placed:
            if key == "contents" and self.probe_waiting:  # the probe goes on, to be kept laid out
                self.probe_waiting = False
                out.append(("contents-probe", placement))
            entry = self.cached.get(key)
            reusable = entry is not None and entry.placement == placement and bool(entry.pieces)
            reframe = (
                entry is not None and not reusable and reframable(entry.placement, entry.pieces, placement)
            )
            if key in self.ahead and (reusable or reframe):  # typeset ahead for nothing: stop it
                self.typesetting.discard(key)
                out.append((key, None))
            if key in self.typesetting:
                out.append((key, placement))
            elif key != "contents" and entry is not None:
                if reusable:
                    self.results[key] = entry.pieces
                elif reframe:  # only its folios moved: new frames over the same bodies
                    moved = placement.first_index - entry.placement.first_index  # type: ignore[union-attr]
                    self.reframing[key] = (entry.pieces[0], moved)
                    out.append(frame_job(self.parts, key, self.html[key], entry.pieces[0], placement))
                else:
                    self.typesetting.add(key)
                    out.append(self._job(key))
            if key in self.numbered:
                self._note_numbers(key, placement)
        return out + self._contents()

    def _note_numbers(self, key: str, placement: Placement) -> None:
        """The page numbers of a placed part's anchors (the first part holding an anchor wins)."""
        for anchors, counter in zip(self.placer.laid[key].anchors, placement.counters, strict=True):
            for anchor in anchors:
                self.numbers.setdefault(anchor, counter)

    def spare(self) -> PartJob | None:
        """For an idle worker: the first cached part whose placement waits on a part being typeset.

        If an earlier part's page count changes, the part must be typeset again; it is
        started now rather than once that is known, and stopped if the cache was right.
        """
        for key in self.parts.order:
            if key in self.placer.placed or key in self.typesetting or self.cached.get(key) is None:
                continue
            self.typesetting.add(key)
            self.ahead.add(key)
            return self._job(key)
        return None

    def _contents(self) -> list[Any]:
        """The contents with its page numbers: in pieces as they are known when it is kept laid out,
        else once every chapter is placed, from the cache or to typeset."""
        if self.contents_decided or "contents" not in self.placer.placed:
            return []
        done = len(self.placer.placed) == len(self.parts.order)
        if done:
            self.contents_decided = True
            self.html["contents"] = contents_with_numbers(self.parts.html["contents"], self.numbers)
        if self.pieces is not None:
            return self._piece(done)
        if not done:
            return []
        entry = self._load(self.html["contents"])
        if entry is not None and entry.placement == self.placer.placed["contents"] and entry.pieces:
            self.results["contents"] = entry.pieces
            return []
        self.typesetting.add("contents")
        job = replace(self._job("contents"), numbers=self.numbers, placement=self.placer.placed["contents"])
        return [self._to_holder(job)]

    def _piece(self, done: bool) -> list[PartJob]:
        """The next run of contents pages whose numbers are all known, to draw in the kept layout."""
        assert self.pieces is not None
        self.pieces, pages = self.pieces.next(self.numbers.keys(), done, tocpieces.PIECE_PAGES)
        if pages is None:
            return []
        anchors = {anchor for page in self.pieces.targets[pages.start : pages.stop] for anchor in page}
        numbers = {anchor: self.numbers.get(anchor, 0) for anchor in anchors}
        job = self.parts.job(tocpieces.key(pages), "")  # drawn from the kept layout only
        job = replace(
            job, numbers=numbers, placement=self.placer.placed["contents"], pages=(pages.start, pages.stop)
        )
        return [self._to_holder(job)]

    def _to_holder(self, job: PartJob) -> PartJob:
        """The job sent to the worker that laid the probe out: it keeps it, and writes the numbers in."""
        return replace(job, parked=html_key(self.html["contents-probe"]), after="contents-probe")

    def on_laid(self, key: str, laid: LaidOut) -> list[Any]:
        """A worker laid out a part: place it and whatever can follow."""
        if key == "contents-probe":
            if laid.numbers:  # kept, its numbers can be written in: drawn in pieces
                self.pieces = Pieces(laid.numbers)
            laid = replace(laid, numbers=())  # the pages, as a contents typeset whole lays them out
            self.placer.laid["contents"] = laid
            self._save(key, CachedPart(laid, None))
            self.probe_waiting = True
            return self.decide(self.placer.ready())
        if key in self.placer.placed:
            if key not in self.typesetting:  # typeset ahead, and the cache held it as placed
                return [(key, None)]
            same = self.placer.laid.get(key) == laid
            return [(key, self.placer.placed[key] if same else None)]
        self.placer.laid[key] = laid
        return self.decide(self.placer.ready())

    def contents_again(self) -> list[PartJob]:
        """The contents typeset whole if a piece could not be drawn (its kept layout was not found)."""
        if self.pieces is None or "contents" in self.results or not self.contents_decided:
            return []
        self.pieces = None
        self.typesetting.add("contents")
        return [replace(self._job("contents"), placement=self.placer.placed["contents"])]

    def finished(self, key: str) -> str | None:
        """The part a job just finished completes; None for a piece of the contents with more to come."""
        if key.endswith(FRAME):
            return key.removesuffix(FRAME)
        if not is_piece(key):
            return key
        self.pieces_done.add(key)
        complete = self.pieces is not None and self.pieces.complete
        return "contents" if complete and self.pieces_done.issuperset(self.pieces.keys()) else None

    def save_results(self, results: dict[str, PartResult]) -> None:
        """Cache what was typeset (font files once, apart from the parts)."""
        made = {key: (result,) for key, result in results.items() if not is_piece(key)}
        for key in [key for key in made if key.endswith(FRAME)]:  # a new frame for a cached body
            body, moved = self.reframing.pop(key.removesuffix(FRAME))
            made[key.removesuffix(FRAME)] = (reframed(body, made.pop(key)[0], moved),)
        if self.pieces is not None and (pieces := self.pieces.gather(results)) is not None:
            made["contents"] = pieces
        for key, pieces in made.items():
            for result in pieces:
                self._save_fonts(result)
            light = tuple(replace(result, font_files={}) for result in pieces)
            self._save(key, CachedPart(self.placer.laid[_laid_key(key)], self.placer.placed[key], light))
        self.results.update(made)

    def _save_fonts(self, result: PartResult) -> None:
        if self.store:
            for sha, data in result.font_files.items():
                if self.store.load("font", sha, bytes) is None:
                    self.store.save("font", sha, data)

    def _save(self, key: str, entry: CachedPart) -> None:
        if self.store:
            self.store.save("part", self._key(self.html[key]), entry)


Progress = Callable[[int, int], None]


def _laid_key(key: str) -> str:
    return "contents" if key == "contents-probe" else key


def typeset_book(
    workers: Workers | CheckedWorkers,
    parts: BookParts,
    store: Store | None = None,
    progress: Progress | None = None,
) -> list[PartResult]:
    """Typeset every part that the cache does not hold as placed; the results in reading order."""
    state = _Typesetting(parts, store)
    fresh: set[str] = set()

    def done(key: str) -> None:
        if (part := state.finished(key)) is not None:
            fresh.add(part)
        if progress:
            progress(len(fresh | state.results.keys()), len(parts.order))

    if state.jobs:
        state.save_results(workers.run(state.jobs, state.on_laid, done, state.spare))
    if again := state.contents_again():
        state.save_results(workers.run(again, state.on_laid, done))
    missing = [k for k in parts.order if k not in state.results]
    if missing:
        raise RepaginateError(f"parts not typeset as placed: {', '.join(missing)}")
    return [result for key in parts.order for result in state.results[key]]


class RepaginateError(Exception):
    """The parts' placement turned out wrong; the caller falls back to a single pass."""
