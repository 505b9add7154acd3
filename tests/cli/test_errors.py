"""Every bad input is one line per problem (file:line:col), exit 1 (content) or 2 (usage),
no traceback, and the last good PDF in dist/ stays as it was, byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from thaibook.cli.main import main

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"
FONTS = Path(__file__).resolve().parents[2] / "thaibook" / "data" / "fonts"


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The small book's PDF from a real build: the 'last good' output."""
    out = tmp_path_factory.mktemp("good") / "small.pdf"
    assert main(["--content", str(SMALL), "--output", str(out)]) == 0
    return out.read_bytes()


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good_pdf: bytes) -> Path:
    """A copy of the small book at tmp/book, tmp/book/dist holding the last good PDF; cwd is tmp."""
    shutil.copytree(SMALL, tmp_path / "book")
    (tmp_path / "book" / "dist").mkdir()
    (tmp_path / "book" / "dist" / "small.pdf").write_bytes(good_pdf)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path / "book"


def _write(name: str, text: str) -> Callable[[Path], None]:
    return lambda book: (book / name).write_text(text, encoding="utf-8")


def _layout(text: str) -> Callable[[Path], None]:
    def edit(book: Path) -> None:
        (book / "layouts").mkdir()
        (book / "layouts" / "chapter.html.j2").write_text(text, encoding="utf-8")

    return edit


def _not_utf8(book: Path) -> None:
    (book / "02-two.md").write_bytes("ข้อความ\nบรรทัด".encode() + b"\n\xff\xfe\n")


def _no_chapters(book: Path) -> None:
    for path in book.glob("*.md"):
        path.unlink()


def _fonts(files: dict[str, bytes]) -> Callable[[Path], None]:
    def edit(book: Path) -> None:
        (book / "fonts").mkdir()
        for name, data in files.items():
            (book / "fonts" / name).write_bytes(data)

    return edit


def _font_forbids_embedding(book: Path) -> None:
    (book / "fonts").mkdir()
    for path in FONTS.glob("*.ttf"):
        shutil.copy(path, book / "fonts")
    font = TTFont(book / "fonts" / "Sarabun-Regular.ttf")
    font["OS/2"].fsType = 2
    font.save(book / "fonts" / "Sarabun-Regular.ttf")


CASES = {
    "malformed front matter": (
        _write("01-one.md", "---\ntitle: [unclosed\n---\n\nข้อความ\n"),
        ["book/01-one.md:2:17: invalid YAML: expected ',' or ']', but got '<stream end>'"],
    ),
    "front matter not a mapping": (
        _write("01-one.md", "---\n- a\n- b\n---\n\nข้อความ\n"),
        ["book/01-one.md:2:1: front matter must be a mapping of settings (key: value)"],
    ),
    "front matter never ends": (
        _write("01-one.md", "---\ntitle: x\n\nข้อความ\n"),
        ["book/01-one.md:1:1: front matter starts with '---' but never ends"],
    ),
    "front matter: wrong types all at once, an unknown key a warning": (
        _write("01-one.md", "---\ntitel: x\nstart_page: abc\nshow_title: 3\n---\n\nข้อความ\n"),
        [
            "book/01-one.md:2:1: warning: front matter: 'titel' is not a thaibook setting: ignored "
            "(did you mean 'title'?)",
            "book/01-one.md:3:1: start_page must be a whole number, not str 'abc'",
            "book/01-one.md:4:1: show_title must be true or false, not int 3",
        ],
    ),
    "book.yaml: every problem at once": (
        _write(
            "book.yaml", "titel: x\npage:\n  size: A5\n  tp: 3mm\ncover: yes please\nprint:\n  pdf: pdf/x-9\n"
        ),
        [
            "book/book.yaml:1:1: unknown setting 'titel' (did you mean 'title'?)",
            "book/book.yaml:4:3: unknown setting 'page.tp' (did you mean 'top'?)",
            "book/book.yaml:5:1: cover must be true or false, not str 'yes please'",
            "book/book.yaml:7:3: print.pdf must be one of pdf/x-4, pdf/x-3, pdf/x-1a, pdf/a-2b, pdf/a-2u, "
            "pdf/a-3u, pdf/ua-1, not 'pdf/x-9'",
        ],
    ),
    "every bad front matter of every file": (
        lambda book: [
            _write("01-one.md", "---\ntitle: [unclosed\n---\n")(book),
            _write("02-two.md", "---\npart: middle\nheader: 3\n---\n")(book),
        ],
        [
            "book/01-one.md:2:17: invalid YAML: expected ',' or ']', but got '<stream end>'",
            "book/02-two.md:3:1: header must be true or false, not int 3",
            "book/02-two.md:2:1: part must be 'front' or 'body'",
        ],
    ),
    "template error": (
        _layout("<article>\n{{ chapter.nope }}\n</article>\n"),
        [
            "book/layouts/chapter.html.j2:2: template error: "
            "'thaibook.html.layout.ChapterView object' has no attribute 'nope'"
        ],
    ),
    "template syntax error": (
        _layout("<article>\n\n{% if %}\n</article>\n"),
        [
            "book/layouts/chapter.html.j2:3: template syntax error: "
            "Expected an expression, got 'end of statement block'"
        ],
    ),
    "not UTF-8": (_not_utf8, ["book/02-two.md:3:1: not UTF-8 text (byte 0xff); save the file as UTF-8"]),
    "empty book": (
        _no_chapters,
        ["book: the book has no chapters (no .md files): start one with 'thaibook new FOLDER'"],
    ),
    "chapter listed but absent": (
        _write("book.yaml", "output: small.pdf\nchapters:\n  - 01-one.md\n  - 99-missing.md\n"),
        ["book/book.yaml:4:5: chapter file '99-missing.md' not found"],
    ),
    "no fonts": (
        _fonts({"OFL.txt": b"licence"}),
        ["book/fonts: no fonts (.ttf or .otf) in the fonts folder"],
    ),
    "unreadable font": (
        _fonts({"Bad.ttf": b"not a font"}),
        ["book/fonts/Bad.ttf: cannot read font: Not a TrueType or OpenType font (not enough data)"],
    ),
    "font family not in the fonts": (
        _write("book.yaml", "output: small.pdf\nfont:\n  family: Sarabun Neu\n"),
        [
            "book/book.yaml:3:3: font family 'Sarabun Neu' is not in the book's fonts folder nor among "
            "the shipped fonts (did you mean 'Sarabun'?)"
        ],
    ),
    "named fonts and layouts folders missing": (
        _write("book.yaml", "output: small.pdf\nfonts: myfonts\nlayouts: lay\n"),
        [
            "book/book.yaml:2:1: fonts folder 'myfonts' not found in the book folder",
            "book/book.yaml:3:1: layouts folder 'lay' not found in the book folder",
        ],
    ),
    "output profile missing": (
        _write("book.yaml", "output: small.pdf\nprint:\n  pdf: pdf/x-4\n  output_profile: nope.icc\n"),
        ["book/book.yaml:4:3: print.output_profile 'nope.icc' not found in the book folder"],
    ),
    "font forbids embedding": (
        _font_forbids_embedding,
        ["book/fonts/Sarabun-Regular.ttf: the font's license forbids embedding (OS/2 fsType 2)"],
    ),
}


def _error(line: str) -> str:
    """'file:line:col: message' as printed: 'file:line:col: error: message' (every case names its file)."""
    if ": warning: " in line:
        return line
    where, message = line.split(": ", 1)
    return f"{where}: error: {message}"


@pytest.mark.parametrize("case", list(CASES))
def test_content_error(case: str, book: Path, good_pdf: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    edit, expected = CASES[case]
    edit(book)
    code = main(["--content", "book"])
    out, err = capsys.readouterr()
    assert (code, err.splitlines(), out) == (1, [_error(line) for line in expected], "")
    assert sorted(p.name for p in (book / "dist").iterdir()) == ["small.pdf"]
    assert (book / "dist" / "small.pdf").read_bytes() == good_pdf


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--content", "nope"], None, "nope: error: book folder not found"),
        (["--bleed", "3"], None, "error: --bleed must be a length such as 3mm, not '3'"),
        (["--trim", "A9"], None, "error: --trim must be A4, A5, … or 'W H' in mm, not 'A9'"),
        ([], "yesterday", "error: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'yesterday'"),
    ],
)
def test_usage_error(
    args: list[str], env: str | None, expected: str, book: Path, good_pdf: bytes, capsys, monkeypatch
) -> None:
    if env:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", env)
    code = main(["--content", "book", *args])
    assert (code, capsys.readouterr().err.splitlines()) == (2, [expected])
    assert (book / "dist" / "small.pdf").read_bytes() == good_pdf


def test_argparse_usage_error_exits_2(book: Path, capsys) -> None:
    assert main(["--content", "book", "--pdf", "pdf/x-9"]) == 2
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("thaibook build: error: argument --pdf: invalid choice")
    )


def test_debug_shows_a_traceback(book: Path, capsys) -> None:
    (book / "02-two.md").write_text("---\npart: middle\n---\n", encoding="utf-8")
    assert main(["--content", "book", "--debug"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1] == "book/02-two.md:2:1: error: part must be 'front' or 'body'"


def test_no_traceback_without_debug(book: Path, capsys) -> None:
    (book / "02-two.md").write_text("---\npart: middle\n---\n", encoding="utf-8")
    main(["--content", "book"])
    assert "Traceback" not in capsys.readouterr().err


def test_output_that_cannot_be_written_is_a_usage_error(book: Path, capsys) -> None:
    (book.parent / "a-folder").mkdir()
    assert main(["--content", "book", "--output", "a-folder"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "a-folder: error: --output names a folder; give the PDF's file name"
    ]
    (book.parent / "not-a-folder").write_text("a file")
    assert main(["--content", "book", "--output", "not-a-folder/x.pdf"]) == 1
    assert capsys.readouterr().err.splitlines() == ["not-a-folder: error: File exists"]
