"""One link annotation for one link on one spot (weasy/links.py): a contents line is one link,
not WeasyPrint's six, and every spot a reader could click before still leads to the same place."""

from __future__ import annotations

import io

import pikepdf

from thaibook.core.files import FONTS_DIR
from thaibook.weasy.render import collect_warnings, pdf_bytes, render

FACE = f'@font-face {{ font-family: body; src: url("{(FONTS_DIR / "Sarabun-Regular.ttf").as_uri()}") }}'

# A contents as data/layouts/print.css.j2 draws one: a block link, its title, a leader and a
# page number in a box placed absolutely; and a link that runs over two lines.
HTML = f"""<style>{FACE}
body {{ font-family: body; width: 12em }}
a {{ display: block; position: relative; color: black }}
a::after {{ content: "๑๒"; position: absolute; left: 10em; right: 0; top: 0 }}
span.inline a {{ display: inline }}
span.inline a::after {{ content: none }}
</style>
<a href="#one">บทที่ ๑ บทนำ</a>
<a href="#two">บทที่ ๒ <b>ระบบ</b> คุ้มครอง</a>
<p><span class="inline"><a href="https://example.org/">ลิงก์ที่ยาวพอจะขึ้นบรรทัดใหม่ได้อีกหนึ่งบรรทัด</a></span></p>
<h1 id="one">หนึ่ง</h1><h1 id="two">สอง</h1>"""


def annotations(data: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Each link annotation of the first page: its target and rectangle."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = []
        for annot in pdf.pages[0].obj.get("/Annots", []):
            target = str(annot.get("/Dest") or annot.A.URI)
            x1, y1, x2, y2 = (float(v) for v in annot.Rect)
            out.append((target, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))))
        return out


def covered(rect: tuple[float, ...], by: tuple[float, ...]) -> bool:
    return all(rect[i] >= by[i] - 0.01 for i in (0, 1)) and all(rect[i] <= by[i] + 0.01 for i in (2, 3))


def test_each_link_is_one_annotation_per_spot_and_covers_all_it_did() -> None:
    with collect_warnings():
        document = render(HTML, "file:///")
    plain = annotations(document.write_pdf())  # WeasyPrint's own
    ours = annotations(pdf_bytes(document))
    # Two contents lines and a link over two lines: one annotation each line, in reading order.
    assert [target for target, _ in ours] == ["one", "two", "https://example.org/", "https://example.org/"]
    assert len(plain) > len(ours)
    for target, rect in plain:
        if rect[2] > rect[0] and rect[3] > rect[1]:  # a spot with an area: still a link to the same place
            assert any(t == target and covered(rect, kept) for t, kept in ours), (target, rect)


def test_a_footnote_call_of_no_line_height_is_a_link_with_an_area() -> None:
    """``sup { line-height: 0 }`` (print.css.j2) leaves WeasyPrint's rectangle no height, which no
    viewer can click: the link gets its box's border area, the superscript's own height."""
    html = f"<style>{FACE} body {{ font-family: body; font-size: 16px }} sup {{ line-height: 0 }}</style>"
    html += '<p>ข้อความ<sup><a href="#fn1">1</a></sup> ต่อ</p><p id="fn1">เชิงอรรถ</p>'
    with collect_warnings():
        document = render(html, "file:///")
    [(_, wp_rect)] = annotations(document.write_pdf())
    [(target, rect)] = annotations(pdf_bytes(document))
    assert wp_rect[3] - wp_rect[1] == 0  # WeasyPrint's own
    assert target == "fn1" and rect[0] == wp_rect[0] and rect[2] == wp_rect[2]
    assert 8 < rect[3] - rect[1] < 16  # about the superscript's font size, in points
    assert rect[1] < wp_rect[1] < rect[3]
