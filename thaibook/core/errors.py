"""Problems tied to a file and line: the errors every stage raises, and the warnings it reports.

An error stops the build. A warning is something the build repaired or can print as it is:
the stage calls ``warn`` and goes on; the build collects every warning of every stage
(``collecting``) and prints them as ``file:line:col: warning: message``. With ``--strict``
(or ``strict: true``) the build makes them all errors at its end, every one listed at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BuildError(Exception):
    """A problem in the book's input, reported as ``file:line:col: message``."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    column: int | None = None
    exit_code: int = 1

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return _where(self.path, self.line, self.column) + self.message

    def formatted(self) -> str:
        """The line printed for it: ``file:line:col: error: message`` (gcc's form, which editors read)."""
        return _where(self.path, self.line, self.column) + "error: " + self.message


class BuildErrors(Exception):  # noqa: N818 (a group of BuildError)
    """Several ``BuildError`` found at once (e.g. every bad key of a config)."""

    def __init__(self, errors: list[BuildError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    @property
    def exit_code(self) -> int:
        return max(e.exit_code for e in self.errors)

    def formatted(self) -> str:
        """One ``file:line:col: error: message`` line per error."""
        return "\n".join(e.formatted() for e in self.errors)


def raise_all(errors: list[BuildError]) -> None:
    """Raise nothing, the one error, or all of them together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BuildErrors(errors)


@dataclass(frozen=True)
class BuildWarning:
    """What the build repaired, or prints as it is, and the author may want to know.

    ``kind`` names the class of problem (``front-matter``, ``thai``, ``font``, ``code``,
    ``weasyprint``...): for counting, never for the message's meaning.
    """

    message: str
    path: Path | str | None = None
    line: int | None = None
    column: int | None = None
    kind: str = "build"

    def __str__(self) -> str:
        return _where(self.path, self.line, self.column) + self.message

    def formatted(self) -> str:
        """The line printed for it: ``file:line:col: warning: message``."""
        return _where(self.path, self.line, self.column) + "warning: " + self.message

    def error(self) -> BuildError:
        """The same problem as an error (``--strict``)."""
        return BuildError(self.message, self.path, self.line, self.column)


CACHE_KIND = "cache"  # about this machine's cache (an entry made again), not the book: never an error


_OPEN: ContextVar[list[BuildWarning] | None] = ContextVar("thaibook_warnings", default=None)
_LOGGED: set[BuildWarning] = set()  # the warnings logged outside any collection


def warn(
    message: str,
    path: Path | str | None = None,
    line: int | None = None,
    column: int | None = None,
    *,
    kind: str = "build",
) -> None:
    """Report a warning to the collection under way (logged when there is none)."""
    pass_on(BuildWarning(message, path, line, column, kind))


def pass_on(*warnings: BuildWarning) -> None:
    """Pass warnings (made here, or carried back from a worker or a cache) to the collection."""
    found = _OPEN.get()
    for w in warnings:
        if found is None:
            if w not in _LOGGED:  # once, as a collection would keep it
                _LOGGED.add(w)
                logging.getLogger("thaibook").warning("%s", w.formatted())
        elif w not in found:  # the same problem at the same place once
            found.append(w)


@contextmanager
def collecting() -> Iterator[list[BuildWarning]]:
    """Collect the warnings reported inside the block, in order, each once; at its end they
    go on to the enclosing collection too.

    A stage whose result is cached, or made in a worker process, collects its own warnings,
    keeps them with the result and passes them on wherever the result is used again.
    """
    found: list[BuildWarning] = []
    token = _OPEN.set(found)
    try:
        yield found
    finally:
        _OPEN.reset(token)
        if _OPEN.get() is not None:
            pass_on(*found)


def current_warnings() -> list[BuildWarning]:
    """The warnings collected so far by the innermost collection (a copy; none open: [])."""
    return list(_OPEN.get() or ())


def strict_errors(warnings: Iterable[BuildWarning]) -> None:
    """``--strict``: every warning about the book as an error, all raised at once."""
    raise_all([w.error() for w in warnings if w.kind != CACHE_KIND])


def note(
    message: str, path: Path | str | None = None, line: int | None = None, column: int | None = None
) -> str:
    """An informational line in gcc's form, ``file:line:col: note: message`` (what was done, not a problem)."""
    return _where(path, line, column) + "note: " + message


def _where(path: Path | str | None, line: int | None, column: int | None) -> str:
    """``file:line:col: `` (as much of it as is known), or nothing."""
    if path is None:
        return ""
    where = _display_path(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where + ": "


def _display_path(path: Path | str) -> str:
    """Show a path relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
