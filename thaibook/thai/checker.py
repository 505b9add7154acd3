"""The content checker: Thai defects reported as ``file:line:col: message``, safe ones repaired."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from thaibook.core.book import Book
from thaibook.core.errors import BuildError, BuildWarning
from thaibook.core.files import read_text, write_atomic
from thaibook.core.settings import CONFIG_NAME
from thaibook.thai.rules import INVISIBLE, RULES, ZERO_WIDTH, scan

WORDS_NAME = "words.txt"


MAX_PASSES = 8


@dataclass(frozen=True)
class Finding:
    """One defect at a place in a file; ``repair`` is its safe replacement, if any."""

    path: Path
    line: int
    column: int
    message: str
    repair: str | None = None
    rule: str = ""  # the rule's name; "" for a character the fonts lack

    def __str__(self) -> str:
        return str(self.error())

    def error(self) -> BuildError:
        """The finding as a BuildError (exit code 1)."""
        return BuildError(self.message, self.path, self.line, self.column)

    def formatted(self) -> str:
        """``file:line:col: warning: message`` for a typing slip (the build prints it repaired, or
        as typed), ``error:`` for a character that no font draws."""
        if self.rule:
            return BuildWarning(self.message, self.path, self.line, self.column).formatted()
        return self.error().formatted()


def book_files(book: Book) -> list[Path]:
    """The files of a book that hold text: book.yaml, the chapters and the word list."""
    files = [book.root / CONFIG_NAME, *(c.path for c in book.texts), book.root / WORDS_NAME]
    return [p for p in files if p.is_file()]


def check_text(
    text: str, path: Path, charset: frozenset[int] | None = None, first_line: int = 1, rules: bool = True
) -> list[Finding]:
    """Every defect of a text, line by line, in reading order (``first_line``: the text's first
    line in its file; ``rules=False``: only the characters the fonts lack)."""
    if charset is not None and not uncovered(text, charset):
        charset = None  # every character is drawn: no need to look line by line
    # A line's start reads as one after "\n" and no pattern spans one: the lines to scan are
    # those where a rule matches in the whole text.
    dirty = _dirty_lines(text) if rules else set()
    if not dirty and charset is None:
        return []
    findings = []
    for index, line in enumerate(text.split("\n")):
        lineno = first_line + index
        for col, rule, m in scan(line) if index in dirty else ():
            fix = rule.repair(m) if rule.repair else None
            findings.append(Finding(path, lineno, col, rule.describe(m), fix, rule.name))
        if charset is not None:
            findings += _uncovered(line, path, lineno, charset)
    return sorted(findings, key=lambda f: (f.line, f.column))


def _dirty_lines(text: str) -> set[int]:
    """The 0-based indexes of the lines where some rule matches."""
    found = {m.start() for rule in RULES for m in rule.pattern.finditer(text)}
    if not found:
        return set()
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return {bisect.bisect_right(starts, at) - 1 for at in found}


def uncovered(text: str, charset: frozenset[int]) -> set[str]:
    """The characters of a text that the fonts cannot draw (invisible ones are not drawn)."""
    return {ch for ch in set(text) if ord(ch) not in charset and ch not in INVISIBLE and ch not in ZERO_WIDTH}


def _uncovered(line: str, path: Path, lineno: int, charset: frozenset[int]) -> list[Finding]:
    out = []
    for col, ch in enumerate(line, 1):
        if ord(ch) in charset or ch in INVISIBLE or ch in ZERO_WIDTH:
            continue
        name = unicodedata.name(ch, "unnamed character")
        msg = f"the book's fonts have no glyph for U+{ord(ch):04X} {name} ({ch!r})"
        out.append(Finding(path, lineno, col, msg))
    return out


def check_files(
    paths: list[Path], charset: frozenset[int] | None = None, rules: bool = True
) -> list[Finding]:
    """Every defect of several files (glyph coverage in Markdown and text files only)."""
    out = []
    for p in paths:
        covered = charset if p.suffix.lower() in (".md", ".txt") and p.name != WORDS_NAME else None
        if covered is not None or rules:
            out += check_text(read_text(p), p, covered, rules=rules)
    return out


def fix_text(text: str, path: Path) -> tuple[str, list[Finding]]:
    """The text with every safe repair made, and what was repaired (places as in the given text)."""
    if not any(rule.repair and rule.pattern.search(text) for rule in RULES):
        return text, []
    repaired: list[Finding] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        # A repair can make another (ำาา: the first pass leaves ำา); a few passes settle most lines.
        # A mark moved after a vowel moves one place a pass, so a run of marks can take as many
        # passes as it has marks (hypothesis found ten marks on no letter that eight left unsettled).
        for _ in range(max(MAX_PASSES, len(line))):
            before = line
            for rule in RULES:
                if rule.repair is not None:
                    line = rule.pattern.sub(lambda m, r=rule, n=i: _repair(m, r, n, path, repaired), line)
            if line == before:
                break
        lines[i] = line
    return "\n".join(lines), sorted(repaired, key=lambda f: (f.line, f.column))


def _repair(m, rule, index: int, path: Path, log: list[Finding]) -> str:
    fix = rule.repair(m)
    if fix is None:
        return m[0]
    log.append(Finding(path, index + 1, m.start() + 1, f"fixed: {rule.describe(m)}", fix, rule.name))
    return fix


def fix_files(paths: list[Path]) -> list[Finding]:
    """Repair the safe defects of files in place (atomically); what was changed."""
    changes = []
    for path in paths:
        text = read_text(path)
        new, done = fix_text(text, path)
        if new != text:
            write_atomic(path, new.encode("utf-8"))
            changes += done
    return changes
