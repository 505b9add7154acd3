"""The e-book build's problems, as the author reads them: file:line:col, warnings and --strict,
the sandbox, the last good EPUB kept."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.epub.epubbooks import BOOKS, Built
from thaibook.build.epub import build_epub
from thaibook.cli.main import main
from thaibook.core.errors import BuildError, collecting

pytestmark = pytest.mark.slow

FIGURE = "![แผนภูมิแท่งจำนวนผู้เข้าร่วมประชุมสามกลุ่ม](images/participants.png)"


def features_copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    """The features book, its first chapter with ``old`` replaced by ``new``."""
    book = tmp_path / "book"
    shutil.copytree(BOOKS / "epub-features", book)
    chapter = book / "01-figures.md"
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    chapter.write_text(text.replace(old, new), encoding="utf-8")
    return book


def test_an_image_without_alt_text_is_a_warning(features_epub: Built, tmp_path: Path) -> None:
    book = features_copy(tmp_path, FIGURE, "![](images/participants.png)")
    result = build_epub(book, tmp_path / "out.epub", features_epub.pdf)
    assert [w.formatted() for w in result.warnings] == [
        f"{book / '01-figures.md'}:12:5: warning: image 'images/participants.png' has no alt text: "
        "write ![what it shows](images/participants.png)"
    ]
    assert result.output.exists()


def test_strict_makes_it_an_error_and_keeps_the_last_good_epub(features_epub: Built, tmp_path: Path) -> None:
    book = features_copy(tmp_path, FIGURE, "![](images/participants.png)")
    target = tmp_path / "out.epub"
    target.write_bytes(b"the last good EPUB")
    with pytest.raises(BuildError) as raised:
        build_epub(book, target, features_epub.pdf, strict=True)
    assert str(raised.value) == (
        f"{book / '01-figures.md'}:12:5: image 'images/participants.png' has no alt text: "
        "write ![what it shows](images/participants.png)"
    )
    assert target.read_bytes() == b"the last good EPUB"


def test_an_image_outside_the_book_is_refused(features_epub: Built, tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes((BOOKS / "epub-features/images/participants.png").read_bytes())
    book = features_copy(tmp_path, "(images/participants.png)", "(../secret.png)")
    with collecting(), pytest.raises(BuildError) as raised:
        build_epub(book, tmp_path / "out.epub", features_epub.pdf)
    assert str(raised.value) == (
        f"{book / '01-figures.md'}:12:46: refused to read '../secret.png': it is outside the book folder, "
        "its layouts and fonts"
    )
    assert not (tmp_path / "out.epub").exists()


@pytest.mark.parametrize(
    ("src", "why"),
    [("https://example.org/a.png", "is on the network, which a build never reads"), ("images/none.png", "is not in the book folder")],
)  # fmt: skip
def test_an_image_missing_or_on_the_network_is_a_box_as_in_print(
    features_epub: Built, tmp_path: Path, src: str, why: str
) -> None:
    book = features_copy(tmp_path, "(images/participants.png)", f"({src})")
    result = build_epub(book, tmp_path / "out.epub", features_epub.pdf)
    assert [w.formatted() for w in result.warnings] == [
        f"{book / '01-figures.md'}:12:46: warning: image '{src}' {why}: a box is printed in its place"
    ]
    import zipfile

    with zipfile.ZipFile(result.output) as z:
        chapter = z.read("EPUB/chapter-1.xhtml").decode()
        assert not [n for n in z.namelist() if n.startswith("EPUB/media/") and n != "EPUB/media/cover.png"]
    assert '<span class="missing-image"' in chapter and "<img" not in chapter


def test_other_pictures_are_carried_as_png(features_epub: Built, tmp_path: Path) -> None:
    book = features_copy(tmp_path, "(images/participants.png)", "(images/participants.webp)")
    Image.open(book / "images/participants.png").save(
        book / "images/participants.webp", "WEBP", lossless=True
    )
    import zipfile

    with zipfile.ZipFile(build_epub(book, tmp_path / "out.epub", features_epub.pdf).output) as z:
        (name,) = [n for n in z.namelist() if n.startswith("EPUB/media/") and n != "EPUB/media/cover.png"]
        assert name.endswith(".png")
        picture = Image.open(io.BytesIO(z.read(name)))
        assert picture.format == "PNG" and picture.size == (720, 360)


def test_a_layout_that_is_not_xhtml_is_named(features_epub: Built, tmp_path: Path) -> None:
    book = features_copy(tmp_path)
    (book / "layouts" / "epub").mkdir(parents=True)
    layout = book / "layouts" / "epub" / "chapter.xhtml.j2"
    layout.write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{{ chapter.html }}</body></html>\n', "utf-8"
    )
    with pytest.raises(BuildError) as raised:
        build_epub(book, tmp_path / "out.epub", features_epub.pdf)
    assert str(raised.value) == (
        f"{layout}: layout 'epub/chapter.xhtml.j2' does not make well-formed XHTML: mismatched tag: line 40, column 18"
    )


def test_a_book_without_its_print_edition_or_with_another_books(
    first_epub: Built, features_epub: Built, tmp_path: Path
) -> None:
    book = features_copy(tmp_path)
    with pytest.raises(BuildError) as raised:
        build_epub(book, tmp_path / "out.epub", tmp_path / "none.pdf")
    assert (
        str(raised.value)
        == f"{tmp_path / 'none.pdf'}: no print edition to take the page numbers from: build the PDF first"
    )
    with pytest.raises(BuildError) as other:
        build_epub(book, tmp_path / "out.epub", first_epub.pdf)
    assert str(other.value) == (
        f"{book / '01-figures.md'}: the print edition social-protection-workshop-report.pdf does not hold "
        "this chapter's text (65% of it): build the PDF again"
    )


def test_the_command_line_wants_an_epub_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["epub", "--content", str(BOOKS / "epub-features"), "--output", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'x.pdf'}: error: the epub command's --output names the .epub file to write\n"
    )


def test_a_link_to_what_the_ebook_lacks_is_a_warning_and_text(features_epub: Built, tmp_path: Path) -> None:
    book = features_copy(tmp_path, "[บทต่อไป](#lessons)", "[บทต่อไป](appendix.pdf)")
    result = build_epub(book, tmp_path / "out.epub", features_epub.pdf)
    assert [w.formatted() for w in result.warnings] == [
        f"{book / '01-figures.md'}:22:56: warning: link to a missing file 'appendix.pdf': printed as text"
    ]
    import zipfile

    with zipfile.ZipFile(result.output) as z:
        chapter = z.read("EPUB/chapter-1.xhtml").decode()
    assert "appendix.pdf" not in chapter and '<a>บท<wbr /><span class="nobr">ต่อไป</span></a>' in chapter
