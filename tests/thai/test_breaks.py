"""The default rule (libthai and the dictionary agree, plus titles, URLs, dates, numbers, ๆ, ฯ)."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.textlayer import pdftotext_raw
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError
from thaibook.sources.chapters import load_book
from thaibook.thai.breaks import allowed_breaks, refused_runs, split
from thaibook.thai.linebreak import ZWSP, line_breaks

BOOK = Path(__file__).resolve().parents[1] / "books" / "thai-breaks"
NAMES = ("นายสมชาย", "พล.อ.ประยุทธ์", "ร.ท.ธวัชชัย")
URL = "https://www.example.go.th/path-to/report_2568?id=15&lang=th"
SURNAME = "จันทร์โอชา"  # a name the rule parts (จันทร์|โอชา): words.txt keeps it whole
KEPT = ("๒๕ ธ.ค. ๒๕๖๘", "1,234.50", "ฯลฯ", "กรุงเทพฯ", "มาๆ")


def pieces(text: str) -> list[str]:
    """The text cut at its allowed breaks."""
    cuts = [0, *sorted(allowed_breaks(text)), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def breaks_inside(text: str, word: str) -> set[int]:
    """The allowed breaks strictly inside ``word`` where it first occurs in ``text``."""
    start = text.index(word)
    return allowed_breaks(text) & set(range(start + 1, start + len(word)))


def test_names_stay_with_their_titles() -> None:
    for text in ("เมื่อวานนายสมชาย ใจดีมา", "ขอบคุณพล.อ.ประยุทธ์ จันทร์โอชา", "ไปกับร.ท.ธวัชชัย แล้ว"):
        for name in NAMES:
            if name in text:
                assert line_breaks(text) & set(range(text.index(name) + 1, text.index(name) + len(name)))
                assert breaks_inside(text, name) == set(), name


def test_a_title_must_be_a_word_of_its_own() -> None:
    """นายก (prime minister) and นายจ้าง (employer) begin with นาย but are no title."""
    assert {"นายกรัฐมนตรี", "กล่าว"} <= set(pieces("นายกรัฐมนตรีกล่าว"))


def test_urls_break_only_after_slash_hyphen_or_full_stop() -> None:
    text = f"ดูที่ {URL} ครับ"
    start = text.index(URL)
    inside = sorted(i - start for i in allowed_breaks(text) if start < i < start + len(URL))
    assert inside and all(URL[i - 1] in "/-." for i in inside)
    assert URL[inside[0] - 1 : inside[0] + 1] != "//"
    after_query = {i for i in line_breaks(text) if start < i < start + len(URL) and URL[i - start - 1] == "?"}
    assert after_query and not after_query & allowed_breaks(text)  # Pango breaks after '?': we do not


def test_dates_numbers_and_repeat_marks_stay_whole() -> None:
    text = "ในวันที่ ๒๕ ธ.ค. ๒๕๖๘ ราคา 1,234.50 บาท เด็กๆ ไปไหนมาๆ ผลไม้ ฯลฯ กรุงเทพฯ"
    for word in KEPT:
        assert breaks_inside(text, word) == set(), word


def test_a_url_break_pango_lacks_gets_a_zero_width_space() -> None:
    text = "ดู www.example.com ครับ"
    joined = "".join(t for t, _ in split(text, ()))
    assert f"www.{ZWSP}example.{ZWSP}com" in joined
    assert joined.replace(ZWSP, "") == text


def test_the_dictionary_refuses_breaks_libthai_makes_inside_words() -> None:
    text = "ประเทศสหรัฐอเมริกาและกระทรวงศึกษาธิการ"
    assert 11 in line_breaks(text)  # สหรัฐ|อเมริกา
    assert pieces(text) == ["ประเทศ", "สหรัฐอเมริกา", "และ", "กระทรวงศึกษาธิการ"]
    assert "".join(t for t, _ in split(text, ())).replace(ZWSP, "") == text


def test_loanwords_the_list_lacked_stay_whole() -> None:
    # react-main-concepts-th, docs/components-and-props.md:21; the Royal Institute's spelling too.
    text = "โดยแนวคิดแล้วคอมโพเนนท์นั้นคล้ายกับฟังก์ชัน และคอมโพเนนต์"
    assert breaks_inside(text, "คอมโพเนนท์") == set()
    assert breaks_inside(text, "คอมโพเนนต์") == set()


def test_the_rule_can_be_libthai(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("linebreak: libthai\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("ก\n", encoding="utf-8")
    assert load_book(tmp_path).config.linebreak == "libthai"
    (tmp_path / "book.yaml").write_text("title: x\nlinebreak: icu\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_book(tmp_path)
    assert str(caught.value).endswith("book.yaml:2:1: linebreak must be dictionary or libthai, not 'icu'")


def printed_lines(pdf: Path) -> list[str]:
    """The printed lines; pdftotext starts a line at a raised tone mark, which belongs to the line before."""
    lines: list[str] = []
    for line in pdftotext_raw(pdf).split("\n"):
        if lines and line[:1] and unicodedata.category(line[0]) == "Mn":
            lines[-1] += line.replace(" ", "", 1)
        elif line.strip():
            lines.append(line)
    return lines


def splits(lines: list[str], word: str) -> list[int]:
    """Where ``word`` is split between two printed lines (the length of its first part)."""
    out = []
    for a, b in zip(lines, lines[1:], strict=False):
        a, b = a.rstrip(), b.lstrip()
        out += [i for i in range(1, len(word)) if a.endswith(word[:i]) and b.startswith(word[i:])]
    return out


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The book's lines with the default rule and with libthai's alone (single pass), and with
    the default rule built chapter by chapter in worker processes (the default build), without
    and with a words.txt."""
    root = tmp_path_factory.mktemp("breaks")
    out = {}
    for rule in ("dictionary", "libthai", "chapters", "words"):
        shutil.copytree(BOOK, root / rule)
        if rule == "libthai":
            with open(root / rule / "book.yaml", "a", encoding="utf-8") as f:
                f.write("linebreak: libthai\n")
        if rule == "words":
            (root / rule / "words.txt").write_text(f"{SURNAME}\n", encoding="utf-8")
        make = build_chapters if rule in ("chapters", "words") else build
        out[rule] = printed_lines(make(root / rule, root / f"{rule}.pdf").output)
    return out


@pytest.mark.slow
def test_no_printed_line_ends_inside_a_name_a_date_or_a_number(lines: dict[str, list[str]]) -> None:
    for word in (*NAMES, *KEPT):
        assert splits(lines["dictionary"], word) == [], word
    assert sum(len(splits(lines["libthai"], w)) for w in NAMES) > 0  # the control: libthai splits names


@pytest.mark.slow
def test_both_build_paths_end_the_same_lines(lines: dict[str, list[str]]) -> None:
    """The workers typeset with the book's rule too (weasy/breaks.py, given by the part's job)."""
    assert lines["chapters"] == lines["dictionary"]
    assert lines["dictionary"] != lines["libthai"]


@pytest.mark.slow
def test_the_workers_keep_the_words_of_words_txt(lines: dict[str, list[str]]) -> None:
    assert splits(lines["chapters"], SURNAME)  # the control: the rule alone parts the name
    assert splits(lines["words"], SURNAME) == []


@pytest.mark.slow
def test_printed_urls_break_only_after_slash_hyphen_or_full_stop(lines: dict[str, list[str]]) -> None:
    cuts = splits(lines["dictionary"], URL)
    assert cuts and all(URL[i - 1] in "/-." for i in cuts), [URL[:i] for i in cuts]


@pytest.mark.slow
def test_no_printed_line_starts_with_mai_yamok_or_paiyannoi(lines: dict[str, list[str]]) -> None:
    assert [line for line in lines["dictionary"] if line.lstrip()[:1] in ("ๆ", "ฯ")] == []


PIECES = [
    *"กขคงสหรัฐอเมริกาเด็กไปทางการ์ุ์ๆฯนายพลอ.",
    " ",
    "ฯลฯ",
    "“",
    "”",
    "(",
    ")",
    "\x02",
    "ab",
    "/",
    "-",
    "www.",
]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=50).map("".join))
def test_the_runs_refuse_exactly_what_the_rule_refuses(text: str) -> None:
    """Every Pango break the rule refuses is strictly inside a refused run, no break it allows is;
    the HTML gets a ZWSP exactly where the rule allows a break Pango lacks, and the runs of the
    text with its ZWSPs refuse the same breaks."""
    allowed, pango = allowed_breaks(text), line_breaks(text)
    inside = {i for a, b in refused_runs(text) for i in range(a + 1, b)}
    assert pango - allowed <= inside
    assert not allowed & inside
    ((marked, nowrap),) = split(text, ())
    assert not nowrap and marked.replace(ZWSP, "") == text
    at = [i - marked[:i].count(ZWSP) for i, c in enumerate(marked) if c == ZWSP]
    assert set(at) == {i for i in allowed - pango if not (text[i - 1].isspace() or text[i].isspace())}
    plain = [i for i, c in enumerate(marked) if c != ZWSP] + [len(marked)]
    where = {p: n for n, p in enumerate(plain)}  # an offset of ``marked`` -> of ``text``
    inside_marked = {i for a, b in refused_runs(marked) for i in range(a + 1, b) if i in where}
    assert {where[i] for i in inside_marked} == inside
