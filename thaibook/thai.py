"""Thai text rules: character classes, soft line breaks, digits."""

from __future__ import annotations

import re

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
