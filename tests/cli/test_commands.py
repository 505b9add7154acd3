"""The command line as a new user meets it: commands with their own help, --version, the book
folder found, usage errors that say what to type, and a new book that builds at once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import pdftotext
from thaibook import __version__
from thaibook.build.inputs import manifest_path
from thaibook.cli.main import main
from thaibook.cli.parsers import COMMANDS, split_command

ROOT = Path(__file__).resolve().parents[2]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"thaibook {__version__}\n"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: thaibook [COMMAND] [BOOK] [options]")
    for command, text in COMMANDS.items():
        assert f"  {command:<9} {text}" in out


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: thaibook {command} ")
    assert COMMANDS[command].capitalize() in " ".join(out.split())


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ("build", [])),
        (["--content", "c", "--output", "x.pdf"], ("build", ["--content", "c", "--output", "x.pdf"])),
        (["--content", "c", "watch"], ("watch", ["--content", "c"])),  # options before the command
        (["--output", "check", "import", "a.txt"], ("import", ["--output", "check", "a.txt"])),
        (["mybook"], ("build", ["mybook"])),
        (["check", "--fix", "a.md"], ("check", ["--fix", "a.md"])),
    ],
)
def test_the_command_is_found_wherever_it_stands(argv: list[str], expected: tuple) -> None:
    assert split_command(argv) == expected


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--jobs", "0"], "thaibook build: error: argument --jobs: must be 1 or more, not 0"),
        (["--jobs", "-3"], "thaibook build: error: argument --jobs: must be 1 or more, not -3"),
        (
            ["watch", "--jobs", "two"],
            "thaibook watch: error: argument --jobs: must be a whole number, not 'two'",
        ),
        (["biuld"], "thaibook build: error: unknown command 'biuld' (did you mean 'build'?)"),
        (["new"], "thaibook new: error: the following arguments are required: FOLDER"),
    ],
)
def test_usage_errors_say_what_is_wrong(argv: list[str], message: str, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[-1] == message


def test_the_book_folder_by_default(tmp_path: Path, monkeypatch, capsys) -> None:
    """No BOOK: the current folder when it holds book.yaml (a book made by new), else ./content."""
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert (
        capsys.readouterr().err
        == ".: error: the book has no chapters (no .md files): start one with 'thaibook new FOLDER'\n"
    )
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("สวัสดี\n", encoding="utf-8")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "checked 1 file: no problems\n"
    shutil.rmtree(tmp_path / "content")
    (tmp_path / "book.yaml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("ท่ี\n", encoding="utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "b.md:1:2: warning: mark '◌่' typed before vowel '◌ี': write '◌ี◌่'",
        "checked 2 files: 1 problem",  # b.md and book.yaml
    ]


def test_new_refuses_a_folder_that_holds_files(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err
        == f"{tmp_path}: error: the folder is not empty (thaibook new writes only into a new or empty one): give a new folder's name\n"
    )


@pytest.mark.slow
def test_a_new_book_builds_at_once_and_shows_every_feature(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "หนังสือ เล่มแรก"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "next: thaibook build หนังสือ เล่มแรก   (the PDF goes to หนังสือ เล่มแรก/dist/)"
    )
    book = tmp_path / "หนังสือ เล่มแรก"
    assert main(["build", str(book), "--strict"]) == 0  # strict: not one warning
    pdf = book / "dist" / "หนังสือ-เล่มแรก.pdf"
    text = pdftotext(pdf)
    pages = text.split("\f")
    assert "หนังสือ เล่มแรก" in pages[0]  # the cover: the folder's name as the title
    for feature in ("สารบัญ", "คำนำ", "บทที่ ๑ เริ่มต้น", "00-preface.md", "thaibook build mybook", "ย้อนกลับ"):
        assert feature in text, feature
    html = (book / "01-first-steps.md").read_text(encoding="utf-8")
    assert "[^words]" in html and "](#pictures)" in html and "| --- |" in html and "\n- " in html
    assert "![" in (book / "02-what-a-book-can-hold.md").read_text(encoding="utf-8")
    assert (book / "words.txt").is_file() and (book / "images" / "from-markdown-to-pdf.svg").is_file()
    assert 'output: "หนังสือ-เล่มแรก.pdf"' in (book / "book.yaml").read_text(encoding="utf-8")
    assert "หนังสือ เล่มแรก" in manifest_path(book).read_bytes().decode("utf-8")  # UTF-8, not \u0e2b


def test_every_module_with_a_main_has_help() -> None:
    for module in ("thaibook", "thaibook.editions.validate", "thaibook.cli.calibrate"):
        done = subprocess.run(
            [sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=ROOT, check=False
        )
        assert done.returncode == 0 and done.stdout.startswith("usage: "), (module, done.stderr)
        assert "Traceback" not in done.stderr
