"""The build's checks, remembered: a rebuild checks again only the texts and parts that changed.

A check that passed is kept in the cache under a hash of what it read (a file's text,
the fonts' characters, a part's HTML). One that fails is never kept: the full check
then runs, so every error reads exactly as the single pass reports it.
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from thaibook.core.book import Book, FontFace
from thaibook.core.store import Store
from thaibook.fonts.chain import charset
from thaibook.fonts.coverage import check_book, config_texts
from thaibook.html.references import References, check_collected, collect_references
from thaibook.thai.rules import INVISIBLE

if TYPE_CHECKING:
    from thaibook.parts.jobs import LaidOut, PartJob, PartResult
    from thaibook.parts.workers import Answer, Workers


MAX_PASSED = 4096  # remembered passes; past this the list starts again


def check_book_once(book: Book, faces: tuple[FontFace, ...], store: Store) -> None:
    """check_book, skipping the chapters and settings that passed it before with the same fonts."""
    drawn = charset(faces)
    units = _units(book, drawn, _charset_key(drawn), store)
    key = store.key("checked")
    passed = store.load("checked", key, frozenset) or frozenset()
    todo = [(unit, check) for unit, check in units if unit not in passed]
    failed = [unit for unit, check in todo if not check()]
    if failed:
        check_book(book, faces)  # every error, in the single pass's order
    if todo:
        kept = passed if len(passed) < MAX_PASSED else frozenset()
        store.save("checked", key, kept | {unit for unit, _ in todo if unit not in failed})


def check_references_once(book: Book, documents: list[str], need_alt: bool, store: Store) -> None:
    """check_references over the parts' HTML, each part's links and images collected once."""
    found = []
    for html in documents:
        key = store.key(html)
        refs = store.load("refs", key, References)
        if refs is None:
            refs = collect_references(html)
            store.save("refs", key, refs)
        found.append(refs)
    check_collected(book, found, need_alt)


def _units(
    book: Book, charset: frozenset[int], fonts: str, store: Store
) -> list[tuple[str, Callable[[], bool]]]:
    """What check_book checks, in pieces: each a key and a check that tells whether it passed."""
    units: list[tuple[str, Callable[[], bool]]] = []
    texts = config_texts(book)
    units.append((store.key("config", fonts, repr(texts)), lambda: _covered([v for _, v in texts], charset)))
    for ch in book.texts:
        key = store.key("chapter", fonts, str(ch.path), ch.meta.title, ch.body, str(ch.body_line))
        units.append((key, lambda ch=ch: _covered([ch.meta.title, ch.body], charset)))
    return units


def _covered(texts: list[str], charset: frozenset[int]) -> bool:
    """Whether check_coverage passes every text (INVISIBLE holds the zero-width characters too)."""
    return not any(ord(ch) not in charset and ch not in INVISIBLE for text in texts for ch in set(text))


@lru_cache(maxsize=8)
def _charset_key(charset: frozenset[int]) -> str:
    return hashlib.sha256(repr(sorted(charset)).encode()).hexdigest()


class CheckedWorkers:
    """The worker pool as typeset_book drives it, with ``check`` running beside the typesetting."""

    def __init__(self, pool: Workers, check: Callable[[], None]) -> None:
        self.pool = pool
        self.error: BaseException | None = None
        # Run in a copy of this context: the warnings it reports reach the build's collection.
        run = contextvars.copy_context().run
        self.thread = threading.Thread(target=run, args=(self._check, check), name="side-check", daemon=True)

    def _check(self, check: Callable[[], None]) -> None:
        try:
            check()
        except BaseException as exc:  # noqa: BLE001 (raised again in the building thread)
            self.error = exc

    def _start(self) -> None:
        """Start the check once the first parts are sent: it would slow their sending (the GIL)."""
        if self.thread.ident is None:
            self.thread.start()

    def result(self) -> None:
        """Wait for the check; raise its error if it failed."""
        self._start()
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _failed(self) -> bool:
        self._start()
        return not self.thread.is_alive() and self.error is not None

    def _passed(self) -> bool:
        return self.thread.ident is not None and not self.thread.is_alive() and self.error is None

    def run(
        self,
        jobs: list[PartJob],
        on_laid: Callable[[str, LaidOut], list[Answer]],
        on_done: Callable[[str], None] | None = None,
        spare: Callable[[], PartJob | None] | None = None,
    ) -> dict[str, PartResult]:
        """Workers.run, the jobs held back until the check passes; its error raised once the workers stop."""
        held = list(jobs[len(self.pool.conns) :])
        unplaced: set[str] = set()  # laid out, not yet answered: each must be told to stop

        def laid(key: str, layout: LaidOut) -> list[Any]:
            unplaced.add(key)
            if self._failed():
                stops = [(k, None) for k in sorted(unplaced)]
                unplaced.clear()
                return stops
            answers = on_laid(key, layout)
            unplaced.difference_update(a[0] for a in answers if isinstance(a, tuple))
            if held and self._passed():  # the pool's queue as it would have been: held jobs first
                answers = [*held, *answers]
                held.clear()
            elif held:  # one queued per part laid out: the pool never ends with jobs held back
                answers = [held.pop(0), *answers]
            return answers

        def more() -> PartJob | None:
            if self._failed():
                return None
            if held:
                return held.pop(0)
            return spare() if spare else None

        def done(key: str) -> None:
            self._start()
            if on_done:
                on_done(key)

        results = self.pool.run(jobs[: len(self.pool.conns)], laid, done, more)
        self.result()
        return results
