"""Raw HTML as real books write it becomes what EPUB's XHTML allows, the reader's text kept:
docfx's <Token> unwrapped, <a name> an id, obsolete tags and attributes replaced, sizes as HTML5 wants them, a YouTube iframe a link,
Gatsby's codepen:// links text, each loss a warning at its place; and the package claims page
navigation only when the print edition has folios."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tests.epub.test_wbr import serial
from thaibook.core.book import Chapter, ChapterMeta
from thaibook.core.errors import collecting
from thaibook.epub.breaks import XHTML
from thaibook.epub.valid import conform
from thaibook.epub.xhtml import to_xhtml

# As powerbi-visuals-th (includes/consumer-appliesto-nyyn.md:18, power-bi-visualization-funnel-charts.md:74)
# and react-main-concepts-th (docs/hello-world.md:20) write them.
SOURCE = """\
## <a name="calc-methods"></a>วิธีคำนวณ

<Token>**ปรับใช้กับ:** บริการ<Token>ของ</Token> Power BI</Token>

<center>กลาง <font color="red">แดง</font></center>

![ไอคอนเล็ก](icon.png){width=100px} <table><tr><td width="30%">ช่อง</td></tr></table>

<iframe width="560" height="315" src="https://www.youtube.com/embed/qKRZPBnaUXM" frameborder="0" allowfullscreen></iframe>

[ลองใน CodePen](codepen://hello-world) หรือ [เว็บ](https://react.dev/)
"""


def test_raw_html_of_real_books_becomes_valid_xhtml(tmp_path: Path) -> None:
    md = tmp_path / "01.md"
    md.write_text(SOURCE, encoding="utf-8")
    html = (
        '<h2 id="c1-วิธีคำนวณ"><a name="calc-methods"></a>วิธีคำนวณ</h2>\n'
        "<p><token><strong>ปรับใช้กับ:</strong> บริการ<token>ของ</token> Power BI</token></p>\n"
        '<center>กลาง <font color="red">แดง</font></center>\n'
        '<p><img alt="ไอคอนเล็ก" src="icon.png" width="100px"/></p><table><tr><td width="30%">ช่อง</td></tr></table>\n'
        '<p><iframe width="560" height="315" src="https://www.youtube.com/embed/qKRZPBnaUXM" '
        'frameborder="0" allowfullscreen></iframe></p>\n'
        '<p><a href="codepen://hello-world">ลองใน CodePen</a> หรือ <a href="https://react.dev/">เว็บ</a></p>'
    )
    root = ET.fromstring(f'<body xmlns="{XHTML}">{to_xhtml(html, lambda img: None)}</body>')
    with collecting() as found:
        conform(root, Chapter(md, ChapterMeta(), SOURCE, 1, 1))
    assert serial(root) == (
        '<body><h2 id="c1-วิธีคำนวณ"><a id="calc-methods" />วิธีคำนวณ</h2>\n'
        "<p><strong>ปรับใช้กับ:</strong> บริการของ Power BI</p>\n"
        "<div>กลาง <span>แดง</span></div>\n"
        '<p><img alt="ไอคอนเล็ก" src="icon.png" width="100" /></p>'
        '<table><tbody><tr><td style="width: 30%">ช่อง</td></tr></tbody></table>\n'
        '<p><a href="https://www.youtube.com/embed/qKRZPBnaUXM">https://www.youtube.com/embed/qKRZPBnaUXM</a></p>\n'
        '<p><a>ลองใน CodePen</a> หรือ <a href="https://react.dev/">เว็บ</a></p></body>'
    )
    assert [w.formatted() for w in found] == [
        f"{md}:9:39: warning: <iframe> of 'https://www.youtube.com/embed/qKRZPBnaUXM': an e-book holds "
        "what it shows, so it is a link to it",
        f"{md}:11:17: warning: link to 'codepen://hello-world', which no reading system opens: printed as text",
    ]


def test_a_book_without_folios_claims_no_page_navigation() -> None:
    from datetime import UTC, datetime

    from thaibook.epub.media import Images
    from thaibook.epub.package import PrintEdition, _package
    from thaibook.html.layout import make_env, render_template
    from thaibook.sources.chapters import load_book

    book = load_book(Path(__file__).parents[1] / "books" / "epub-features")
    edition = PrintEdition("features.pdf", "0" * 64, ())
    context = _package(book, edition, datetime(2026, 1, 1, tzinfo=UTC), [], [], Images(book))
    env = make_env(book.layout_dirs)
    claims = {
        pages: ET.fromstring(render_template(env, "epub/package.opf.j2", context | {"has_pages": pages}))
        for pages in (True, False)
    }
    features = {
        pages: [
            m.text
            for m in opf.iter("{http://www.idpf.org/2007/opf}meta")
            if "Feature" in m.get("property", "")
        ]
        for pages, opf in claims.items()
    }
    assert {"pageBreakMarkers", "pageNavigation"} <= set(features[True])
    assert (
        not {"pageBreakMarkers", "pageNavigation"} & set(features[False])
        and "readingOrder" in features[False]
    )
