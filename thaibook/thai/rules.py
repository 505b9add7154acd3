"""Thai text rules: character classes, soft line breaks, digits, the checker's defect patterns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

THAI = "\u0e00-\u0e7f"


# A line end between two Thai characters is a wrap, not a space: Thai writes
# no space between words, and a space there would print as a phrase break.
THAI_SOFT_BREAK = re.compile(rf"(?<=[{THAI}])[ \t]*\n[ \t]*(?=[{THAI}])")


THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def is_thai(ch: str) -> bool:
    """Whether a character is in the Thai block."""
    return "\u0e00" <= ch <= "\u0e7f"


def join_soft_breaks(text: str) -> str:
    """Remove line ends that fall between two Thai characters."""
    return THAI_SOFT_BREAK.sub("", text)


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits."""
    return text.translate(THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Thai digits to Arabic digits."""
    return text.translate(ARABIC_DIGITS)


# Character classes of the content checker's rules.
CONSONANTS = "\u0e01-\u0e2e"


TONES = "\u0e48-\u0e4b"


UPPER_VOWELS = "\u0e31\u0e34-\u0e37\u0e47"


LOWER_VOWELS = "\u0e38-\u0e3a"


MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"


NIKHAHIT = "\u0e4d"


DIGITS = "0-9\u0e50-\u0e59"


DEGREE = "\u00b0"


SARA_AM = "\u0e33"


DOTTED_CIRCLE = "\u25cc"


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


# Joiners mean nothing between Thai letters (U+200B and U+2060 are break hints, honoured).
STRAY_ZERO_WIDTH = f"(?<=[{THAI}])[\u200c\u200d]|[\u200c\u200d](?=[{THAI}])|\ufeff"


@dataclass(frozen=True)
class Rule:
    """One kind of defect: a pattern, how to describe a match, and how to repair it if that is safe."""

    name: str
    pattern: re.Pattern[str]
    describe: Callable[[re.Match[str]], str]
    repair: Callable[[re.Match[str]], str | None] | None = None


def shown(text: str) -> str:
    """Thai marks quoted with a dotted circle so that they can be seen on their own."""
    out = "".join(DOTTED_CIRCLE + c if re.match(f"[{MARKS}]", c) else c for c in text)
    return f"'{out}'"


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _decomposed(m: re.Match[str]) -> str | None:
    tones = (m[1] or "") + (m[2] or "")
    return tones + SARA_AM if len(tones) <= 1 else None


RULES: tuple[Rule, ...] = (
    Rule(
        "degree-sign",  # ๔๙ํซ.: NIKHAHIT typed for a degree sign (it cannot sit on a digit)
        re.compile(f"(?<=[{DIGITS}]){NIKHAHIT}"),
        lambda m: (
            f"{shown(NIKHAHIT)} (U+0E4D THAI CHARACTER NIKHAHIT) after a digit stands for a degree sign: write '{DEGREE}'"
        ),
        lambda m: DEGREE,
    ),
    Rule(
        "doubled-sara-e",  # เเม่: SARA E typed twice looks like SARA AE, but no reader finds แม่ in it
        re.compile("\u0e40\u0e40"),
        lambda m: (
            "SARA E typed twice 'เเ' (it looks like SARA AE, but searches and copies miss it): write 'แ'"
        ),
        lambda m: "\u0e41",
    ),
    Rule(
        "broken-sara-am",
        re.compile("\u0e33\u0e32"),
        lambda m: "broken SARA AM 'ำา' (a PDF-extraction defect): write 'ำ'",
        lambda m: SARA_AM,
    ),
    Rule(
        "decomposed-sara-am",
        re.compile(f"([{TONES}]?)\u0e4d([{TONES}]?)\u0e32"),
        lambda m: (
            f"decomposed SARA AM {shown(m[0])} (NIKHAHIT + SARA AA): write {shown(_decomposed(m) or 'ำ')}"
        ),
        _decomposed,
    ),
    Rule(
        "mark-before-vowel",
        re.compile(f"([{TONES}\u0e4c])([{UPPER_VOWELS}{LOWER_VOWELS}])"),
        lambda m: f"mark {shown(m[1])} typed before vowel {shown(m[2])}: write {shown(m[2] + m[1])}",
        lambda m: m[2] + m[1],
    ),
    Rule(
        "sara-am-before-tone",
        re.compile(f"{SARA_AM}([{TONES}])"),
        lambda m: f"SARA AM typed before tone mark {shown(m[1])}: write {shown(m[1] + SARA_AM)}",
        lambda m: m[1] + SARA_AM,
    ),
    Rule(
        "doubled-mark",
        re.compile(f"([{MARKS}{SARA_AM}])\\1+"),
        lambda m: f"doubled mark {shown(m[0])}: write {shown(m[1])}",
        lambda m: m[1],
    ),
    Rule(
        "two-marks-of-a-kind",
        re.compile(f"[{TONES}][{TONES}]|[{UPPER_VOWELS}][{UPPER_VOWELS}]|[{LOWER_VOWELS}][{LOWER_VOWELS}]"),
        lambda m: f"two marks of one kind on one letter {shown(m[0])}: keep one",
    ),
    Rule(
        "vowel-with-sara-am",
        re.compile(f"[{UPPER_VOWELS}\u0e4c][{TONES}]?{SARA_AM}"),
        lambda m: f"SARA AM cannot follow {shown(m[0][0])} ({shown(m[0])})",
    ),
    Rule(
        "mark-without-base",
        re.compile(
            f"(?<![{CONSONANTS}{MARKS}{SARA_AM}{DOTTED_CIRCLE}])"
            f"(?:[\u0e31\u0e34-\u0e3a\u0e47-\u0e4c\u0e4e{SARA_AM}]|(?<![{DIGITS}]){NIKHAHIT})"
        ),
        lambda m: f"{shown(m[0])} ({_char_name(m[0])}) has no consonant to sit on",
    ),
    Rule(
        "zero-width",
        re.compile(STRAY_ZERO_WIDTH),
        lambda m: f"stray zero-width character {_char_name(m[0])} (it does nothing in Thai): remove it",
        lambda m: "",
    ),
)


def scan(line: str) -> list[tuple[int, Rule, re.Match[str]]]:
    """Every rule's matches in one line: (1-based column, rule, match), in column order."""
    found = []
    for rule in RULES:
        for m in rule.pattern.finditer(line):
            if rule.name == "two-marks-of-a-kind" and m[0][0] == m[0][1]:
                continue
            found.append((m.start() + 1, rule, m))
    return sorted(found, key=lambda f: f[0])


# Characters every text may hold that need no glyph of their own.
INVISIBLE = set("\n\r\t \u00ad\u200b\u200c\u200d\u2060\ufeff")
