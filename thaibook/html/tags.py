"""Start tags in a chapter's HTML (Markdown's and the author's raw HTML), read and rewritten."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""


_ATTR = re.compile(rf"([^\s\"'>/=]+)(?:\s*=\s*({_VALUE}))?")


# A comment first, so that a tag inside one (<!-- <img src=x> -->) is left alone.
_TAG = re.compile(
    rf"<!--.*?-->|<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*{_VALUE})?)*)(\s*/?)>", re.S
)


Attrs = dict[str, str]


Rewrite = Callable[[str, Attrs], "str | Attrs | None"]


def rewrite_tags(html: str, names: frozenset[str], rewrite: Rewrite) -> str:
    """``html`` with each start tag named in ``names`` given to ``rewrite(tag, attrs)``.

    It answers None (the tag stays as it was), new attributes (the tag is written again
    with them) or a string (HTML that takes the tag's place). Attribute values are unescaped.
    """

    def one(match: re.Match[str]) -> str:
        tag = (match.group(1) or "").lower()
        if tag not in names:
            return match.group(0)
        attrs = {name.lower(): _unquote(value) for name, value in _ATTR.findall(match.group(2))}
        answer = rewrite(tag, attrs)
        if answer is None:
            return match.group(0)
        if isinstance(answer, str):
            return answer
        return start_tag(match.group(1), answer, match.group(3).strip())

    return _TAG.sub(one, html)


def start_tag(tag: str, attrs: Attrs, end: str = "") -> str:
    """A start tag with its attributes double-quoted and escaped."""
    parts = [tag] + [f'{name}="{escape(value)}"' for name, value in attrs.items()]
    return "<" + " ".join(parts) + (" /" if end else "") + ">"


def _unquote(value: str) -> str:
    if value[:1] in ("'", '"'):
        value = value[1:-1]
    return unescape(value)


_ID = re.compile(r"""\s(?:id|name)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")


def html_ids(html: str) -> set[str]:
    """The id (and ``<a name>``) values of an HTML text, unescaped."""
    return {_unquote(m.group(1)) for m in _ID.finditer(html)}
