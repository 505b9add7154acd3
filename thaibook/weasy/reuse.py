"""What a typesetting worker keeps from one part to the next: style sheets and fonts.

Every part carries the book's whole style sheet. Left alone, WeasyPrint would parse
it, load its ``@font-face`` fonts into fontconfig, and subset every font again for
each part; a worker does the first two once. The parts' font programs are not
subset at all: the join replaces them with one subset of the whole book's glyphs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from thaibook.weasy.fontconfig import font_configuration

MAX_SHEETS = 8  # style sheets kept; more means the book changed a lot: start afresh


_state: dict[str, Any] = {}


_inherited: list[dict[str, Any]] = []


def font_config() -> Any:
    """The worker's FontConfiguration, shared by every part it typesets."""
    if "font_config" not in _state or len(_state.get("sheets", {})) > MAX_SHEETS:
        forget()
        _state["font_config"] = font_configuration()
    return _state["font_config"]


@contextmanager
def typesetting_part() -> Iterator[None]:
    """Inside: a part is being typeset, to be joined (its fonts are not subset).

    Counted, not flagged: a worker may set a part aside inside and typeset another."""
    _state["in_part"] = _state.get("in_part", 0) + 1
    try:
        yield
    finally:
        _state["in_part"] -= 1


def after_fork() -> None:
    """Start a forked worker afresh, never freeing what it inherited.

    A FontConfiguration removes its temporary font folder when freed, and the process
    it came from (and that process's other children) may still be using that folder.
    """
    _inherited.append(dict(_state))
    _state.clear()


def inherit() -> None:
    """In a process forked from a warm one that stays (the typesetting server): go on with its
    style sheets and fonts, never freeing them (their font folder is the forking process's).

    The faces it loads itself go in a folder of its own: in the shared one, a sibling loading
    the same face found the file there and skipped loading it, or rewrote it while another
    process read it (a worker killed by SIGBUS, "Font-face 'Sarabun' cannot be loaded")."""
    _inherited.append(dict(_state))
    if (config := _state.get("font_config")) is not None:
        config._folder = None  # WeasyPrint makes a new one at the next @font-face it loads


def forget() -> None:
    """Drop the fonts and style sheets kept (after a failed part: a refused URL must be refused again)."""
    _state.pop("font_config", None)
    _state.pop("sheets", None)


def install() -> None:
    """Make WeasyPrint reuse the worker's parsed style sheets and skip the parts' font subsetting."""
    import weasyprint.css as wp_css
    import weasyprint.pdf.fonts as wp_fonts

    if getattr(wp_css.CSS, "_thaibook", False):
        return
    original_css = wp_css.CSS

    def css(*args: Any, **kwargs: Any) -> Any:
        shared = kwargs.get("font_config") is _state.get("font_config") is not None
        if args or kwargs.get("string") is None or not shared:
            return original_css(*args, **kwargs)
        return _sheet(original_css, kwargs)

    css._thaibook = True  # type: ignore[attr-defined]
    css.__wrapped__ = original_css  # type: ignore[attr-defined] (its signature is the original's)
    wp_css.CSS = css
    original_clean = wp_fonts.Font.clean

    def clean(self: Any, to_unicode: Any, hinting: Any) -> None:
        redo = "fvar" in self.tables or self.png or self.svg or self.colr
        if not _state.get("in_part") or redo or self.used_in_forms:
            # The join cannot redo what this does; a form field's font is read whole afterwards.
            original_clean(self, to_unicode, hinting)
        else:
            self.file_content = self.file_content[:4]  # the type tag (TrueType or OpenType) only

    clean.__wrapped__ = original_clean  # type: ignore[attr-defined]
    wp_fonts.Font.clean = clean


def _sheet(make: Any, kwargs: dict[str, Any]) -> Any:
    """A ``<style>`` sheet parsed once; its counter styles and colour profiles given to each document."""
    sheets = _state.setdefault("sheets", {})
    key = (kwargs["string"], kwargs.get("base_url"), kwargs.get("media_type"))
    if key not in sheets:
        counters = type(kwargs["counter_style"])(kwargs["counter_style"])
        profiles = dict(kwargs.get("color_profiles") or {})
        own = {**kwargs, "counter_style": counters, "color_profiles": profiles}
        own.pop("page_rules", None)  # a sheet's page rules and layers are read from the sheet
        own.pop("layers", None)
        with _recorded() as warnings:
            sheet = make(**own)
        sheets[key] = (sheet, counters, profiles, warnings)
    else:
        for message in sheets[key][3]:  # each part reports the sheet's warnings, as before
            logging.getLogger("weasyprint").warning("%s", message)
    sheet, counters, profiles, _ = sheets[key]
    kwargs["counter_style"].update(counters)
    if kwargs.get("color_profiles") is not None:
        kwargs["color_profiles"].update(profiles)
    return sheet


class _recorded:  # noqa: N801 (a context manager, like open())
    """The warnings WeasyPrint logs inside the block."""

    def __enter__(self) -> list[str]:
        self.handler = _Recorder()
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.handler.messages

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("weasyprint").removeHandler(self.handler)


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
