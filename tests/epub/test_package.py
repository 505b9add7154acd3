"""What the EPUB holds besides its text: contents as the PDF's bookmarks, landmarks, metadata
with accessibility, the cover, and the book's own fonts subset to the characters used."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pypdf
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from tests.epub.epubbooks import Built
from thaibook.sources.chapters import load_book

pytestmark = pytest.mark.slow

X = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def bookmarks(pdf) -> list[tuple[int, str]]:
    """(level, title) of the PDF's outline, in order."""
    reader = pypdf.PdfReader(pdf)
    out: list[tuple[int, str]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title))

    walk(reader.outline, 1)
    return out


def contents(built: Built) -> list[tuple[int, str]]:
    """(level, title) of the navigation document's contents, in order."""
    nav = ET.fromstring(built.read("EPUB/nav.xhtml"))
    (toc,) = [n for n in nav.iter(f"{X}nav") if n.get(f"{OPS}type") == "toc"]
    out: list[tuple[int, str]] = []

    def walk(ol: ET.Element, level: int) -> None:
        for li in ol.findall(f"{X}li"):
            a = li.find(f"{X}a")
            assert a is not None
            out.append((level, " ".join("".join(a.itertext()).split())))
            for sub in li.findall(f"{X}ol"):
                walk(sub, level + 1)

    (top,) = toc.findall(f"{X}ol")
    walk(top, 1)
    return out


@pytest.mark.parametrize("fixture", ["first_epub", "features_epub"])
def test_the_contents_are_the_pdfs_bookmarks(fixture: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(fixture)
    marks = bookmarks(built.pdf)
    assert marks[0] == (1, "สารบัญ")  # the contents page itself: in the e-book, the navigation document
    assert contents(built) == marks[1:]


def test_the_benchmark_books_contents_are_its_bookmarks(bench_epub) -> None:
    built = bench_epub[0]
    assert contents(built) == bookmarks(built.pdf)[1:]
    assert len(contents(built)) == 50  # 10 chapters of 4 sections


def test_landmarks_spine_and_metadata(first_epub: Built) -> None:
    nav = ET.fromstring(first_epub.read("EPUB/nav.xhtml"))
    (marks,) = [n for n in nav.iter(f"{X}nav") if n.get(f"{OPS}type") == "landmarks"]
    assert [(a.get(f"{OPS}type"), a.get("href")) for a in marks.iter(f"{X}a")] == [
        ("cover", "cover.xhtml"), ("toc", "nav.xhtml#toc"), ("bodymatter", "chapter-1.xhtml"),
    ]  # fmt: skip
    opf = ET.fromstring(first_epub.read("EPUB/package.opf"))
    items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
    spine = [items[r.get("idref")].get("href") for r in opf.iter(f"{OPF}itemref")]
    assert spine == ["cover.xhtml", "nav.xhtml", "chapter-1.xhtml"]
    meta = [(m.get("property"), m.text) for m in opf.iter(f"{OPF}meta") if m.get("property")]
    assert ("schema:accessMode", "textual") in meta
    assert ("schema:accessModeSufficient", "textual") in meta
    features = {text for prop, text in meta if prop == "schema:accessibilityFeature"}
    assert {"structuralNavigation", "tableOfContents", "pageBreakMarkers", "pageNavigation"} <= features
    assert ("schema:accessibilityHazard", "none") in meta
    assert any(prop == "schema:accessibilitySummary" and text for prop, text in meta)
    assert opf.find(f".//{DC}language").text == "th"  # type: ignore[union-attr]
    assert opf.find(f".//{DC}title").text.startswith("รายงานสรุปผล การประชุมเชิงปฏิบัติการ")  # type: ignore[union-attr]
    assert (
        opf.find(f".//{DC}creator").text == "กองการต่างประเทศ สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
    )  # type: ignore[union-attr]
    identifier = opf.find(f".//{DC}identifier")
    assert identifier is not None and identifier.text == "urn:uuid:9e43adff-61d4-50c3-b9c7-eadeaf7e9c6f"
    for page in ("cover.xhtml", "nav.xhtml", "chapter-1.xhtml"):
        root = ET.fromstring(first_epub.read(f"EPUB/{page}"))
        assert root.get("lang") == "th" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "th"


def test_the_cover_image_is_the_print_cover(first_epub: Built) -> None:
    opf = ET.fromstring(first_epub.read("EPUB/package.opf"))
    (cover,) = [i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "")]
    assert (cover.get("href"), cover.get("media-type")) == ("media/cover.png", "image/png")
    picture = Image.open(io.BytesIO(first_epub.read("EPUB/media/cover.png")))
    assert picture.size == (1191, 1684)  # A4 at 144 dpi
    assert picture.convert("L").getextrema()[0] < 64  # the title is drawn on it


def test_images_tables_and_links_between_chapters(features_epub: Built) -> None:
    one = ET.fromstring(features_epub.read("EPUB/chapter-1.xhtml"))
    (img,) = one.iter(f"{X}img")
    assert img.get("alt") == "แผนภูมิแท่งจำนวนผู้เข้าร่วมประชุมสามกลุ่ม"
    assert (
        features_epub.read(f"EPUB/{img.get('src')}")
        == (features_epub.book / "images/participants.png").read_bytes()
    )
    assert len(list(one.iter(f"{X}tr"))) == 4 and len(list(one.iter(f"{X}th"))) == 3
    links = [a.get("href") for a in one.iter(f"{X}a")]
    assert "chapter-2.xhtml#lessons" in links
    two = ET.fromstring(features_epub.read("EPUB/chapter-2.xhtml"))
    assert "chapter-1.xhtml#participants" in [a.get("href") for a in two.iter(f"{X}a")]
    latin = [s for s in two.iter(f"{X}span") if s.get("lang") == "en"]
    assert ["".join(s.itertext()) for s in latin] == [
        "facilitator",
        "lessons learned",
    ]  # the second in a note


def test_footnotes_are_epub_notes_called_where_the_text_calls_them(features_epub: Built) -> None:
    two = ET.fromstring(features_epub.read("EPUB/chapter-2.xhtml"))
    refs = [a for a in two.iter(f"{X}a") if a.get(f"{OPS}type") == "noteref"]
    notes = {a.get("id"): a for a in two.iter(f"{X}aside") if a.get(f"{OPS}type") == "footnote"}
    assert [r.get("href", "").lstrip("#") for r in refs] == list(notes) and len(notes) == 2
    (section,) = [s for s in two.iter(f"{X}section") if s.get(f"{OPS}type") == "footnotes"]
    assert all(n in section.iter(f"{X}aside") for n in notes.values())
    texts = ["".join(n.itertext()).strip() for n in notes.values()]
    assert texts == [
        "การถอดบทเรียน (lessons learned) คือการทบทวนประสบการณ์เพื่อนำไปใช้ต่อ",
        "วิทยากรกระบวนการ ทำหน้าที่ดำเนินการประชุมกลุ่ม",
    ]


def test_the_fonts_are_the_books_own_subset_to_the_text(first_epub: Built) -> None:
    opf = ET.fromstring(first_epub.read("EPUB/package.opf"))
    fonts = [i.get("href") for i in opf.iter(f"{OPF}item") if i.get("media-type") == "font/ttf"]
    assert fonts == [f"fonts/Sarabun-{s}.ttf" for s in ("Bold", "BoldItalic", "Italic", "Regular")]
    text = "".join(
        "".join(ET.fromstring(first_epub.read(f"EPUB/{d}")).itertext())
        for d in ("cover.xhtml", "nav.xhtml", "chapter-1.xhtml")
    )
    used = {ord(ch) for ch in text if not ch.isspace()}
    original = TTFont(load_book(first_epub.book).font_dir / "Sarabun-Regular.ttf")
    shipped = TTFont(io.BytesIO(first_epub.read("EPUB/fonts/Sarabun-Regular.ttf")))
    cmap = shipped.getBestCmap()
    assert used <= set(cmap) and 0x0E4D in cmap  # NIKHAHIT: HarfBuzz draws SARA AM with it
    assert len(cmap) < len(original.getBestCmap()) / 3
    mine, theirs = original.getBestCmap(), shipped["glyf"]
    for code in used:  # each character drawn as the font as shipped draws it
        a, b = original["glyf"][mine[code]], theirs[cmap[code]]
        assert a.getCoordinates(original["glyf"])[0] == b.getCoordinates(theirs)[0], chr(code)
    assert len(shipped.getGlyphOrder()) < len(original.getGlyphOrder()) / 3
    assert shipped["name"].getDebugName(13) == original["name"].getDebugName(13)  # the OFL notice stays
