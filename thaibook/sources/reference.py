"""The README's reference of every ``book.yaml`` key and front-matter key, made from the settings'
dataclasses and the string under each field, so that it cannot drift from what the build reads.

``python -m thaibook.sources.reference`` prints it; ``--write README.md`` puts it between the
README's markers (tests/sources/test_reference.py fails while the two differ)."""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import sys
import textwrap
import types
import typing
from dataclasses import MISSING, Field, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from thaibook.core.book import ChapterMeta
from thaibook.core.settings import BookConfig
from thaibook.sources.settings import LENGTH

BEGIN = "<!-- reference: begin (python -m thaibook.sources.reference --write README.md) -->"
END = "<!-- reference: end -->"
DEFAULT = re.compile(r"\s*Default: (?P<default>.+?)\.?$", re.DOTALL)
SKIP = {"foreign"}  # ChapterMeta's keys of other tools: kept, never read


@cache
def docstrings(cls: type) -> dict[str, str]:
    """The string under each field of a dataclass, by field name (empty when there is none)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    found = {}
    for field_node, after in zip(body, body[1:], strict=False):
        if isinstance(field_node, ast.AnnAssign) and isinstance(field_node.target, ast.Name):
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                found[field_node.target.id] = " ".join(inspect.cleandoc(str(after.value.value)).split())
    return found


def rows(cls: type, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(key, kind of value, default, meaning) of every setting, sections' settings after their own."""
    out = []
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        if f.name in SKIP:
            continue
        key = prefix + f.name
        hint = hints[f.name]
        meaning, default = _meaning(cls, f)
        if is_dataclass(hint):
            out.append((key, "section", "", meaning))
            out += rows(hint, key + ".")  # type: ignore[arg-type]
            continue
        kind = "length" if _is_length(f) else _kind(hint)
        out.append((key, kind, default or _default(f), meaning))
    return out


def _meaning(cls: type, f: Field) -> tuple[str, str]:
    """A field's text with its ``{NAME}`` lists filled in, and the default its text states."""
    text = docstrings(cls).get(f.name, "")
    if not text:
        raise ValueError(
            f"{cls.__name__}.{f.name} has no description: write a string under it in "
            f"{inspect.getsourcefile(cls)} (it is the README's reference of the key)"
        )
    module = sys.modules[cls.__module__]
    text = re.sub(r"\{([A-Z_]+)\}", lambda m: _values(getattr(module, m.group(1))), text)
    stated = DEFAULT.search(text)
    if stated:
        return text[: stated.start()], stated.group("default")
    return text, ""


def _values(values: Any) -> str:
    ordered = sorted(values) if isinstance(values, (set, frozenset)) else list(values)
    shown = [f"`{v}`" for v in ordered]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else "".join(shown)


def _is_length(f: Field) -> bool:
    """A text setting whose default is a length (25mm, 11pt): the build checks it as one."""
    return isinstance(f.default, str) and bool(LENGTH.match(f.default))


def _kind(hint: Any) -> str:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is list:
        return "list of " + _kind(typing.get_args(hint)[0])
    return {str: "text", int: "whole number", float: "number", bool: "true or false"}[hint]


def _default(f: Field) -> str:
    value = f.default_factory() if f.default_factory is not MISSING else f.default  # type: ignore[misc]
    if value in ("", None, []):
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def table(title: str, found: list[tuple[str, str, str, str]]) -> str:
    """A Markdown table of settings under a heading; a section's row names its keys' prefix."""
    lines = [f"#### {title}", "", "| key | value | default | meaning |", "| --- | --- | --- | --- |"]
    for key, kind, default, meaning in found:
        if kind == "section":
            lines.append(f"| **`{key}:`** | | | {meaning} |")
        else:
            cell = meaning.replace("|", "\\|")
            lines.append(f"| `{key}` | {kind} | {default} | {cell} |")
    return "\n".join(lines)


def reference() -> str:
    """The whole reference: book.yaml's keys, then a chapter's front matter."""
    return "\n\n".join(
        [
            table("`book.yaml`", rows(BookConfig)),
            table("A chapter's front matter", rows(ChapterMeta)),
        ]
    )


def with_reference(readme: str) -> str:
    """The README with the reference between its markers replaced by the current one."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + reference() + "\n" + readme[end:]


def main(argv: list[str] | None = None) -> int:
    """Print the reference, or write it into a README between its markers."""
    parser = argparse.ArgumentParser(prog="python -m thaibook.sources.reference", description=__doc__)
    parser.add_argument("--write", type=Path, metavar="README.md", help="replace the reference in this file")
    args = parser.parse_args(argv)
    if args.write is None:
        print(reference())
        return 0
    text = args.write.read_text(encoding="utf-8")
    args.write.write_text(with_reference(text), encoding="utf-8")
    print(f"wrote the reference into {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
