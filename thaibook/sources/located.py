"""YAML parsed with the place of every key and value in the file (1-based line, column), and
the keys a mapping gives twice, which YAML would drop without a word."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from thaibook.core.errors import BuildError, warn

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed YAML data and the 1-based (line, column) of every key path."""

    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    path: Path | None = None
    line_offset: int = 0

    def where(self, key: KeyPath) -> tuple[int | None, int | None]:
        """The (line, column) of a key path, falling back to its parents."""
        while key:
            if key in self.positions:
                line, col = self.positions[key]
                return line + self.line_offset, col
            key = key[:-1]
        return (1 + self.line_offset, 1) if self.positions else (None, None)

    def error(self, key: KeyPath, message: str) -> BuildError:
        """A BuildError pointing at a key path."""
        line, col = self.where(key)
        return BuildError(message, self.path, line, col)


def load_yaml(text: str, path: Path | None = None, line_offset: int = 0) -> Located:
    """Parse one YAML document, keeping the position of each key."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        raise BuildError(f"invalid YAML: {problem}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise BuildError(f"invalid YAML: {exc}", path) from None
    located = Located(data, {}, path, line_offset)
    if node is not None:
        _record(node, (), located.positions)
        _warn_twice(node, (), path, line_offset)
    return located


def _record(node: yaml.Node, key: KeyPath, out: dict[KeyPath, tuple[int, int]]) -> None:
    """Walk a composed node tree, storing where each key path starts."""
    out.setdefault(key, (node.start_mark.line + 1, node.start_mark.column + 1))  # a key's own place first
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else str(k)
            out[key + (name,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
            if not isinstance(v, yaml.ScalarNode):
                _record(v, key + (name,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record(item, key + (i,), out)


def _warn_twice(node: yaml.Node, key: KeyPath, path: Path | None, offset: int) -> None:
    """A key given twice in one mapping (a second ``page:`` added below the first): YAML keeps
    the last without a word, so the first one's settings vanish."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else str(k)
            line = k.start_mark.line + 1 + offset
            if name in seen:
                dotted = ".".join(str(x) for x in (*key, name))
                message = (
                    f"'{dotted}' is given twice (lines {seen[name]} and {line}): only the last one counts"
                )
                warn(message, path, line, k.start_mark.column + 1, kind="config")
            seen[name] = line
            _warn_twice(v, (*key, name), path, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _warn_twice(item, (*key, i), path, offset)
