"""The one error type every stage raises: a message tied to a file and line."""

from __future__ import annotations

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
        where = ""
        if self.path is not None:
            where = _display_path(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


class BuildErrors(Exception):  # noqa: N818 (a group of BuildError)
    """Several ``BuildError`` found at once (e.g. every bad key of a config)."""

    def __init__(self, errors: list[BuildError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    @property
    def exit_code(self) -> int:
        return max(e.exit_code for e in self.errors)


def raise_all(errors: list[BuildError]) -> None:
    """Raise nothing, the one error, or all of them together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BuildErrors(errors)


def _display_path(path: Path | str) -> str:
    """Show a path relative to the working directory when it is below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
