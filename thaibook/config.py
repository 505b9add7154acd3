"""Book settings (``book.yaml``): typed, defaulted, and validated all at once."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from .errors import BuildError, raise_all
from .printopts import PrintConfig, check_print
from .yamlsrc import KeyPath, Located, load_yaml

CONFIG_NAME = "book.yaml"
LENGTH = re.compile(r"^-?\d+(\.\d+)?(mm|cm|in|pt|pc|px|em)$")
PAGE_SIZES = {"A3", "A4", "A5", "B4", "B5", "letter", "legal"}
NUMBER_STYLES = {"none", "decimal", "thai", "thai-alphabetic", "lower-roman", "upper-roman"}


@dataclass(frozen=True)
class PageConfig:
    """Paper and margins. Defaults: A4 with the Thai official-document margins."""

    size: str = "A4"
    top: str = "25mm"
    bottom: str = "20mm"
    inside: str = "30mm"
    outside: str = "20mm"
    header_gap: str = "4mm"
    footer_gap: str = "6mm"


@dataclass(frozen=True)
class FontConfig:
    """The body face and its measures."""

    family: str = "Sarabun"
    size: str = "11pt"
    line_height: float = 1.6
    header_size: str = "9.5pt"
    heading_size: str = "12pt"
    paragraph_indent: str = "15mm"
    text_align: str = "left"


@dataclass(frozen=True)
class NumberingConfig:
    """Page-number style of each part of the book."""

    cover: str = "none"
    front: str = "thai-alphabetic"
    body: str = "decimal"


@dataclass(frozen=True)
class BookConfig:
    """Everything ``book.yaml`` may say; unknown keys are errors."""

    title: str = "Untitled"
    subtitle: str = ""
    author: str = ""
    publisher: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    lang: str = "th"
    header: list[str] = field(default_factory=list)
    output: str = "book.pdf"
    chapters: list[str] = field(default_factory=list)
    cover: bool = True
    contents: bool = True
    contents_title: str = "สารบัญ"
    strict: bool = False
    reference: list[str] = field(default_factory=list)
    layouts: str = "layouts"
    fonts: str = "fonts"
    page: PageConfig = field(default_factory=PageConfig)
    font: FontConfig = field(default_factory=FontConfig)
    numbering: NumberingConfig = field(default_factory=NumberingConfig)
    print: PrintConfig = field(default_factory=PrintConfig)

    @property
    def header_lines(self) -> list[str]:
        """The running header's lines (the title when none is set)."""
        return self.header or [self.title]


def load_config(book_dir: Path) -> BookConfig:
    """Read ``book_dir/book.yaml``, or defaults when the folder has none."""
    path = book_dir / CONFIG_NAME
    if not path.exists():
        return BookConfig(title=book_dir.resolve().name, output=f"{book_dir.resolve().name}.pdf")
    located = load_yaml(read_text(path), path)
    if located.data is None:
        located.data = {}
    return parse_config(located)


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


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, naming the file and line of a bad byte."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BuildError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path,
            line,
            col,
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _build(cls: type, data: Any, key: KeyPath, src: Located, errors: list[BuildError]) -> Any:
    """Build a dataclass from a mapping, checking keys and value types."""
    if not isinstance(data, dict):
        errors.append(src.error(key, f"{_name(key)} must be a mapping of settings"))
        return None
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        name = str(raw_key)
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
    if config.font.text_align not in ("left", "justify"):
        errors.append(src.error(("font", "text_align"), "font.text_align must be left or justify"))
    for f in fields(NumberingConfig):
        style = getattr(config.numbering, f.name)
        if style not in NUMBER_STYLES:
            msg = f"numbering.{f.name} must be one of {', '.join(sorted(NUMBER_STYLES))}"
            errors.append(src.error(("numbering", f.name), msg))
    if not config.output.endswith(".pdf") or "/" in config.output:
        errors.append(src.error(("output",), "output must be a file name ending in .pdf"))
    errors += [src.error(("print", key), message) for key, message in check_print(config.print)]
    return errors


def _unknown(name: str, known: dict[str, Any], key: KeyPath) -> str:
    """The message for an unknown key, with a suggestion when one is close."""
    msg = f"unknown setting '{_name(key + (name,))}'"
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return msg + (f" (did you mean '{close[0]}'?)" if close else "")


def _name(key: KeyPath) -> str:
    return ".".join(str(k) for k in key) or "book.yaml"


def _type_name(hint: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )


def with_output(config: BookConfig, output: str) -> BookConfig:
    """A copy of the config writing to another file name."""
    return replace(config, output=output)
