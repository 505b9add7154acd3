"""Print editions: each PDF variant holds up to its checks; trim, bleed, marks; image resolution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from conftest import pdftotext
from thaibook.build.pipeline import build
from thaibook.cli.main import main
from thaibook.core.settings import VARIANTS
from thaibook.editions.validate import check_pdf, verapdf

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"
MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)


@pytest.fixture(scope="module")
def variant_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small book built once per variant, with a fixed SOURCE_DATE_EPOCH."""
    out = tmp_path_factory.mktemp("variants")
    pdfs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        for variant in ("", *VARIANTS):
            pdfs[variant] = build(
                SMALL, out / f"{variant.replace('/', '-') or 'plain'}.pdf", {"pdf": variant}
            )
    return {k: v.output for k, v in pdfs.items()}


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_passes_structural_checks(variant: str, variant_pdfs: dict[str, Path]) -> None:
    assert check_pdf(variant_pdfs[variant], variant) == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_plain_pdf_fails_the_variant_checks(variant: str, variant_pdfs: dict[str, Path]) -> None:
    """The checks can fail: a plain PDF claims none of the variants."""
    assert check_pdf(variant_pdfs[""], variant) != []


@pytest.mark.parametrize("variant", [v for v in VARIANTS if not v.startswith("pdf/x")])
def test_verapdf(variant: str, variant_pdfs: dict[str, Path]) -> None:
    result = verapdf(variant_pdfs[variant], variant)
    if result is None:
        pytest.skip("veraPDF is not installed (not packaged by Debian, PyPI or npm)")
    assert result.returncode == 0, result.stdout


def test_pdfx_structures(variant_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(variant_pdfs["pdf/x-4"]) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert (intent.S, int(intent.DestOutputProfile.N)) == (pikepdf.Name.GTS_PDFX, 4)
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320+00'00'"
        meta = pdf.open_metadata()
        assert (meta["pdfxid:GTS_PDFXVersion"], meta["xmp:CreateDate"]) == (
            "PDF/X-4",
            "2023-11-14T22:13:20+00:00",
        )
        assert pdf.pdf_version == "1.6"


def test_pdfa_and_ua_structures(variant_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(variant_pdfs["pdf/a-2u"]) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "U")
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1
        assert "/PageLabels" in pdf.Root  # the pipeline's labels survive the variant pass
    with pikepdf.open(variant_pdfs["pdf/ua-1"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert (str(pdf.Root.Lang), bool(pdf.Root.ViewerPreferences.DisplayDocTitle)) == ("th", True)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small book trimmed to A5 with 3 mm bleed, with and without crop and cross marks."""
    out = tmp_path_factory.mktemp("marks")
    with_marks = build(SMALL, out / "marks.pdf", {"trim": "A5", "bleed": "3mm", "marks": "crop cross"})
    without = build(SMALL, out / "plain.pdf", {"trim": "A5", "bleed": "3mm"})
    return with_marks.output, without.output


def test_trim_and_bleed_boxes(marked: tuple[Path, Path]) -> None:
    with pikepdf.open(marked[0]) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            media = [float(v) for v in page.MediaBox]
            assert trim[2] - trim[0] == pytest.approx(A5[0], abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(A5[1], abs=0.01)
            assert [round(m - t, 2) for m, t in zip(media, trim, strict=True)] == [
                round(v, 2) for v in (-3 * MM, -3 * MM, 3 * MM, 3 * MM)
            ]
            assert [float(v) for v in page.BleedBox] == media


def _dark_pixels_in_bleed(path: Path) -> int:
    """Dark pixels in the 3 mm bleed band around the first page (72 dpi)."""
    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[0].render(scale=2).to_pil().convert("L")
    band = round(3 * MM * 2) - 1
    w, h = image.size
    pixels = image.load()
    edges = [
        (x, y) for x in range(w) for y in range(h) if x < band or y < band or x >= w - band or y >= h - band
    ]
    return sum(1 for x, y in edges if pixels[x, y] < 128)


def test_marks_are_drawn_in_the_bleed(marked: tuple[Path, Path]) -> None:
    assert _dark_pixels_in_bleed(marked[0]) > 50
    assert _dark_pixels_in_bleed(marked[1]) == 0


def test_low_resolution_image_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from PIL import Image

    shutil.copytree(SMALL, tmp_path / "book")
    Image.new("RGB", (100, 50), "gray").save(tmp_path / "book" / "low.png")
    Image.new("RGB", (1200, 600), "gray").save(tmp_path / "book" / "high.png")
    chapter = tmp_path / "book" / "02-two.md"
    chapter.write_text(
        '## สรุป {#two}\n\n<img src="low.png" style="width: 50mm">\n\n'
        '<img src="high.png" style="width: 50mm">\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--content", "book"]) == 0
    dpi = 100 / (50 / 25.4)
    # contents page 1, chapter one page 2, chapter two page 3
    assert capsys.readouterr().err.splitlines() == [
        f"book/02-two.md:3:11: warning: image 'low.png' prints at {dpi:.0f} dpi (100 px over 50 mm, page 3); "
        "print needs 300 dpi"
    ]
    (tmp_path / "book" / "book.yaml").write_text("output: small.pdf\nprint:\n  min_dpi: 50\n")
    assert main(["--content", "book"]) == 0
    assert capsys.readouterr().err == ""


def test_pdfx3_refuses_transparency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    shutil.copytree(SMALL, tmp_path / "book")
    (tmp_path / "book" / "02-two.md").write_text('## สรุป {#two}\n\n<p style="opacity: 0.5">จาง</p>\n')
    monkeypatch.chdir(tmp_path)
    assert main(["--content", "book", "--pdf", "pdf/x-4"]) == 0
    capsys.readouterr()
    assert main(["--content", "book", "--pdf", "pdf/x-3"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "book: error: pdf/x-3 cannot hold what the book uses (transparency (a transparency group, alpha below 1)); use pdf/x-4"
    ]


def test_pdfua_needs_alt_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from PIL import Image

    shutil.copytree(SMALL, tmp_path / "book")
    Image.new("RGB", (600, 300), "gray").save(tmp_path / "book" / "fig.png")
    chapter = tmp_path / "book" / "02-two.md"
    chapter.write_text("## สรุป {#two}\n\n![](fig.png)\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--content", "book", "--pdf", "pdf/ua-1"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "book/02-two.md:3:5: error: image 'fig.png' has no alt text, which pdf/ua-1 requires: "
        "write ![what it shows](fig.png)"
    ]
    chapter.write_text("## สรุป {#two}\n\n![แผนภูมิ](fig.png)\n")
    assert main(["--content", "book", "--pdf", "pdf/ua-1"]) == 0
    assert check_pdf(tmp_path / "book" / "dist" / "small.pdf", "pdf/ua-1") == []


def test_unicode_check_finds_a_code_without_unicode(variant_pdfs: dict[str, Path], tmp_path: Path) -> None:
    """Drop one used code from a ToUnicode map: the PDF/A-2u check must notice."""
    with pikepdf.open(variant_pdfs["pdf/a-2u"]) as pdf:
        font = next(iter(pdf.pages[-1].Resources.Font.values()))
        cmap = font.ToUnicode.read_bytes().decode("latin-1")
        entry = next(line for line in cmap.splitlines() if line.startswith("<01") and line.endswith(">"))
        font.ToUnicode.write(cmap.replace(entry + "\n", "").encode("latin-1"))
        pdf.save(tmp_path / "broken.pdf")
    problems = check_pdf(tmp_path / "broken.pdf", "pdf/a-2u")
    assert len(problems) == 1 and f"(0x{entry[1:5].lower()})" in problems[0], problems


def test_pdfa_check_finds_wrong_widths_and_info(variant_pdfs: dict[str, Path], tmp_path: Path) -> None:
    """Break a glyph width and the info /Subject: the PDF/A check must notice both."""
    with pikepdf.open(variant_pdfs["pdf/a-2b"]) as pdf:
        cid_font = next(iter(pdf.pages[-1].Resources.Font.values())).DescendantFonts[0]
        widths = cid_font.W
        widths[1][0] = float(widths[1][0]) + 50
        pdf.docinfo["/Subject"] = "changed"
        pdf.save(tmp_path / "broken.pdf")
    name = str(cid_font.BaseFont).split("+")[-1]
    assert check_pdf(tmp_path / "broken.pdf", "pdf/a-2b") == [
        f"font {name}: 1 glyph widths differ from the font program",
        "info /Subject 'changed' differs from XMP dc:description None",
    ]


def test_pdfx1a_has_only_cmyk_and_refuses_rgb_images(
    variant_pdfs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with pikepdf.open(variant_pdfs["pdf/x-1a"]) as pdf:
        operators = {str(op) for page in pdf.pages for _, op in pikepdf.parse_content_stream(page)}
        assert {"k"} <= operators and not operators & {"rg", "RG", "cs", "CS", "sc", "scn"}
    from PIL import Image

    shutil.copytree(SMALL, tmp_path / "book")
    Image.new("RGB", (900, 300), "red").save(tmp_path / "book" / "fig.png")
    (tmp_path / "book" / "02-two.md").write_text("## สรุป {#two}\n\n![แผนภูมิ](fig.png)\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--content", "book", "--pdf", "pdf/x-1a"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "book: error: pdf/x-1a cannot hold what the book uses (an image in /DeviceRGB); use pdf/x-4"
    ]


def test_rgb_to_cmyk() -> None:
    from thaibook.editions.colour import rgb_to_cmyk

    assert rgb_to_cmyk(0, 0, 0) == (0, 0, 0, 1)
    assert rgb_to_cmyk(1, 1, 1) == (0, 0, 0, 0)
    assert rgb_to_cmyk(1, 0, 0) == (0, 1, 1, 0)
    assert rgb_to_cmyk(0.5, 0.5, 0.5) == (0, 0, 0, 0.5)


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_keeps_the_text(variant: str, variant_pdfs: dict[str, Path]) -> None:
    """Tags, CMYK rewriting and dropped link annotations leave the text layer as the plain PDF's."""
    assert pdftotext(variant_pdfs[variant]) == pdftotext(variant_pdfs[""])


def test_checks_find_malformed_xmp_and_untagged_pages(variant_pdfs: dict[str, Path], tmp_path: Path) -> None:
    with pikepdf.open(variant_pdfs["pdf/ua-1"]) as pdf:
        pdf.Root.Metadata.write(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF')
        del pdf.pages[0].obj.StructParents
        pdf.save(tmp_path / "broken.pdf", fix_metadata_version=False)
    problems = check_pdf(tmp_path / "broken.pdf", "pdf/ua-1")
    assert problems[0].startswith("XMP metadata is not well-formed XML: unclosed token")
    assert "page 1: no /StructParents (content not in the structure tree)" in problems
