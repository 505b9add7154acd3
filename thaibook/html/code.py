"""Code as technical books print it: every fence is code, whatever its info string, highlighted
by Pygments in colours that print (greys for PDF/X-1a or on request), long lines wrapped.

Python-Markdown reads fences with pymdown-extensions' SuperFences (backticks or tildes, any
length, in lists and quotes, ``{.lang}``) and Highlight (Pygments); its relaxed headers keep
the language of an info string it does not know (``js run``, ``smart header="..."``) instead
of reading the block as Markdown. The one form it misreads, Gatsby's and Docusaurus' line
ranges glued to the language (``js{2-6}``), is rewritten first into its own ``hl_lines``.
"""

from __future__ import annotations

import re

from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from thaibook.core.settings import CodeConfig, PrintConfig

EXTENSIONS = ["pymdownx.superfences", "pymdownx.highlight"]


LINE_ID = "__thaibook-line"  # Highlight's per-line spans; their ids are dropped (no anchors)


CONFIGS = {
    "pymdownx.superfences": {"relaxed_headers": True},
    "pymdownx.highlight": {
        "use_pygments": True, "guess_lang": False, "pygments_lang_class": True, "line_spans": LINE_ID,
    },
}  # fmt: skip


FENCE = re.compile(r"^(?P<lead>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


# js{2-6}, javascript{3-7,11,12}, js {1,5}: a language and the lines to highlight.
LINE_RANGES = re.compile(r"^(?P<lang>[\w#.+-]+)[ \t]*\{(?P<lines>[\d,\s-]+)\}(?P<rest>.*)$")


class FenceInfo(Preprocessor):
    """Rewrite ``js{2-6}`` opening fences as ``js hl_lines="2-6"``, never inside another fence."""

    def run(self, lines: list[str]) -> list[str]:
        return fence_info(lines)


def fence_info(lines: list[str]) -> list[str]:
    """The lines with each opening fence's line ranges in SuperFences' own form."""
    out, open_fence = [], ""
    for line in lines:
        m = FENCE.match(line)
        if m and open_fence:
            if (
                m["fence"][0] == open_fence[0]
                and len(m["fence"]) >= len(open_fence)
                and not m["info"].strip()
            ):
                open_fence = ""
        elif m and not (m["fence"][0] == "`" and "`" in m["info"]):
            open_fence = m["fence"]
            if r := LINE_RANGES.match(m["info"].strip()):
                ranges = " ".join(r["lines"].replace(",", " ").split())
                line = f'{m["lead"]}{m["fence"]}{r["lang"]} hl_lines="{ranges}"{r["rest"]}'
        out.append(line)
    return out


# A line that is only a stashed block (a fence SuperFences took out), and a setext underline.
STASHED = re.compile(r"^(?P<lead>(?:[ \t]*>)*[ \t]*)\x02wzxhzdk:\d+\x03[ \t]*$")


class FenceEnds(Preprocessor):
    """A closing fence ends its block, as in CommonMark: a ``---`` right after it is a rule, not
    the underline that made the code a level-2 heading, and a list item right after it is an
    item, not the lazy end of a paragraph that printed '- ' (real books have both)."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line, after in zip(lines, [*lines[1:], ""], strict=True):
            out.append(line)
            m = STASHED.match(line)
            if m and after.strip() and after.strip() != m["lead"].strip():
                out.append(m["lead"].rstrip())
        return out


PRE = re.compile(r"(<pre[^>]*>(?:<span></span>)?<code[^>]*>)(.*?)(</code></pre>)", re.DOTALL)


SPAN_ID = re.compile(rf'<span id="{LINE_ID}-\d+-\d+">')


class CodeLines(Postprocessor):
    """Each line of a code block in a ``span.ln`` of its own (the style sheet wraps a long line
    with a hanging indent, so that a reader sees where the line goes on)."""

    def run(self, text: str) -> str:
        return PRE.sub(_lines, text)


def _lines(m: re.Match[str]) -> str:
    body = m[2]
    if SPAN_ID.search(body):
        body = SPAN_ID.sub('<span class="ln">', body)
    else:  # not through Pygments: escaped text, no tags across lines
        rows = body.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        body = "".join(f'<span class="ln">{row}\n</span>' for row in rows)
    return m[1] + body + m[3]


HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def code_css(code: CodeConfig, printing: PrintConfig) -> str:
    """Pygments' rules of the book's style, in colour, in greys, or none."""
    mode = code.highlight
    if mode == "auto":
        mode = "grey" if printing.pdf == "pdf/x-1a" else "colour"
    if mode == "none":
        return ""
    from pygments.formatters import HtmlFormatter

    rules = HtmlFormatter(style=code.style).get_style_defs(".highlight")
    # The block's background and borders are the layout's; a token's own background is dropped.
    kept = [r for r in rules.splitlines() if r.startswith(".highlight .") and "border" not in r]
    kept = [re.sub(r"background-color: [^;}]+;?", "", r) for r in kept if not r.startswith(".highlight .hll")]
    css = "\n".join(kept)
    return HEX.sub(_grey, css) if mode == "grey" else css


def _grey(m: re.Match[str]) -> str:
    """A colour as the grey of its lightness, never lighter than 50 % (it must print legibly)."""
    value = m[1] if len(m[1]) == 6 else "".join(c * 2 for c in m[1])
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    level = round(min(0.299 * r + 0.587 * g + 0.114 * b, 0.5) * 255)
    return f"#{level:02x}{level:02x}{level:02x}"
