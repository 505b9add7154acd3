"""Symbols and emoji as real Thai documents use them: each drawn by a face the book names (read
glyph by glyph from the PDF), none as a tofu box, the text layer the Markdown's; the system's
colour emoji font never reaches the PDF, even when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from tests.glyphs import drawn_glyphs
from tests.textlayer import differences, markdown_text, pdftotext_raw, pypdf_text, squeeze
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.core.errors import collecting
from thaibook.fonts.chain import book_faces
from thaibook.fonts.emoji import check_sequences
from thaibook.sources.chapters import load_book
from thaibook.thai.rules import INVISIBLE

SYMBOLS = Path(__file__).resolve().parents[1] / "books" / "symbols"


@pytest.fixture(scope="module")
def symbols_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The symbols page built as a user builds it (the chapter build)."""
    root = tmp_path_factory.mktemp("symbols")
    shutil.copytree(SYMBOLS, root / "book")
    result = build_chapters(root / "book", root / "symbols.pdf")
    assert result.warnings == ()  # every sequence of the page is one glyph of Noto Emoji
    return result.output


# Which named face draws what (the first face of the chain that has it; emoji runs go to the
# emoji face whatever the CSS says, through the project's fontconfig).
FACES = {
    "✅": "Noto-Emoji", "❌": "Noto-Emoji", "⚖️": "Noto-Emoji", "⚠️": "Noto-Emoji", "📌": "Noto-Emoji",
    "🇹🇭": "Noto-Emoji", "🏴󠁧󠁢󠁳󠁣󠁴󠁿": "Noto-Emoji", "👍🏽": "Noto-Emoji", "🧑🏿‍💻": "Noto-Emoji",
    "👨‍👩‍👧‍👦": "Noto-Emoji", "🏳️‍🌈": "Noto-Emoji", "1️⃣": "Noto-Emoji", "#️⃣": "Noto-Emoji", "❤️": "Noto-Emoji",
    "★": "Noto-Sans-Symbols2", "✓": "Noto-Sans-Symbols2", "✗": "Noto-Sans-Symbols2", "☐": "Noto-Sans-Symbols2",
    "✂": "Noto-Sans-Symbols2", "→": "Sarabun", "≤": "Sarabun", "∓": "Noto-Sans-Math", "⇔": "Noto-Sans-Math",
    "₩": "Noto-Sans", "ก": "Sarabun", "─": "Noto-Sans-Mono", "╝": "Noto-Sans-Mono",
}  # fmt: skip


@pytest.mark.slow
def test_each_symbol_is_one_glyph_of_the_face_that_should_draw_it(symbols_pdf: Path) -> None:
    glyphs = drawn_glyphs(symbols_pdf)
    by_text: dict[str, set[str]] = {}
    for g in glyphs:
        by_text.setdefault(g.text, set()).add(g.font)
    for text, face in FACES.items():
        assert face in by_text.get(text, set()), (text, by_text.get(text))
    # In a heading (bold), a table and code too: the emoji face, not the text's own.
    assert {f for t, fonts in by_text.items() for f in fonts if t == "👨‍👩‍👧‍👦"} == {"Noto-Emoji"}


@pytest.mark.slow
def test_no_glyph_is_tofu_and_each_visible_one_draws(symbols_pdf: Path) -> None:
    glyphs = drawn_glyphs(symbols_pdf)
    assert len(glyphs) > 500
    assert [g for g in glyphs if g.tofu] == []
    blank = [g for g in glyphs if not g.outline and set(g.text) - INVISIBLE - {"\ufe0f"}]
    assert blank == []


@pytest.mark.slow
@pytest.mark.parametrize("extract", [pdftotext_raw, pypdf_text], ids=["pdftotext", "pypdf"])
def test_text_layer_is_the_markdown(symbols_pdf: Path, extract) -> None:
    got = squeeze(extract(symbols_pdf)).removesuffix("สัญลักษณ์")  # the running header
    assert differences(markdown_text(SYMBOLS), got) == []


@pytest.mark.slow
def test_the_page_prints_in_pdf_x_1a_as_outlines_of_the_same_faces(symbols_pdf: Path, tmp_path: Path) -> None:
    """Monochrome emoji: PDF/X-1a (grey and CMYK only) draws the same glyphs, every one an
    outline of a named face, and holds no image (a colour emoji font's are RGB pictures)."""
    shutil.copytree(SYMBOLS, tmp_path / "book")
    x1a = build(tmp_path / "book", tmp_path / "x1a.pdf", {"pdf": "pdf/x-1a"}).output
    glyphs = Counter((g.font, g.text) for g in drawn_glyphs(x1a))
    assert glyphs == Counter((g.font, g.text) for g in drawn_glyphs(symbols_pdf))
    with pikepdf.open(x1a) as pdf:
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        assert [k for page in pdf.pages for k in page.get_images()] == []


COLOUR_EMOJI = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


SYSTEM_FONTCONFIG = """
import sys
from pathlib import Path
import thaibook.weasy.render
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError

thaibook.weasy.render.font_configuration = lambda: None  # WeasyPrint as it comes: the system's fonts
try:
    build(Path(sys.argv[1]), Path(sys.argv[2]))
except BuildError as exc:
    print(exc)
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not COLOUR_EMOJI.exists(), reason="needs Debian's fonts-noto-color-emoji (.ci/run installs it)"
)
def test_an_installed_colour_emoji_font_never_reaches_the_pdf(tmp_path: Path) -> None:
    """fonts-noto-color-emoji is installed: with the system's fontconfig Pango takes the emoji from
    it, whatever the CSS says (and the build fails); with the project's, from Noto Emoji."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "01.md").write_text("✅ ถูก ⚠️ ระวัง 🇹🇭 👍🏽 👨‍👩‍👧 1️⃣\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}  # the system's fontconfig
    system = subprocess.run(["fc-match", "emoji"], capture_output=True, text=True, env=env).stdout
    assert system.startswith("NotoColorEmoji.ttf"), system
    fonts = {g.font for g in drawn_glyphs(build(book, tmp_path / "own.pdf").output)}
    assert {f for f in fonts if "Emoji" in f} == {"Noto-Emoji"}
    run = [sys.executable, "-c", SYSTEM_FONTCONFIG, str(book), str(tmp_path / "system.pdf")]
    printed = subprocess.run(run, capture_output=True, text=True, env=env, check=True).stdout
    assert printed.startswith("font 'Noto-Color-Emoji' reached the PDF but is not one of the book's faces")


def test_box_drawing_outside_code_loads_the_code_face_that_draws_it(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# กล่อง\n\n├── ข้อ ✅\n└── ข้อ\n", encoding="utf-8")
    families = {f.family for f in book_faces(load_book(tmp_path))}
    assert families == {"Sarabun", "Noto Emoji", "Noto Sans Mono"}  # not TLWG Mono TB: no code


def test_a_sequence_the_emoji_face_cannot_join_is_a_warning_at_its_place(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "# สัตว์\n\nแมว 🐈‍🐕 และ 🐈‍🐕 ธง 🏴󠁵󠁳󠁴󠁸󠁿\n\nครบ 👨‍👩‍👧‍👦 🇹🇭 👍🏽 1️⃣ ⚠️ ⚠︎\n", encoding="utf-8"
    )
    book = load_book(tmp_path)
    with collecting() as found:
        check_sequences(book, book_faces(book))
    assert [str(w).removeprefix(f"{tmp_path}/") for w in found] == [
        "a.md:3:5: emoji sequence 🐈‍🐕 (U+1F408 U+200D U+1F415) has no glyph of its own in Noto Emoji: "
        "it prints as 2 glyphs and the PDF's text loses its invisible characters (2 times in this file)",
        "a.md:3:20: emoji sequence 🏴󠁵󠁳󠁴󠁸󠁿 (U+1F3F4 U+E0075 U+E0073 U+E0074 U+E0078 U+E007F) has no glyph of "
        "its own in Noto Emoji: it prints as 1 glyph and the PDF's text loses its invisible characters "
        "(1 time in this file)",
    ]
    assert {w.kind for w in found} == {"emoji"}
