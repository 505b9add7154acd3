"""Pango's line-break opportunities, asked through ctypes.

The same Pango (and libthai dictionary) WeasyPrint typesets with, without importing
WeasyPrint: its cffi bindings take half a second to load, and the Markdown is
converted while the workers are still loading them.
"""

from __future__ import annotations

import ctypes
import re
from functools import cache

# The library's names on Linux, macOS and Windows, as WeasyPrint looks for them.
PANGO_NAMES = ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll", "libpango-1.0-0")
BIDI_CONTROLS = re.compile("[\u202a-\u202e]")


class LogAttr(ctypes.Structure):
    """PangoLogAttr: one unsigned int of bit fields; the first says 'a line may break here'."""

    _fields_ = [("is_line_break", ctypes.c_uint, 1), ("rest", ctypes.c_uint, 31)]


def _flag_layout() -> tuple[int, bytes]:
    """Which byte of a LogAttr holds is_line_break, and a table mapping that byte to 1 if set, else 0.

    Asked of ctypes, which lays bit fields out as the platform's C compiler (and Pango) does.
    """
    raw = bytes(LogAttr(is_line_break=1))
    at = next(i for i, b in enumerate(raw) if b)
    return at, bytes(1 if b & raw[at] else 0 for b in range(256))


FLAG_BYTE, FLAG_TABLE = _flag_layout()
SET = re.compile(b"\x01")


@cache
def _pango() -> ctypes.CDLL:
    for name in PANGO_NAMES:
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        raise OSError(f"Pango not found (tried {', '.join(PANGO_NAMES)}); see the README's install line")
    lib.pango_language_from_string.restype = ctypes.c_void_p
    lib.pango_language_from_string.argtypes = [ctypes.c_char_p]
    lib.pango_get_log_attrs.restype = None
    lib.pango_get_log_attrs.argtypes = [
        ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(LogAttr), ctypes.c_int,
    ]  # fmt: skip
    return lib


def line_breaks(text: str, lang: str = "th") -> set[int]:
    """Offsets (in characters, 1 to len - 1) before which Pango may break a line of this text."""
    lib = _pango()
    # WeasyPrint turns bidi controls into zero-width spaces before asking; so do we.
    data = BIDI_CONTROLS.sub("\u200b", text).encode("utf-8")
    attrs = (LogAttr * (len(text) + 1))()
    language = lib.pango_language_from_string(lang.encode("ascii"))
    lib.pango_get_log_attrs(data, len(data), -1, language, attrs, len(text) + 1)
    # The flag byte of every attribute at once, as 1 or 0; read in bulk, not field by field.
    flags = bytes(attrs)[FLAG_BYTE :: ctypes.sizeof(LogAttr)].translate(FLAG_TABLE)
    return {m.start() for m in SET.finditer(flags, 1, len(text))}
