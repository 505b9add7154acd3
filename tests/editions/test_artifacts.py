"""A tagged edition's running header and folio are pagination artifacts, not content outside the tree."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import pdftotext
from thaibook.build.pipeline import build
from thaibook.editions.artifacts import _reached, mark_artifacts

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SMALL, tmp_path_factory.mktemp("ua") / "ua.pdf", {"pdf": "pdf/ua-1"}).output


def _marked(pdf: pikepdf.Pdf) -> list[tuple[int, str, int | None]]:
    """(page, tag, MCID) of every marked-content sequence."""
    out = []
    for number, page in enumerate(pdf.pages, 1):
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC":
                props = operands[1] if isinstance(operands[1], pikepdf.Dictionary) else {}
                out.append((number, str(operands[0]), int(props["/MCID"]) if "/MCID" in props else None))
    return out


def test_every_mcid_is_in_the_structure_tree(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        reached = set(_reached(pdf.Root.StructTreeRoot.K, None))
        pages = {n: p.obj.objgen for n, p in enumerate(pdf.pages, 1)}
        marked = _marked(pdf)
        assert [m for m in marked if m[2] is not None and (pages[m[0]], m[2]) not in reached] == []
        artifacts = [m for m in marked if m[1] == "/Artifact"]
        assert {page for page, _, _ in artifacts} == set(pages)  # every page has its folio or header


def test_header_and_folio_are_still_printed(tagged: Path) -> None:
    text = pdftotext(tagged)
    assert "หนังสือทดสอบ" in text  # the running header


def test_untagged_pdf_is_left_alone(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    assert mark_artifacts(pdf) == 0
