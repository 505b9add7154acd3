"""The e-book's page list: each folio of the print edition where that printed page starts."""

from __future__ import annotations

import hashlib
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest

from tests.epub.epubbooks import Built
from thaibook.sources.settings import load_config

pytestmark = pytest.mark.slow

X = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def page_list(built: Built) -> list[tuple[str, str, str]]:
    """(folio, document, id) of each entry of the navigation document's page list."""
    nav = ET.fromstring(built.read("EPUB/nav.xhtml"))
    (pages,) = [n for n in nav.iter(f"{X}nav") if n.get(f"{OPS}type") == "page-list"]
    out = []
    for a in pages.iter(f"{X}a"):
        document, _, target = a.get("href", "").partition("#")
        out.append(("".join(a.itertext()), document, target))
    return out


def text_from(built: Built, document: str, target: str) -> tuple[str, str]:
    """The document's text before and after the element with id ``target`` (whitespace removed)."""
    root = ET.fromstring(built.read(f"EPUB/{document}"))
    body = root.find(f"{X}body")
    assert body is not None
    before: list[str] = []
    after: list[str] = []
    found = False

    def walk(el: ET.Element) -> None:
        nonlocal found
        if el.get("id") == target:
            found = True
            assert el.get(f"{OPS}type") == "pagebreak" and el.get("role") == "doc-pagebreak"
        (after if found else before).append(el.text or "")
        for child in el:
            walk(child)
            (after if found else before).append(child.tail or "")

    walk(body)
    assert found, f"no element #{target} in {document}"
    return "".join("".join(before).split()), "".join("".join(after).split())


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text as poppler extracts it, whitespace and the bullets of lists removed."""
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return ["".join(page.split()).replace("•", "") for page in raw.split("\f")[:-1]]


def test_folio_9_of_the_first_book_is_where_the_pdf_page_labelled_9_starts(first_epub: Built) -> None:
    labels = pypdf.PdfReader(first_epub.pdf).page_labels
    assert labels == ["", "ก", "9"]
    printed = pdf_pages(first_epub.pdf)[labels.index("9")]
    (entry,) = [e for e in page_list(first_epub) if e[0] == "9"]
    assert entry[1:] == ("chapter-1.xhtml", "page-3")
    before, after = text_from(first_epub, entry[1], entry[2])
    assert before == ""  # page 9 opens the chapter: nothing of it comes before
    assert printed.startswith("ผู้แทนภาคประชาสังคมผู้มีส่วนเกี่ยวข้องอื่นๆข้าราชการ")
    header = "".join("".join(load_config(first_epub.book).header).split())
    assert printed == after + header + "9"  # the page is the whole chapter, then its header and folio


def test_the_page_list_names_every_printed_folio_in_order(first_epub: Built, bench_epub) -> None:
    for built in (first_epub, bench_epub[0]):
        labels = pypdf.PdfReader(built.pdf).page_labels
        assert [e[0] for e in page_list(built)] == [label for label in labels if label]


def test_every_page_of_the_benchmark_book_starts_where_the_pdf_page_starts(bench_epub) -> None:
    built = bench_epub[0]
    printed = pdf_pages(built.pdf)
    entries = page_list(built)
    assert len(entries) == 32 and len(printed) == 33  # the cover prints no folio
    for folio, document, target in entries:
        index = int(target.removeprefix("page-")) - 1
        page = printed[index]
        if document == "nav.xhtml":  # the contents: the print's page numbers are the print's own
            page = re.sub("[0-9]", "", page)
        _, after = text_from(built, document, target)
        assert after[:60] == page[:60], f"page {folio} (PDF page {index + 1}) in {document}"


def test_page_markers_inside_a_paragraph_start_their_pages_there(features_epub: Built) -> None:
    entries = {folio: (document, target) for folio, document, target in page_list(features_epub)}
    before, after = text_from(features_epub, *entries["7"])
    assert before.endswith("สำหรับการวางแผนเพื่อความสำเร็จในอนาคต")
    assert after.startswith("เพื่อให้เวทีประชุมปฏิบัติการครั้งนี้บรรลุผล")
    before, after = text_from(features_epub, *entries["8"])  # mid-paragraph: the line goes on there
    assert before.endswith("ระหว่างผู้เข้าร่วมประชุมปฏิบัติการที่มาจาก")
    assert after.startswith("ต่างสังกัดกัน")
    chapter = features_epub.read("EPUB/chapter-2.xhtml").decode()
    assert re.search(r"ที่มาจาก</span><span id=\"page-\d+\" [^>]*/><wbr />ต่าง", chapter)  # still a break there


def test_the_package_names_the_print_edition_it_follows(first_epub: Built) -> None:
    opf = ET.fromstring(first_epub.read("EPUB/package.opf"))
    (source,) = opf.iter(f"{DC}source")
    digest = hashlib.sha256(first_epub.pdf.read_bytes()).hexdigest()
    assert source.text == f"social-protection-workshop-report.pdf (sha256:{digest})"
    refines = [m for m in opf.iter(f"{OPF}meta") if m.get("refines") == f"#{source.get('id')}"]
    assert [(m.get("property"), m.text) for m in refines] == [("source-of", "pagination")]
