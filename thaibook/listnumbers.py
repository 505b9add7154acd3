"""List numbers WeasyPrint keeps: ``<ol start>`` and ``<li value>`` as counter styles.

WeasyPrint ignores both attributes (they are presentational hints, off by default), so a
list that continues after a paragraph (``3.`` with sane_lists gives ``<ol start="3">``)
would print from 1. The attributes stay (they are right for the HTML); a counter rule
is put before any style of the tag's own, so an author's style still wins. Runs on the
finished HTML, so raw HTML lists in the Markdown are numbered too. ``<ol reversed>`` is
not supported (WeasyPrint has no reversed counters).
"""

from __future__ import annotations

import re
from html import escape, unescape

from markdown.postprocessors import Postprocessor

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
TAG = re.compile(rf"<(ol|li)((?:\s+[^\s\"'>/=]+(?:\s*=\s*{_VALUE})?)*)\s*(/?)>", re.IGNORECASE)
ATTR = re.compile(rf"([^\s\"'>/=]+)(?:\s*=\s*({_VALUE}))?")
INTEGER = re.compile(r"\s*([+-]?\d+)")  # HTML's rules for parsing integers: leading digits count


def number_lists(html: str) -> str:
    """Give every ``<ol start>`` and ``<li value>`` in ``html`` a counter rule WeasyPrint honours."""
    return TAG.sub(_numbered, html)


def _numbered(match: re.Match[str]) -> str:
    tag = match.group(1).lower()
    attrs = [(m.group(1), m.group(2)) for m in ATTR.finditer(match.group(2))]
    names = [name.lower() for name, _ in attrs]
    number = _integer(attrs, names, "start" if tag == "ol" else "value")
    if number is None:
        return match.group(0)
    # WeasyPrint sets before it increments; 'none' also keeps a page marker's continued <li> right.
    rule = (
        f"counter-reset: list-item {number - 1}"
        if tag == "ol"
        else f"counter-set: list-item {number}; counter-increment: none"
    )
    if "style" in names:
        i = names.index("style")
        attrs[i] = ("style", f'"{escape("; ".join(filter(None, [rule, _unquote(attrs[i][1])])))}"')
    else:
        attrs.append(("style", f'"{rule}"'))
    parts = [match.group(1)] + [name if value is None else f"{name}={value}" for name, value in attrs]
    return "<" + " ".join(parts) + match.group(3) + ">"


def _integer(attrs: list[tuple[str, str | None]], names: list[str], name: str) -> int | None:
    if name not in names:
        return None
    found = INTEGER.match(_unquote(attrs[names.index(name)][1]))
    return int(found.group(1)) if found else None


def _unquote(value: str | None) -> str:
    if not value:
        return ""
    if value[0] in "\"'":
        value = value[1:-1]
    return unescape(value)


class ListNumbers(Postprocessor):
    """Runs number_lists on a chapter's HTML, after raw HTML is put back."""

    def run(self, text: str) -> str:
        return number_lists(text)
