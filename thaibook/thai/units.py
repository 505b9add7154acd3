"""Runs that a line must not break inside: titles with their names, abbreviations, dates,
numbers, URLs and e-mail addresses; and the places where a URL may break."""

from __future__ import annotations

import re
from bisect import bisect_right

DIGIT = "0-9๐-๙"


# Titles before a name, written straight on (นายสมชาย, พล.อ.ประยุทธ์): the name stays with its title.
TITLES = (
    "นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง", "คุณ", "หม่อมราชวงศ์", "หม่อมหลวง", "หม่อมเจ้า",
    "ท่านผู้หญิง", "คุณหญิง", "พระครู", "พระมหา", "พระอาจารย์", "สมเด็จพระ", "ศาสตราจารย์",
    "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ดร.", "ศ.", "รศ.", "ผศ.", "อ.", "นพ.", "พญ.", "ทพ.",
    "ทพญ.", "ภก.", "ภญ.", "สพ.ญ.", "น.สพ.", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.", "ด.ช.", "ด.ญ.", "น.ส.",
    "ม.ร.ว.", "ม.ล.", "ม.จ.", "พล.อ.", "พล.ท.", "พล.ต.", "พ.อ.", "พ.ท.", "พ.ต.", "ร.อ.", "ร.ท.",
    "ร.ต.", "จ.ส.อ.", "จ.ส.ท.", "จ.ส.ต.", "ส.อ.", "ส.ท.", "ส.ต.", "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.",
    "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.", "ส.ต.อ.", "ส.ต.ท.", "ส.ต.ต.",
    "พล.ร.อ.", "พล.ร.ท.", "พล.ร.ต.", "น.อ.", "น.ท.", "น.ต.", "พล.อ.อ.", "พล.อ.ท.", "พล.อ.ต.",
)  # fmt: skip


# A name runs on to the next space; longer than this, it is more likely a phrase than a name.
NAME_MAX = 24


# A dotted Thai abbreviation (พ.ศ., ธ.ค., กทม. is undotted and one word anyway).
ABBREVIATION = r"(?:[ก-ฮ][ก-ฮะ-ฺ็-๎]{0,3}\.){1,4}"


MONTHS = (
    "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม "
    "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."
).split()


_MONTH = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
SPACE = "[ \u00a0]"
_YEAR = rf"(?:(?:พ\.ศ\.|ค\.ศ\.){SPACE}?[{DIGIT}]{{2,4}}|[{DIGIT}]{{4}})"


KEPT = re.compile(
    "|".join(
        [
            # ๒๕ ธ.ค. ๒๕๖๘, 25 ธันวาคม 2568, ธันวาคม พ.ศ. ๒๕๖๘
            rf"(?:[{DIGIT}]{{1,2}}{SPACE}?)?(?:{_MONTH})(?:{SPACE}?{_YEAR})?",
            # พ.ศ. ๒๕๖๘, ค.ศ. 2025
            rf"(?:พ\.ศ\.|ค\.ศ\.){SPACE}?[{DIGIT}]{{4}}",
            # 12:30 น., ๑,๒๓๔.๕๖, 10.5%, 3/4: digits with separators, and a time's น.
            rf"[{DIGIT}]+(?:[.,:/][{DIGIT}]+)+(?:{SPACE}?น\.)?%?",
            rf"[{DIGIT}]+%",
        ]
    )
)


URL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"'\u200b\u0e00-\u0e7f]*[^\s<>\"'\u200b\u0e00-\u0e7f.,;:!?)\]}”’]"
)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# Where a URL may break: after a slash (not between two), a hyphen or a full stop.
URL_BREAK = re.compile(r"(?<=/)(?!/)|(?<=[-.])")


TITLE = re.compile("|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)))


DOTTED = re.compile(ABBREVIATION)


THAI_LETTER = re.compile("[ก-ฮเ-ไ]")


NAME_STOP = re.compile(r"[\s(),;:“”\"'!?]")


def kept_runs(text: str, words: list[int]) -> list[tuple[int, int]]:
    """Runs no line may break inside: dates, numbers, URLs, e-mail addresses, titles with names.

    ``words`` are the offsets where the dictionary's words begin, in order: a title counts only
    as a word of its own (นาย|สมชาย, not นายก), and an abbreviation keeps the word after it.
    """
    runs = [m.span() for m in KEPT.finditer(text)]
    runs += [m.span() for m in EMAIL.finditer(text)]
    runs += [m.span() for m in URL.finditer(text)]
    starts = set(words)
    for pattern, to_space in ((TITLE, True), (DOTTED, False)):
        for m in pattern.finditer(text):
            a, b = m.span()
            if (a == 0 or a in starts) and b in starts and THAI_LETTER.match(text, b):
                runs.append((a, _name_end(text, b, words) if to_space else _next(words, b, len(text))))
    return runs


def _name_end(text: str, start: int, words: list[int]) -> int:
    """Where the name after a title ends: the next space if near enough, else the next word's end."""
    stop = NAME_STOP.search(text, start)
    end = stop.start() if stop else len(text)
    return end if end - start <= NAME_MAX else _next(words, start, len(text))


def _next(words: list[int], at: int, length: int) -> int:
    """The first word start after ``at`` (the text's end if none)."""
    i = bisect_right(words, at)
    return words[i] if i < len(words) else length


def url_breaks(text: str) -> set[int]:
    """The places inside URLs where a line may break."""
    out: set[int] = set()
    for m in URL.finditer(text):
        out |= {
            b.start() + m.start() for b in URL_BREAK.finditer(m.group()) if 0 < b.start() < len(m.group())
        }
    return out
