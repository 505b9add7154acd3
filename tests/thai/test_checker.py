"""The content checker: each defect class at its line and column; --fix; builds fail on defects."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_with_second_chapter
from thaibook.cli.main import main
from thaibook.thai.checker import check_text, fix_text

DATA = Path(__file__).resolve().parents[1] / "data"

EXPECTED = [
    "3:2: broken SARA AM 'ำา' (a PDF-extraction defect): write 'ำ'",
    "4:2: decomposed SARA AM '◌ํา' (NIKHAHIT + SARA AA): write 'ำ'",
    "4:9: decomposed SARA AM '◌ํ◌้า' (NIKHAHIT + SARA AA): write '◌้ำ'",
    "5:2: mark '◌่' typed before vowel '◌ี': write '◌ี◌่'",
    "6:2: doubled mark '◌่◌่': write '◌่'",
    "7:2: two marks of one kind on one letter '◌่◌้': keep one",
    "8:5: '◌่' (U+0E48 THAI CHARACTER MAI EK) has no consonant to sit on",
    "9:10: the book's fonts have no glyph for U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢')",
    "10:3: stray zero-width character U+200B ZERO WIDTH SPACE (line breaks come from words.txt)",
    "11:2: SARA AM typed before tone mark '◌่': write '◌่ำ'",
    "12:2: SARA AM cannot follow '◌ิ' ('◌ิำ')",
]


def test_check_finds_each_defect_at_its_place(book_copy, capsys, monkeypatch) -> None:
    book = book_copy("thai-defects")
    monkeypatch.chdir(book)
    assert main(["check", "--content", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"01-defects.md:{e}" for e in EXPECTED] + ["checked 2 files: 11 problems"]


def test_fix_repairs_safe_defects_and_keeps_the_rest(book_copy, capsys, monkeypatch) -> None:
    book = book_copy("thai-defects")
    monkeypatch.chdir(book)
    assert main(["check", "--fix", "--content", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    fixed = [line for line in out if ": fixed: " in line]
    assert [line.split(":")[1:3] for line in fixed] == [
        ["3", "2"], ["4", "2"], ["4", "9"], ["5", "2"], ["6", "2"], ["10", "3"], ["11", "2"]
    ]  # fmt: skip
    text = (book / "01-defects.md").read_text(encoding="utf-8").split("\n")
    assert text[2:6] == ["สำนักงาน", "ทำงาน น้ำ", "ที่นี่", "ก่า"]
    assert text[9:11] == ["คำถาม", "ค่ำ"]
    remaining = [line for line in out if ": fixed: " not in line]
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
    assert out[-1] == "checked 1 files: no problems"
    assert page.read_text(encoding="utf-8") == original.replace("ำา", "ำ")
    assert "สำนักงานปลัดกระทรวง" in page.read_text(encoding="utf-8")


def test_build_fails_on_a_defect_with_file_line_column(book_copy, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.pdf"
    chapter, code = build_with_second_chapter(book_copy("plain"), "# บทที่สอง\n\nสำานักงาน\n", out)
    assert code == 1
    err = capsys.readouterr().err
    assert err == f"{chapter}:3:2: error: broken SARA AM 'ำา' (a PDF-extraction defect): write 'ำ'\n"
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
@settings(max_examples=300, deadline=None)
def test_fix_settles_and_leaves_nothing_it_could_fix(text: str) -> None:
    fixed, _ = fix_text(text, Path("x.md"))
    assert fix_text(fixed, Path("x.md")) == (fixed, [])
    assert [f for f in check_text(fixed, Path("x.md")) if f.repair is not None] == []
