"""The build reads nothing outside the book, its layouts and fonts, and nothing from the network."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import pdftotext
from thaibook.build.pipeline import build
from thaibook.cli.main import main
from thaibook.core.errors import BuildError

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"
SECRET = "TOP-SECRET-4f9c2"
OUTSIDE = "file refused: it is outside the book folder, its layouts and fonts"


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/book (the small book) beside tmp/secret.txt; cwd is tmp."""
    shutil.copytree(SMALL, tmp_path / "book")
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "book"


ATTACKS = {
    "img": '<img src="{url}">',
    "link": '<link rel="stylesheet" href="{url}">',
    "css url()": '<p style="background: url({url})">ก</p>',
    "@import": "<style>@import url({url});</style>",
}


def _all_output(tmp: Path) -> bytes:
    """Every byte the build wrote anywhere under tmp, except the secret itself."""
    return b"".join(
        p.read_bytes()
        for p in tmp.rglob("*")
        if p.is_file() and not p.is_symlink() and p.name != "secret.txt"
    )


@pytest.mark.parametrize("kind", list(ATTACKS))
@pytest.mark.parametrize("url", ["file:///etc/passwd", "SECRET"])
def test_refused_and_named(kind: str, url: str, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = ATTACKS[kind]
    col = template.index("{url}") + 1
    url = (book.parent / "secret.txt").as_uri() if url == "SECRET" else url
    (book / "02-two.md").write_text("## สรุป {#two}\n\nข้อความ\n\n" + template.format(url=url) + "\n")
    code = main(["--content", "book"])
    out, err = capsys.readouterr()
    expected = f"book/02-two.md:5:{col}: error: refused to read '{url}': " + OUTSIDE.split(": ", 1)[1]
    assert (code, err.splitlines(), out) == (1, [expected], "")
    assert not (book / "dist").exists()
    assert SECRET.encode() not in _all_output(book.parent)


def test_relative_path_out_of_the_book(book: Path, capsys) -> None:
    (book / "02-two.md").write_text("## สรุป {#two}\n\nข้อความ\n\n![x](../secret.txt)\n")
    assert main(["--content", "book"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "book/02-two.md:5:6: error: refused to read '../secret.txt': " + OUTSIDE.split(": ", 1)[1]
    ]
    assert SECRET.encode() not in _all_output(book.parent)


def test_symlink_out_of_the_book(book: Path) -> None:
    os.symlink(book.parent / "secret.txt", book / "figure.png")
    (book / "02-two.md").write_text("## สรุป {#two}\n\nข้อความ\n\n![x](figure.png)\n")
    with pytest.raises(BuildError) as caught:
        build(book)
    assert str(caught.value) == (
        "book/02-two.md:5:6: refused to read 'figure.png': " + OUTSIDE.split(": ", 1)[1]
    )
    assert SECRET.encode() not in _all_output(book.parent)


def test_network_refused(book: Path, capsys) -> None:
    (book / "02-two.md").write_text(
        '## สรุป {#two}\n\n<p style="background: url(http://127.0.0.1:9/x.png)">ก</p>\n'
    )
    assert main(["--content", "book"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "book/02-two.md:3:27: error: refused to fetch 'http://127.0.0.1:9/x.png': "
        "a build reads nothing from the network"
    ]


def test_an_image_on_the_network_is_a_box_not_a_fetch(book: Path, capsys) -> None:
    (book / "02-two.md").write_text('## สรุป {#two}\n\n<img src="http://127.0.0.1:9/x.png">\n')
    assert main(["--content", "book", "--output", str(book.parent / "out.pdf")]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "book/02-two.md:3:11: warning: image 'http://127.0.0.1:9/x.png' is on the network, which a build "
        "never reads: a box is printed in its place"
    ]
    assert "http://127.0.0.1:9/x.png" in pdftotext(book.parent / "out.pdf")


def test_inside_the_book_is_allowed_and_data_urls_too(book: Path) -> None:
    from PIL import Image

    Image.new("RGB", (600, 300), "white").save(book / "figure.png")
    (book / "02-two.md").write_text(
        "## สรุป {#two}\n\n![x](figure.png)\n\n"
        '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk'
        'YAAAAAYAAjCB0C8AAAAASUVORK5CYII=" style="width:1mm">\n'
    )
    result = build(book, book.parent / "out.pdf")
    assert result.output.stat().st_size > 0


def test_front_matter_and_config_are_escaped(book: Path) -> None:
    """Jinja2 autoescapes: markup in a title is printed as text, never fetched or parsed."""
    attack = '<img src="file:///etc/passwd">'
    (book / "01-one.md").write_text(f"---\ntitle: '{attack}'\n---\n\n## ก {{#intro}}\n", encoding="utf-8")
    config = (book / "book.yaml").read_text(encoding="utf-8")
    (book / "book.yaml").write_text(config.replace('"หนังสือทดสอบ"', f"'{attack}'"), encoding="utf-8")
    result = build(book, book.parent / "out.pdf")
    text = pdftotext(result.output)
    assert text.count(attack) >= 2  # the chapter title and the running header
