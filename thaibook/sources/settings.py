"""Book settings (``book.yaml``) read with the place of every key (``sources/located.py``), typed,
defaulted and validated all at once."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import MISSING, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from thaibook.core.errors import BuildError, raise_all
from thaibook.core.files import read_text
from thaibook.core.settings import (
    CONFIG_NAME,
    HIGHLIGHTS,
    LINEBREAK_RULES,
    NUMBER_STYLES,
    PAGE_SIZES,
    BookConfig,
    NumberingConfig,
    check_print,
)
from thaibook.sources.located import KeyPath, Located, load_yaml

LENGTH = re.compile(r"^-?\d+(\.\d+)?(mm|cm|in|pt|pc|px|em)$")


def load_config(book_dir: Path) -> BookConfig:
    """Read ``book_dir/book.yaml``, or defaults when the folder has none; the title and the PDF's
    name default to the folder's name."""
    path = book_dir / CONFIG_NAME
    name = book_dir.resolve().name
    named = BookConfig(title=name, output=f"{name}.pdf")
    if not path.exists():
        return named
    located = load_yaml(read_text(path), path)
    if located.data is None:
        located.data = {}
    config = parse_config(located)
    given = located.data if isinstance(located.data, dict) else {}
    return replace(
        config,
        title=config.title if "title" in given else named.title,
        output=config.output if "output" in given else named.output,
    )


def config_error(book_dir: Path, key: KeyPath, message: str) -> BuildError:
    """A BuildError at a setting of book.yaml (at the folder when there is no book.yaml)."""
    path = book_dir / CONFIG_NAME
    if not path.exists():
        return BuildError(message, book_dir)
    return load_yaml(read_text(path), path).error(key, message)


def parse_config(located: Located) -> BookConfig:
    """Turn parsed YAML into a BookConfig, reporting every problem at once."""
    errors: list[BuildError] = []
    config = _build(BookConfig, located.data, (), located, errors)
    if config is not None:
        errors += _check_values(config, located)
    raise_all(errors)
    assert config is not None
    return config


def _build(
    cls: type,
    data: Any,
    key: KeyPath,
    src: Located,
    errors: list[BuildError],
    foreign: dict[str, Any] | None = None,
) -> Any:
    """Build a dataclass from a mapping, checking keys and value types; unknown keys are
    errors, or kept in ``foreign`` when it is given (front matter written for another tool)."""
    if not isinstance(data, dict):
        errors.append(src.error(key, f"{_name(key)} must be a mapping of settings"))
        return None
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        name = str(raw_key)
        if name not in known and foreign is not None:
            foreign[name] = value
            continue
        if name not in known:
            errors.append(src.error(key + (name,), _unknown(name, known, key)))
            continue
        hint = _type_hints(cls)[name]
        checked = _convert(hint, value, key + (name,), src, errors)
        if checked is not _BAD:
            values[name] = checked
    for f in fields(cls):
        if f.name not in values and f.default is MISSING and f.default_factory is MISSING:
            errors.append(src.error(key, f"missing setting '{_name(key + (f.name,))}'"))
    return cls(**values)


_BAD = object()


@cache
def _type_hints(cls: type) -> dict[str, Any]:
    """A settings class's field types (resolving them costs more than reading the YAML)."""
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any, key: KeyPath, src: Located, errors: list[BuildError]) -> Any:
    """Check one value against its declared type."""
    if is_dataclass(hint):
        built = _build(hint, value, key, src, errors)
        return _BAD if built is None else built
    origin = typing.get_origin(hint)
    if origin is list:
        (item_type,) = typing.get_args(hint)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            errors.append(src.error(key, f"{_name(key)} must be a list"))
            return _BAD
        items = [_convert(item_type, v, key + (i,), src, errors) for i, v in enumerate(value)]
        return _BAD if _BAD in items else items
    if origin in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        shown = "nothing" if value is None else f"{type(value).__name__} {value!r}"
        errors.append(src.error(key, f"{_name(key)} must be {_type_name(hint)}, not {shown}"))
        return _BAD
    return value


def _check_values(config: BookConfig, src: Located) -> list[BuildError]:
    """Value rules beyond types: lengths, page sizes, number styles."""
    errors = []
    for section in ("page", "font"):
        for f in fields(getattr(config, section)):
            value = getattr(getattr(config, section), f.name)
            if f.type == "str" and f.name not in ("size", "family", "text_align"):
                if not LENGTH.match(value):
                    msg = f"{section}.{f.name} must be a length such as 20mm or 11pt, not {value!r}"
                    errors.append(src.error((section, f.name), msg))
    size = config.page.size
    if size not in PAGE_SIZES and not re.match(r"^\d+(\.\d+)?mm \d+(\.\d+)?mm$", size):
        msg = f"page.size must be one of {', '.join(sorted(PAGE_SIZES))} or 'W H' in mm"
        errors.append(src.error(("page", "size"), msg))
    if not LENGTH.match(config.font.size):
        errors.append(src.error(("font", "size"), "font.size must be a length such as 11pt"))
    if config.footnotes not in ("page", "chapter"):
        errors.append(
            src.error(("footnotes",), "footnotes must be page (at its foot) or chapter (at its end)")
        )
    if config.font.text_align not in ("left", "justify"):
        errors.append(src.error(("font", "text_align"), "font.text_align must be left or justify"))
    for f in fields(NumberingConfig):
        style = getattr(config.numbering, f.name)
        if style not in NUMBER_STYLES:
            msg = f"numbering.{f.name} must be one of {', '.join(sorted(NUMBER_STYLES))}"
            errors.append(src.error(("numbering", f.name), msg))
    if config.linebreak not in LINEBREAK_RULES:
        msg = f"linebreak must be {' or '.join(LINEBREAK_RULES)}, not {config.linebreak!r}"
        errors.append(src.error(("linebreak",), msg))
    if not config.output.endswith(".pdf") or "/" in config.output:
        errors.append(src.error(("output",), "output must be a file name ending in .pdf"))
    errors += [src.error(("print", key), message) for key, message in check_print(config.print)]
    errors += _check_code(config, src)
    return errors


def _check_code(config: BookConfig, src: Located) -> list[BuildError]:
    """code.highlight is one of its words, code.style a Pygments style."""
    errors = []
    if config.code.highlight not in HIGHLIGHTS:
        msg = f"code.highlight must be one of {', '.join(HIGHLIGHTS)}, not {config.code.highlight!r}"
        errors.append(src.error(("code", "highlight"), msg))
    if config.code.style == "default":
        return errors
    from pygments.styles import get_all_styles, get_style_by_name
    from pygments.util import ClassNotFound

    try:
        get_style_by_name(config.code.style)
    except ClassNotFound:
        styles = sorted(get_all_styles())  # imports every style: only when the name is wrong
        hint = did_you_mean(config.code.style, styles) or " (python -m pygments -L styles lists them)"
        errors.append(
            src.error(("code", "style"), f"code.style '{config.code.style}' is not a Pygments style{hint}")
        )
    return errors


def _unknown(name: str, known: Any, key: KeyPath) -> str:
    """The message for an unknown key, with a suggestion when one is close."""
    return f"unknown setting '{_name(key + (name,))}'" + did_you_mean(name, known)


def did_you_mean(name: str, known: Any, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` when a known name is close, else nothing."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _name(key: KeyPath) -> str:
    return ".".join(str(k) for k in key) or "book.yaml"


def _type_name(hint: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )


def with_output(config: BookConfig, output: str) -> BookConfig:
    """A copy of the config writing to another file name."""
    return replace(config, output=output)
