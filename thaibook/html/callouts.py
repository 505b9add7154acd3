"""Callouts and task lists as real Markdown writes them, set for print.

GitHub alerts (``> [!NOTE]``; markdown-callouts), MkDocs admonitions (``!!! note "ชื่อ"``;
Python-Markdown's admonition) and their collapsible form (``??? note``, printed open;
pymdownx.details) all become one box, ``<aside class="admonition KIND">``, its first
paragraph the title: the Markdown's own, else the book's title for the kind (book.yaml's
``callouts``, Thai by default). Task list items (``- [ ]``, ``- [x]``; pymdownx.tasklist)
begin with ☐ or ☑ as text, not a form field: a checkbox ``<input>`` would become a PDF form
field whose font is embedded whole.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import fields

import markdown as md
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from thaibook.core.settings import CALLOUT_ALIASES, CalloutTitles
from thaibook.fonts.chain import BALLOT_BOX, CHECKED_BOX
from thaibook.html.tags import rewrite_tags

EXTENSIONS = ["admonition", "pymdownx.details", "markdown_callouts.github_callouts", "pymdownx.tasklist"]


KINDS = frozenset(f.name for f in fields(CalloutTitles))


class CalloutExtension(md.Extension):
    """Callout boxes with the book's titles, and task list boxes as text."""

    def __init__(self, titles: CalloutTitles) -> None:
        super().__init__()
        self.titles = titles

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.preprocessors.register(QuoteEnds(m), "quote_ends", 15)  # after fences and HTML are stashed
        m.treeprocessors.register(Callouts(m, self.titles), "callouts", 15)  # after inline (20)
        m.postprocessors.register(TaskBoxes(m), "task_boxes", 6)  # after raw HTML is back (30)


QUOTE = re.compile(r"^ *>")


BLANK_QUOTE = re.compile(r"^ *>[\s>]*$")


# What starts a block even right after a line of text (CommonMark): then the quote has ended.
INTERRUPTS = re.compile(r"^ *(?:#{1,6}(?:\s|$)|```|~~~|[-*+]\s+\S|1[.)]\s+\S)")


class QuoteEnds(Preprocessor):
    """A blank line where a quote (an alert) ends with no blank line before the next block.

    Python-Markdown takes every line up to a blank one into the quote; CommonMark ends it at a
    line without '>' after an empty '>' line, or at a heading or list (Microsoft's docs end
    their alerts so: '> [!NOTE]', '> text', '> ', then '## heading')."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            after_quote = bool(out) and QUOTE.match(out[-1]) and line.strip() and not QUOTE.match(line)
            if after_quote and (BLANK_QUOTE.match(out[-1]) or INTERRUPTS.match(line)):
                out.append("")
            out.append(line)
        return out


class Callouts(Treeprocessor):
    """Every admonition, GitHub alert and details block as an ``<aside>`` with a title."""

    def __init__(self, m: md.Markdown, titles: CalloutTitles) -> None:
        super().__init__(m)
        self.titles = titles

    def run(self, root: ET.Element) -> None:
        for el in root.iter():
            classes = el.get("class", "").split()
            if el.tag == "div" and "admonition" in classes:
                self._box(
                    el, [c for c in classes if c != "admonition"], el.find("p[@class='admonition-title']")
                )
            elif el.tag == "details":
                self._box(el, classes, el.find("summary"))

    def _box(self, el: ET.Element, classes: list[str], title: ET.Element | None) -> None:
        given = "".join(title.itertext()) if title is not None else None
        kind = _kind(classes, given)
        el.tag = "aside"
        el.attrib = {"class": " ".join(["admonition", kind, *classes[1:]])}
        if title is None:
            return  # an explicit empty title: none is printed
        title.tag, title.attrib = "p", {"class": "admonition-title"}
        default = given in (classes[0].capitalize() if classes else "", kind.capitalize())
        if default and kind in KINDS and len(title) == 0:
            title.text = getattr(self.titles, kind)
            if not title.text:  # the book's title for the kind is empty: no title
                el.remove(title)


def _kind(classes: list[str], title: str | None) -> str:
    """The callout's kind: its first class, aliases resolved (a GitHub CAUTION comes as 'danger')."""
    if not classes:
        return "note"
    if classes[0] == "danger" and title == "Caution":
        return "caution"
    return CALLOUT_ALIASES.get(classes[0], classes[0])


class TaskBoxes(Postprocessor):
    """Checkbox inputs (task list items', or the author's own) as ☐ and ☑ text."""

    def run(self, text: str) -> str:
        return rewrite_tags(text, frozenset({"input"}), _box)


def _box(tag: str, attrs: dict[str, str]) -> str | None:
    if attrs.get("type", "").lower() != "checkbox":
        return None
    mark, state = (CHECKED_BOX, "checked") if "checked" in attrs else (BALLOT_BOX, "unchecked")
    return f'<span class="task-box {state}">{mark}</span>'
