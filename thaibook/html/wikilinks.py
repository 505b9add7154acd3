"""Wiki links, ``[[มาตรา ๙๕]]`` and ``[[ม1|มาตรา ๑]]``, as Obsidian and wikis write them.

Python-Markdown's own wikilinks extension takes only ``\\w`` (no Thai vowels or tones) and
no label. A wiki link names a chapter by its file's name, its title or one of the
``aliases`` of its front matter (Obsidian's), ``#heading`` after it; links.py resolves it.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

import markdown as md
from markdown.inlinepatterns import InlineProcessor

from thaibook.core.book import READ_FOREIGN, Book, Chapter

# Not before '(' or '[': ``[[⬆ back]](#TOC)`` is a Markdown link whose text is ``[⬆ back]``
# (airbnb-js-style-th's 60 links back to the contents).
WIKI = r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\](?![(\[])"


class WikiLinks(InlineProcessor):
    """``[[target|label]]`` as ``<a data-wiki="target">label</a>``."""

    def handleMatch(self, m, data):  # type: ignore[no-untyped-def]  # noqa: N802 (Markdown's API)
        link = ET.Element("a")
        link.set("data-wiki", m.group(1).strip())
        link.text = (m.group(2) or m.group(1)).strip()
        return link, m.start(0), m.end(0)


class WikiLinkExtension(md.Extension):
    """Wiki links read before reference links (170) could take ``[x]`` out of ``[[x]]``."""

    def extendMarkdown(self, m: md.Markdown) -> None:  # noqa: N802 (Markdown's API)
        m.inlinePatterns.register(WikiLinks(WIKI, m), "wiki_links", 175)


def wiki_names(book: Book) -> dict[str, Chapter]:
    """Each name a wiki link may give a chapter (first chapter wins), as ``name_key`` spells it."""
    names: dict[str, Chapter] = {}
    for chapter in book.chapters:
        aliases = [chapter.meta.foreign.get(key) or [] for key in READ_FOREIGN]
        given = [a for names in aliases for a in ([names] if isinstance(names, str) else names)]
        for name in (chapter.path.stem, chapter.title, *(a for a in given if isinstance(a, str))):
            names.setdefault(name_key(name), chapter)
    return names


def name_key(name: str) -> str:
    """A name as wiki links compare it: no case, no outer spaces, one Unicode form."""
    return unicodedata.normalize("NFC", name).strip().casefold()
