"""Lines break between words: the word list, ฯลฯ, ๆ and ฯ; nothing inserted reaches the text layer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.textlayer import markdown_text, pdftotext_raw, pypdf_text, squeeze
from thaibook.build.pipeline import build
from thaibook.core.book import Chapter, ChapterMeta
from thaibook.core.errors import BuildError
from thaibook.html.markdown import chapter_to_html
from thaibook.thai.linebreak import ZWSP, break_opportunities, find_words, load_words, split_text

BOOK = Path(__file__).resolve().parents[1] / "books" / "thai-linebreak"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The line-break book built with its word list, and without it by libthai's breaks alone."""
    root = tmp_path_factory.mktemp("linebreak")
    with_words, without = root / "with", root / "without"
    shutil.copytree(BOOK, with_words)
    shutil.copytree(BOOK, without)
    (without / "words.txt").unlink()
    with open(without / "book.yaml", "a", encoding="utf-8") as f:
        f.write("linebreak: libthai\n")  # the default rule keeps most of these words whole without a list
    return {
        "with": build(with_words, root / "with.pdf").output,
        "without": build(without, root / "without.pdf").output,
    }


def splits(lines: list[str], word: str) -> list[tuple[str, str]]:
    """Pairs of consecutive printed lines that split ``word`` between them."""
    out = []
    for a, b in zip(lines, lines[1:], strict=False):
        a, b = a.rstrip(), b.lstrip()
        out += [(a, b) for i in range(1, len(word)) if a.endswith(word[:i]) and b.startswith(word[i:])]
    return out


def printed_lines(pdf: Path) -> list[str]:
    return [line for line in pdftotext_raw(pdf).split("\n") if line.strip()]


def test_no_line_splits_a_listed_word_or_starts_with_repeat_marks(pdfs: dict[str, Path]) -> None:
    lines = printed_lines(pdfs["with"])
    for word in (*load_words(BOOK), "ฯลฯ"):
        assert splits(lines, word) == [], word
    assert [line for line in lines if line.lstrip()[:1] in ("ๆ", "ฯ")] == []


def test_without_the_word_list_pango_splits_the_words(pdfs: dict[str, Path]) -> None:
    """The control: the same text without words.txt, by libthai alone, breaks inside listed words."""
    lines = printed_lines(pdfs["without"])
    assert sum(len(splits(lines, w)) for w in load_words(BOOK)) > 0


def test_pango_alone_breaks_inside_pai_yan_noi_and_before_mai_yamok() -> None:
    assert 1 in break_opportunities("ฯลฯ")
    assert 5 in break_opportunities("เด็ก ๆ ไป")


@pytest.mark.parametrize("extract", [pdftotext_raw, pypdf_text], ids=["pdftotext", "pypdf"])
def test_steering_does_not_reach_the_text_layer(pdfs: dict[str, Path], extract) -> None:
    text = extract(pdfs["with"])
    assert ZWSP not in text and "\u2060" not in text
    assert squeeze(text) == markdown_text(BOOK)


def test_split_text_protects_words_and_keeps_pango_breaks_at_their_edges() -> None:
    text = "ประเทศสหรัฐอเมริกาและเด็ก ๆ ฯลฯ"
    pieces = split_text(text, ("สหรัฐอเมริกา",))
    assert "".join(t for t, _ in pieces).replace(ZWSP, "") == text
    assert [t for t, p in pieces if p] == ["สหรัฐอเมริกา", "เด็ก ๆ ฯลฯ"]
    assert pieces[0] == ("ประเทศ" + ZWSP, False)


def test_markdown_wraps_protected_runs_in_nowrap_spans() -> None:
    chapter = Chapter(Path("x.md"), ChapterMeta(), "ไป กรุงเทพฯ กับเด็ก ๆ\n", 1, 1)
    span = '<span class="nobr">'
    html = chapter_to_html(chapter, (), rule="libthai").html
    assert html == f"<p>ไป {span}กรุงเทพฯ</span> กับ{ZWSP}{span}เด็ก ๆ</span></p>"
    # The default rule needs no markup (the typesetter refuses its breaks, weasy/breaks.py) but
    # a ZWSP where a URL may break and Pango would not.
    assert chapter_to_html(chapter, ()).html == "<p>ไป กรุงเทพฯ กับเด็ก ๆ</p>"
    chapter = Chapter(Path("x.md"), ChapterMeta(), "ดู www.example.com ครับ\n", 1, 1)
    assert chapter_to_html(chapter, ()).html == f"<p>ดู www.{ZWSP}example.{ZWSP}com ครับ</p>"


def test_word_list_ignores_comments_and_blank_lines(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("# names\nสหรัฐอเมริกา  # country\n\n  ขับเคลื่อน\n", encoding="utf-8")
    assert load_words(tmp_path) == ("ขับเคลื่อน", "สหรัฐอเมริกา")
    assert load_words(tmp_path / "missing") == ()


def test_built_in_list_is_added_by_name_and_unknown_names_fail(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("ชื่อเฉพาะ\n@thai-compounds\n", encoding="utf-8")
    words = load_words(tmp_path)
    assert "ชื่อเฉพาะ" in words and "สหรัฐอเมริกา" in words and len(words) > 30000
    (tmp_path / "words.txt").write_text("# list\n@thai-words\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_words(tmp_path)
    assert str(caught.value).endswith(
        "words.txt:2:1: no built-in word list '@thai-words' (there is: @thai-compounds)"
    )


def test_listed_words_count_only_where_a_word_may_begin() -> None:
    text = "ประเทศสหรัฐอเมริกา"
    starts = break_opportunities(text)
    assert find_words(text, ("สหรัฐอเมริกา",), starts) == [(6, 18)]
    assert find_words(text, ("ทศส",), starts) == []


def test_protected_runs_end_where_pango_may_break_never_inside_a_letter() -> None:
    """'กลยุทธ' must not part ธ from its ์, nor 'การกำ' leave 'หนด' for Pango to segment alone."""
    pieces = split_text("การกำหนดกลยุทธ์ และ", ("การกำ", "กลยุทธ"))
    assert [t for t, p in pieces if p] == ["การกำหนด", "กลยุทธ์"]
    assert "".join(t for t, _ in pieces).replace(ZWSP, "") == "การกำหนดกลยุทธ์ และ"


def test_headings_are_left_alone_for_the_pdf_outline() -> None:
    html = chapter_to_html(
        Chapter(Path("x.md"), ChapterMeta(), "## การออกแบบ**การประชุม** ฯลฯ\n", 1, 1), ()
    ).html
    assert "nobr" not in html and ZWSP not in html


def test_break_opportunities_are_the_ones_weasyprint_typesets_with() -> None:
    """Our ctypes call to Pango answers as WeasyPrint's own binding does, on every line of Thai we keep."""
    from weasyprint.text.line_break import get_log_attrs

    texts = [
        line
        for path in (*BOOK.glob("*.md"), *BOOK.parent.glob("thai-hard-cases/*.md"), DATA / "page-011.txt")
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.strip()
    ]
    assert len(texts) > 40
    for text in texts:
        attrs = get_log_attrs(text, "th")
        assert break_opportunities(text) == {i for i in range(1, len(text)) if attrs[i].is_line_break}, text
