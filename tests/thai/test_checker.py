"""The content checker: each defect class at its line and column; --fix; builds fail on defects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import build_with_second_chapter, pdftotext
from thaibook.cli.main import main
from thaibook.thai.checker import check_text, fix_text

DATA = Path(__file__).resolve().parents[1] / "data"

EXPECTED = [
    "3:2: warning: broken SARA AM 'ำา' (a PDF-extraction defect): write 'ำ'",
    "4:2: warning: decomposed SARA AM '◌ํา' (NIKHAHIT + SARA AA): write 'ำ'",
    "4:9: warning: decomposed SARA AM '◌ํ◌้า' (NIKHAHIT + SARA AA): write '◌้ำ'",
    "5:2: warning: mark '◌่' typed before vowel '◌ี': write '◌ี◌่'",
    "6:2: warning: doubled mark '◌่◌่': write '◌่'",
    "7:2: warning: two marks of one kind on one letter '◌่◌้': keep one",
    "8:5: warning: '◌่' (U+0E48 THAI CHARACTER MAI EK) has no consonant to sit on",
    "9:10: error: the book's fonts have no glyph for U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢')",
    "11:2: warning: SARA AM typed before tone mark '◌่': write '◌่ำ'",
    "12:2: warning: SARA AM cannot follow '◌ิ' ('◌ิำ')",
    "13:12: warning: '◌ํ' (U+0E4D THAI CHARACTER NIKHAHIT) after a digit stands for a degree sign: write '°'",
]


def test_check_finds_each_defect_at_its_place(book_copy, capsys, monkeypatch) -> None:
    book = book_copy("thai-defects")
    monkeypatch.chdir(book)
    assert main(["check", "--content", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"01-defects.md:{e}" for e in EXPECTED] + [
        "checked 2 files: 11 problems"
    ]  # U+200B (10:3) is a break hint


def test_fix_repairs_safe_defects_and_keeps_the_rest(book_copy, capsys, monkeypatch) -> None:
    book = book_copy("thai-defects")
    monkeypatch.chdir(book)
    assert main(["check", "--fix", "--content", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    fixed = [line for line in out if ": fixed: " in line]
    assert [line.split(":")[1:3] for line in fixed] == [
        ["3", "2"], ["4", "2"], ["4", "9"], ["5", "2"], ["6", "2"], ["11", "2"], ["13", "12"]
    ]  # fmt: skip
    text = (book / "01-defects.md").read_text(encoding="utf-8").split("\n")
    assert text[2:6] == ["สำนักงาน", "ทำงาน น้ำ", "ที่นี่", "ก่า"]
    assert text[9:11] == ["คำ\u200bถาม", "ค่ำ"]
    assert text[12] == "อุณหภูมิ ๔๙°ซ."
    remaining = [line for line in out if ": fixed: " not in line]
    assert all(": note: fixed: " in line for line in fixed)  # gcc's form: file:line:col: note: ...
    assert remaining == [
        f"01-defects.md:{e}" for e in EXPECTED if e.split(":")[0] in ("7", "8", "9", "12")
    ] + ["checked 2 files: 4 problems"]


def test_fix_repairs_the_extraction_of_the_original_page(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page-011.txt"
    shutil.copy(DATA / "page-011.txt", page)
    original = page.read_text(encoding="utf-8")
    assert original.count("ำา") == 18
    assert main(["check", str(page)]) == 1
    assert capsys.readouterr().out.count("broken SARA AM") == 18
    assert main(["check", "--fix", str(page)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if ": fixed: broken SARA AM" in line]) == 18
    assert out[-1] == "checked 1 file: no problems"
    assert page.read_text(encoding="utf-8") == original.replace("ำา", "ำ")
    assert "สำนักงานปลัดกระทรวง" in page.read_text(encoding="utf-8")


# The slips of the real books (tests/realbooks/FEATURES.md): ค่่า (react-main-concepts-th
# docs/lists-and-keys.md:135), ส่ิง (docs/state-and-lifecycle.md:416), ใช้่ (powerbi-visuals-th),
# คํานวณ pasted from a PDF (d365-rebate-management-th, 285 times), U+200B typed as a break hint
# (docs/components-and-props.md:99), and a NIKHAHIT for a degree sign, from a Thai research abstract.
SLIPS = "# บทที่สอง\n\nสำานักงาน ค่่า ส่ิง\nอุณหภูมิ ๔๙ํซ. คํานวณ และคํานวณ\nแบบ\u200bฟอร์ม ใช้่\n"


@pytest.mark.slow
def test_slips_are_warnings_and_typeset_repaired(book_copy, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.pdf"
    chapter, code = build_with_second_chapter(book_copy("plain"), SLIPS, out)
    assert code == 0
    warnings = [
        f"{chapter}:3:2: warning: broken SARA AM 'ำา' (a PDF-extraction defect): write 'ำ' (typeset repaired)",
        f"{chapter}:3:12: warning: doubled mark '◌่◌่': write '◌่' (typeset repaired)",
        f"{chapter}:3:17: warning: mark '◌่' typed before vowel '◌ิ': write '◌ิ◌่' (typeset repaired)",
        f"{chapter}:4:12: warning: '◌ํ' (U+0E4D THAI CHARACTER NIKHAHIT) after a digit stands for a degree "
        "sign: write '°' (typeset repaired)",
        f"{chapter}:4:17: warning: decomposed SARA AM '◌ํา' (NIKHAHIT + SARA AA): write 'ำ' "
        "(typeset repaired; 1 more in this file)",
        f"{chapter}:5:13: warning: two marks of one kind on one letter '◌้◌่': keep one (typeset as typed)",
    ]
    assert capsys.readouterr().err.splitlines() == warnings
    assert chapter.read_text(encoding="utf-8") == SLIPS  # the author's file is never changed
    text = pdftotext(out)
    for repaired in ("สำนักงาน ค่า สิ่ง", "อุณหภูมิ ๔๙°ซ. คำนวณ และคำนวณ", "แบบฟอร์ม ใช้่"):
        assert repaired in text
    out.unlink()
    assert main(["--content", str(chapter.parent), "--output", str(out), "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [w.replace(": warning: ", ": error: ") for w in warnings]
    assert not out.exists()


def test_clean_thai_passes() -> None:
    text = "ที่ น้ำ ค่ำ ศักดิ์ ปั๊ม ก็ ฤๅษี พุทฺธํ สรณํ ก๎ว ฯลฯ เด็ก ๆ ๑๒๓ ◌ิ"
    assert check_text(text, Path("x.md"), None) == []
    assert fix_text(text, Path("x.md")) == (text, [])


def test_repairs_are_idempotent() -> None:
    text, done = fix_text("ค่ํา ท้ี ก่่ คำ้", Path("x.md"))
    assert text == "ค่ำ ที้ ก่ ค้ำ"
    assert len(done) == 4
    assert fix_text(text, Path("x.md")) == (text, [])


THAI_SOUP = st.text(alphabet="กขทนปฟ ัิีืุู็่้๊๋์ํ๎ฺำาะเ\u200b", max_size=24)


@given(THAI_SOUP)
@example(
    "\u0e48\u0e49\u0e48\u0e31\u0e31\u0e34\u0e31\u0e34\u0e35\u0e34"
)  # ten marks, no letter: 8 passes left it
@settings(max_examples=300, deadline=None)
def test_fix_settles_and_leaves_nothing_it_could_fix(text: str) -> None:
    fixed, _ = fix_text(text, Path("x.md"))
    assert fix_text(fixed, Path("x.md")) == (fixed, [])
    assert [f for f in check_text(fixed, Path("x.md")) if f.repair is not None] == []
