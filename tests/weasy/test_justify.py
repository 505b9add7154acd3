"""Justified Thai: gaps of at most 1.5 em, lines flush, the text layer unchanged, marks on their bases."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.gaps import invented_spaces, layout_items, line_ends, line_gaps
from tests.linebreak_corpus import make_book, orchid_paragraphs, usable
from tests.textlayer import markdown_text, pypdf_text, squeeze
from thaibook.build.pipeline import build

BOOKS = Path(__file__).resolve().parents[1] / "books"
CLUSTER = "ที่"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """ORCHID paragraphs justified and set ragged, and the hard cases justified."""
    root = tmp_path_factory.mktemp("justify")
    paragraphs = usable(orchid_paragraphs(), 30)
    out = {}
    for name, justify in (("justified", True), ("ragged", False)):
        book = make_book(paragraphs, root / name, 95, "dictionary", justify=justify)
        out[name] = build(book, root / f"{name}.pdf").output
    shutil.copytree(BOOKS / "thai-hard-cases", root / "hard")
    with open(root / "hard" / "book.yaml", "a", encoding="utf-8") as f:
        f.write("font:\n  text_align: justify\n")
    out["hard"] = build(root / "hard", root / "hard.pdf").output
    out["book"] = root / "justified"
    return out


def raw(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", ["justified", "hard"])
def test_no_gap_is_wider_than_one_and_a_half_em(pdfs: dict[str, Path], name: str) -> None:
    gaps = [g for line in line_gaps(pdfs[name]) for g in line]
    assert len(gaps) > 500
    widest = max(gaps, key=lambda g: g.em)
    assert widest.em <= 1.5, widest


@pytest.mark.slow
def test_justified_lines_are_flush(pdfs: dict[str, Path]) -> None:
    """Most lines end at the right margin (a line too loose to fill stays ragged)."""
    ends, ragged = line_ends(pdfs["justified"]), line_ends(pdfs["ragged"])
    right = max(ends)
    assert sum(1 for e in ends if e > right - 0.5) > 0.6 * len(ends)
    assert sum(1 for e in ragged if e > right - 0.5) < 0.1 * len(ragged)


@pytest.mark.slow
def test_the_text_layer_is_what_it_was(pdfs: dict[str, Path]) -> None:
    """Every character, in order, and no space the ragged setting would not have shown either."""
    source = markdown_text(pdfs["book"])
    text = "\n".join(line for line in raw(pdfs["justified"]).split("\n") if line.strip() != "measure")
    ragged = "\n".join(line for line in raw(pdfs["ragged"]).split("\n") if line.strip() != "measure")
    title = "01-text " if squeeze(text).startswith("01-text") else ""  # a title from the file name
    assert squeeze(text) == squeeze(title) + source
    assert squeeze(pypdf_text(pdfs["justified"])).replace("measure", "") == squeeze(title) + source
    plain = " ".join(line for line in (pdfs["book"] / "01-text.md").read_text(encoding="utf-8").split("\n"))
    for extract in (
        lambda p: text if p == "j" else ragged,
        lambda p: pypdf_text(pdfs["justified" if p == "j" else "ragged"]),
    ):
        assert set(invented_spaces(extract("j"), title + plain)) <= set(
            invented_spaces(extract("r"), title + plain)
        )


@pytest.mark.slow
def test_marks_stay_on_their_base(pdfs: dict[str, Path]) -> None:
    """The pixels of a cluster (base and marks) are the same justified and ragged."""
    justified, ragged = (_cluster_pixels(pdfs[name]) for name in ("justified", "ragged"))
    assert justified.size == ragged.size
    assert sum(1 for p in justified.get_flattened_data() if p < 128) > 500  # the crop holds the cluster's ink
    # The two may sit a fraction of a pixel apart: the best of the shifts up to 2 px is compared.
    worst = min(_differing(justified, ragged, dx, dy) for dx in range(-2, 3) for dy in range(-2, 3))
    assert worst <= 0.01 * justified.width * justified.height, "a mark moved off its base"


def _differing(a, b, dx: int, dy: int) -> int:  # noqa: ANN001 (PIL images)
    """Pixels differing by more than a third of full scale, b shifted by (dx, dy)."""
    from PIL import ImageChops

    return sum(
        1 for d in ImageChops.difference(a, ImageChops.offset(b, dx, dy)).get_flattened_data() if d > 85
    )


def _cluster_pixels(pdf: Path):  # noqa: ANN202 (a PIL image)
    """The first ``ที่`` of the first page after a Thai letter, rendered at 600 dpi, grey."""
    import pypdfium2
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar

    page = next(iter(extract_pages(pdf, laparams=LAParams(), maxpages=1)))
    chars = list(layout_items(page, LTChar))
    at = next(
        i for i in range(1, len(chars) - 2) if "".join(c.get_text() for c in chars[i : i + 3]) == CLUSTER
    )
    base, size = chars[at], chars[at].size
    scale = 600 / 72
    doc = pypdfium2.PdfDocument(str(pdf))
    image = doc[0].render(scale=scale).to_pil().convert("L")
    height = doc[0].get_height()
    left, top = (base.x0 - 0.02 * size) * scale, (height - base.y0 - 1.3 * size) * scale
    width, tall = round((base.x1 - base.x0 + 0.02 * size) * scale), round(1.6 * size * scale)
    # Cut at the base's exact place, to the fraction of a pixel: the same cluster a fraction of a
    # pixel further right (after a wider gap) would otherwise differ by its antialiased edges.
    from PIL import Image

    return image.transform(
        (width, tall), Image.Transform.AFFINE, (1, 0, left, 0, 1, top), Image.Resampling.BILINEAR
    )
