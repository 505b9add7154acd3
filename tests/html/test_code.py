"""Code: every fence is code whatever its info string (JSX never becomes HTML), highlighted in
colours that print or in greys, every line in a span of its own, long lines wrapped, never clipped."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

from conftest import pdftotext
from thaibook.cli.main import main
from thaibook.core.book import Chapter, ChapterMeta
from thaibook.core.settings import CodeConfig, PrintConfig
from thaibook.html.code import code_css, fence_info
from thaibook.html.markdown import chapter_to_html

# As react-main-concepts-th writes it (docs/introducing-jsx.md:35, docs/handling-events.md), with
# the fences of javascript.info (js run, smart header=...), Pandoc ({.html}), MkDocs (tildes, in a
# list), md2docx-manual-th (a four-backtick fence around a three-backtick one, mermaid).
FENCES = """\
# แนะนำ JSX

```js{1,2}
const name = 'Josh Perez';
const element = <h1>สวัสดี, {name}</h1>;
```

```js run
let x = <button onClick={go}>กด</button>;
```

```smart header="ข้อควรรู้"
<b>ไม่ใช่ตัวหนา</b>
```

```{.html}
<div class="box">กล่อง</div>
```

~~~python
print("<i>ไทย</i>")
~~~

````markdown
```js{2-6}
<Welcome name="Sara" />
```
````

- รายการ

    ```bash
    echo "<em>x</em>"
    ```

```mermaid
graph TD; A-->B
```

และ `<Welcome name="Sara" />` ในบรรทัด
"""


def _html(body: str) -> str:
    return chapter_to_html(Chapter(Path("x.md"), ChapterMeta(), body, 1, 1)).html


def test_every_fence_is_code_and_jsx_stays_text() -> None:
    html = _html(FENCES)
    assert html.count("<pre>") == 8
    for tag in ("<h1>", "<button", "<b>", '<div class="box">', "<i>", "<Welcome", "<em>"):
        assert tag not in html, tag
    assert "&lt;h1&gt;สวัสดี, {name}&lt;/h1&gt;" in re.sub(r"<[^>]+>", "", html)
    assert re.findall(r'class="language-(\w+) highlight"', html) == [
        "js",
        "js",
        "text",
        "html",
        "python",
        "markdown",
        "bash",
        "text",
    ]  # fmt: skip (no lexer for smart or mermaid: printed as plain code)
    first = html.split("</pre>")[0]
    assert first.count('<span class="hll">') == 2  # js{1,2}: lines 1 and 2 highlighted
    assert '<code>&lt;Welcome name="Sara" /&gt;</code>' in html.split("</pre>")[-1]  # inline code too
    assert "id=" not in html.replace('id="c1-', "")  # no anchor per code line


def test_line_ranges_rewritten_only_where_a_fence_opens() -> None:
    lines = [
        "```js{2-6}",
        "x",
        "```",
        "````markdown",
        "```js{1,5}",
        "```",
        "````",
        "> ```javascript {3-7,11,12}",
    ]
    assert fence_info(lines) == [
        '```js hl_lines="2-6"', "x", "```", "````markdown", "```js{1,5}", "```", "````",
        '> ```javascript hl_lines="3-7 11 12"',
    ]  # fmt: skip


def test_a_rule_right_after_a_closing_fence_is_a_rule() -> None:
    # conventional-commits-hugo-th (content/v1.0.0/index.th.md:20-27): the fence, then ---.
    body = "```\n<ชนิด>[ละได้ ขอบเขต]\n```\n---\n\n> ```\n> y\n> ```\n> ---\n\nหัวข้อ\n---\n"
    html = _html(body)
    assert html.count("<hr") == 2 and html.count("<pre>") == 2
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", html) == ["หัวข้อ"]  # an underlined heading still is one


def test_a_list_item_right_after_a_closing_fence_is_an_item() -> None:
    # airbnb-js-style-th (es5/README.md:59-60): the fence in an item, then the next item.
    body = "- a\n\n    ```js\n    var x = 1;\n    ```\n- b\n\n> ```\n> y\n> ```\n> text\n"
    html = _html(body)
    assert re.findall(r"<li>\s*(?:<p>)?(\w)", html) == ["a", "b"] and "- b" not in html
    assert html.count("<pre>") == 2 and re.search(r"</pre>\s*(?:</div>)?\s*<p>text</p>", html), html


def test_colours_print_greys_for_pdf_x1a_or_none() -> None:
    colour = code_css(CodeConfig(), PrintConfig())
    assert ".highlight .k { color: #008000; font-weight: bold }" in colour
    assert "background" not in colour
    grey = code_css(CodeConfig(), PrintConfig(pdf="pdf/x-1a"))
    assert grey == code_css(CodeConfig(highlight="grey"), PrintConfig())
    colours = set(re.findall(r"#([0-9a-f]{6})", grey))
    assert colours and all(c[0:2] == c[2:4] == c[4:6] and int(c[:2], 16) <= 0x80 for c in colours)
    assert code_css(CodeConfig(highlight="none"), PrintConfig()) == ""


# airbnb-js-style-th's es5/README.md: one token of many highlighted pieces, longer than the measure
# (WeasyPrint's overflow-wrap: anywhere left it running off the page).
LONG = "$('#items').find('.selected').highlight().end().find('.open').updateCount();" * 2 + " // ข้อความยาว"


@pytest.mark.slow
def test_long_lines_wrap_inside_the_text_block_and_x1a_prints_greys(
    tmp_path: Path, book_copy, capsys
) -> None:
    book = book_copy("small")
    (book / "02-two.md").write_text(f"## สรุป {{#two}}\n\n```js\n{LONG}\nshort();\n```\n", encoding="utf-8")
    out = tmp_path / "code.pdf"
    assert main(["--content", str(book), "--output", str(out)]) == 0
    assert re.sub(r"\s", "", LONG) in re.sub(r"\s", "", pdftotext(out))  # every character printed
    with pikepdf.open(out) as pdf:
        width = float(pdf.pages[-1].MediaBox[2])
    right = width - 20 / 25.4 * 72  # A5, outside margin 20 mm (a right-hand page)
    code = [c for page in extract_pages(str(out)) for box in page for line in getattr(box, "_objs", [box])
            for c in getattr(line, "_objs", [line]) if isinstance(c, LTChar) and "Mono" in c.fontname]  # fmt: skip
    assert code and max(c.x1 for c in code) <= right + 0.5
    assert len({round(c.y0) for c in code}) >= 3  # the long line took two lines or more
    grey = tmp_path / "x1a.pdf"
    assert main(["--content", str(book), "--output", str(grey), "--pdf", "pdf/x-1a"]) == 0
    with pikepdf.open(grey) as pdf:
        fills = {
            tuple(round(float(v), 3) for v in operands)
            for page in pdf.pages
            for operands, op in pikepdf.parse_content_stream(page)
            if str(op) == "k"
        }
    assert len(fills) > 2 and all(c == m == y == 0 for c, m, y, _ in fills)  # greys only, no colour


def test_code_settings_are_checked(tmp_path: Path) -> None:
    from thaibook.core.errors import BuildErrors
    from thaibook.sources.chapters import load_book

    (tmp_path / "book.yaml").write_text("code:\n  highlight: rainbow\n  style: monokay\n")
    (tmp_path / "a.md").write_text("ข้อความ\n", encoding="utf-8")
    with pytest.raises(BuildErrors) as caught:
        load_book(tmp_path)
    assert [str(e).removeprefix(f"{tmp_path}/") for e in caught.value.errors] == [
        "book.yaml:2:3: code.highlight must be one of auto, colour, grey, none, not 'rainbow'",
        "book.yaml:3:3: code.style 'monokay' is not a Pygments style (did you mean 'monokai'?)",
    ]
