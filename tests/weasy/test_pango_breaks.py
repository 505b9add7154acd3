"""The line-break rule given to Pango (weasy/breaks.py): where it applies, where it must not."""

from __future__ import annotations

from typing import Any

from thaibook.core.files import FONTS_DIR
from thaibook.thai.breaks import refused_runs, typesetting_rule
from thaibook.weasy import breaks
from thaibook.weasy.render import render

TEXT = "ขอบคุณพล.อ.ประยุทธ์ จันทร์โอชา ดูที่ https://www.example.go.th/path?id=15&lang=th"


def lines(body: str, css: str = "") -> list[str]:
    """The text of each line of ``body``, typeset 30 mm wide with the default rule."""
    from weasyprint.formatting_structure import boxes

    font = (FONTS_DIR / "Sarabun-Regular.ttf").as_uri()
    html = (
        f'<style>@font-face {{ font-family: s; src: url("{font}") }} @page {{ size: 40mm 200mm; margin: 5mm }}'
        f"body {{ font-family: s; font-size: 10pt }} {css}</style><body lang=th>{body}"
    )
    with breaks.using(typesetting_rule((), "dictionary")):
        pages = render(html, "file:///").pages
    found: list[Any] = [b for p in pages for b in p._page_box.descendants() if isinstance(b, boxes.LineBox)]
    return ["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)) for line in found]


def test_a_paragraph_breaks_only_outside_the_refused_runs() -> None:
    got = lines(f"<p>{TEXT}</p>")
    inside = {i for a, b in refused_runs(TEXT) for i in range(a + 1, b)}
    assert len(got) >= 4 and not ends(got, TEXT) & inside, got
    assert any("พล.อ.ประยุทธ์" in line for line in got), got


def ends(got: list[str], text: str) -> set[int]:
    """The offsets in ``text`` where its lines end (the next line's start: a space between goes)."""
    at, out = 0, set()
    for line in got[:-1]:
        at = text.index(line.strip(), at) + len(line.strip())
        out.add(at + (text[at : at + 1] == " "))
    return out


def test_code_that_may_break_anywhere_still_does() -> None:
    """A code block keeps Pango's breaks, and breaks a token too long anywhere (word-break:
    break-all): the rule's attributes would take Pango's character breaks away as well."""
    css = "pre { white-space: pre-wrap; word-break: break-all }"
    got = lines(f"<pre>{TEXT}</pre>", css)
    assert "".join(got) == TEXT
    inside = {i for a, b in refused_runs(TEXT) for i in range(a + 1, b)}
    assert ends(got, TEXT) & inside, got  # พล.อ.|ประยุทธ์ or path?|id: Pango's, which the rule refuses
    token = "https://www.example.go.th/" + "abcdefghij" * 6
    got = lines(f"<pre>{token}</pre>", css)
    assert len(got) >= 3 and "".join(got) == token, got
