"""Line breaks in the HTML: the ZWSPs of URLs, and (``linebreak: libthai``) nowrap spans.

Applied to every text node by a Python-Markdown tree processor; the rule is ``breaks.py``'s.
The default rule's refusals need no markup: the typesetter gives them to Pango
(``weasy/breaks.py``). The spans' ``white-space: nowrap`` comes from one class rule
(``html/layout.py``'s NOWRAP_CSS).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown.treeprocessors import Treeprocessor

from thaibook.thai.breaks import split
from thaibook.thai.linebreak import NOBREAK_CLASS

# Headings are left alone: WeasyPrint makes their text the PDF outline, ZWSP and all.
SKIP_TAGS = ("pre", "code", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6")


def _spans(text: str, words: tuple[str, ...], rule: str) -> tuple[str, list[ET.Element]] | None:
    """Leading text and the nowrap spans (their tails hold the text between), or None if nothing to do."""
    pieces = split(text, words, rule)
    if not any(p for _, p in pieces):
        joined = "".join(t for t, _ in pieces)  # the default rule's ZWSPs in URLs
        return None if joined == text else (joined, [])
    lead = ""
    spans: list[ET.Element] = []
    for piece, protected in pieces:
        if protected:
            span = ET.Element("span", {"class": NOBREAK_CLASS})
            span.text = piece
            span.tail = ""
            spans.append(span)
        elif spans:
            spans[-1].tail = (spans[-1].tail or "") + piece
        else:
            lead += piece
    return lead, spans


class ThaiLineBreaks(Treeprocessor):
    """Wrap protected runs of every text node in nowrap spans."""

    def __init__(self, md, words: tuple[str, ...], rule: str = "dictionary") -> None:  # noqa: ANN001 (Markdown's API)
        super().__init__(md)
        self.words = words
        self.rule = rule

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        skipped = {d for el in root.iter() if el.tag in SKIP_TAGS for d in el.iter()}
        for el in list(root.iter()):
            if el not in skipped and el.text and (done := _spans(el.text, self.words, self.rule)):
                el.text = done[0]
                for i, span in enumerate(done[1]):
                    el.insert(i, span)
            parent = parents.get(el)
            if parent is not None and parent not in skipped and el.tail:
                if done := _spans(el.tail, self.words, self.rule):
                    el.tail = done[0]
                    at = list(parent).index(el) + 1
                    for i, span in enumerate(done[1]):
                        parent.insert(at + i, span)
