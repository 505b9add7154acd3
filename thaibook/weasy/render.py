"""WeasyPrint itself: loading it fast, rendering HTML, writing PDF bytes, its warnings, its URL fetcher.

Loading: WeasyPrint looks for each of its C libraries under several names (Windows',
macOS' and Linux'); every name that is not found costs Python's find_library a run of
ldconfig, gcc and ld: about 0.3 s before the first page. The answers of
``ctypes.util.find_library`` are kept in the user's cache folder and forgotten whenever
the system's library cache or the library search path changes, so a stale answer is
never used. On a new machine the names WeasyPrint asks for are looked up side by side
before it is imported (each lookup waits on programs it runs): ~0.2 s becomes ~0.05 s.
"""

from __future__ import annotations

import ctypes.util
import json
import logging
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from thaibook.core.errors import BuildError, BuildWarning
from thaibook.core.files import user_cache_dir, write_bytes
from thaibook.weasy import justify
from thaibook.weasy.fontconfig import font_configuration
from thaibook.weasy.tags import install_tags

LD_CACHE = Path("/etc/ld.so.cache")


# The names WeasyPrint 70's text/ffi.py and pdf/fonts.py look its libraries up by, in its order
# (a name it asks for that is not here is looked up when asked, as before).
ASKED = (
    "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
    "libharfbuzz-0", "harfbuzz", "libharfbuzz-subset-0", "harfbuzz-subset", "libharfbuzz-vector-0",
    "harfbuzz-vector", "harfbuzz-vector-0.0", "libharfbuzz-vector.so.0", "libharfbuzz-vector.0.dylib",
    "libharfbuzz-vector-0.dll", "libfontconfig-1", "fontconfig-1", "fontconfig", "libpangoft2-1.0-0",
    "pangoft2-1.0-0", "pangoft2-1.0",
)  # fmt: skip


_installed: list[bool] = []


def cache_file() -> Path:
    """Where the answers are kept (XDG cache folder)."""
    return user_cache_dir() / "find_library.json"


def _context() -> str:
    """What the answers depend on: the system's library cache and the search paths."""
    try:
        stat = LD_CACHE.stat()
        ld = f"{stat.st_mtime_ns}:{stat.st_size}"
    except OSError:
        ld = "-"
    paths = [os.environ.get(name, "") for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "PATH")]
    return "|".join([ld, *paths])


def install_library_cache() -> None:
    """Answer find_library from the cache; ask Python (and remember) only what it does not hold."""
    if _installed:
        return
    _installed.append(True)
    original = ctypes.util.find_library
    context = _context()
    try:
        saved = json.loads(cache_file().read_text(encoding="utf-8"))
        answers = saved["answers"] if saved.get("context") == context else {}
    except (OSError, ValueError, KeyError, TypeError):
        answers = {}

    if missing := [name for name in ASKED if name not in answers]:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers.update(zip(missing, pool.map(original, missing), strict=True))
        _save(cache_file(), context, answers)

    def find_library(name: str) -> str | None:
        if name not in answers:
            answers[name] = original(name)
            _save(cache_file(), context, answers)  # this build's cache (a server's fork serves many)
        return answers[name]

    ctypes.util.find_library = find_library


def _save(path: Path, context: str, answers: dict[str, str | None]) -> None:
    """Write the answers atomically; a cache that cannot be written is only slower."""
    try:
        write_bytes(
            path, json.dumps({"context": context, "answers": answers}, ensure_ascii=False).encode("utf-8")
        )
    except OSError:
        pass


LOGGER_NAMES = ("weasyprint", "weasyprint.progress")


# Set to 1 (the test suite does) to make any WeasyPrint warning fail the build.
STRICT_ENV = "THAIBOOK_WEASYPRINT_WARNINGS_FAIL"


_OPEN: list[logging.Handler] = []  # the collections under way


_PROPAGATE: list[bool] = []  # the logger's flag from before the first of them


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings so the build can report them: those of its own thread
    (a worker sets a part aside in its thread and typesets another meanwhile)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[BuildWarning] = []
        self.strict: list[str] = []
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = _with_cause(record)
        self.messages.append(BuildWarning(message, kind="weasyprint"))
        if os.environ.get(STRICT_ENV) == "1":
            self.strict.append(message)


def _with_cause(record: logging.LogRecord) -> str:
    """The message, with the cause of an exception that has no message of its own: WeasyPrint's
    'Failed to load image at …: ' ends in an empty ImageLoadingError whose cause says why."""
    message = record.getMessage()
    args = record.args if isinstance(record.args, tuple) else ()
    for arg in args:
        if isinstance(arg, BaseException) and not str(arg) and arg.__cause__ is not None:
            cause = arg.__cause__
            message += f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return message


@contextmanager
def collect_warnings() -> Iterator[list[BuildWarning]]:
    """Collect WeasyPrint's log warnings instead of printing them."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    if not _OPEN:  # collections may overlap (parts set aside): the last one out restores
        _PROPAGATE[:] = [logger.propagate]
        logger.propagate = False
    _OPEN.append(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        _OPEN.remove(handler)
        if not _OPEN:
            logger.propagate = _PROPAGATE[0]
    if handler.strict:
        raise BuildError(f"WeasyPrint warned: {handler.strict[0]}")


def render(html: str, base_url: str, url_fetcher: Any = None, **options: Any) -> Any:
    """Lay out the HTML into pages (WeasyPrint's Document); options as WeasyPrint's render()."""
    install_library_cache()
    justify.install()
    from weasyprint import HTML  # imported late: it costs half a second

    install_tags()
    kwargs = {"url_fetcher": url_fetcher} if url_fetcher else {}
    if options.get("font_config") is None:
        options["font_config"] = font_configuration()  # no installed font: the book's faces only
    return HTML(string=html, base_url=base_url, **kwargs).render(**options)


def stylesheet(css: str) -> Any:
    """A WeasyPrint style sheet from CSS text."""
    from weasyprint import CSS

    return CSS(string=css)


def pdf_bytes(document: Any, **options: Any) -> bytes:
    """The rendered document as PDF bytes, fonts subset; options as WeasyPrint's write_pdf()."""
    from thaibook.weasy import markers
    from thaibook.weasy.links import one_link_each

    markers.install()  # list markers drawn in reading order
    one_link_each(document.pages)
    options.pop("stylesheets", None)
    return document.write_pdf(uncompressed_pdf=False, **options)


def _fatal_base() -> type[BaseException]:
    from weasyprint.urls import FatalURLFetchingError  # imported late: WeasyPrint is slow to load

    return FatalURLFetchingError


class FetchPolicy(Protocol):
    """What a fetcher asks before it opens a URL (render/render/sandbox.py's Sandbox)."""

    refused: list[str]

    def allows(self, url: str) -> bool: ...

    def real_path(self, url: str) -> Path | None: ...


def make_fetcher(box: FetchPolicy) -> object:
    """A WeasyPrint URL fetcher that opens only what ``box`` allows, and stops the render on the rest."""
    from weasyprint.urls import URLFetcher

    fatal = _fatal_base()

    class Refused(fatal):  # type: ignore[valid-type, misc]
        """Stops WeasyPrint at once: a BaseException it does not swallow."""

    class SandboxFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> object:
            if not box.allows(url):
                box.refused.append(url)
                raise Refused(url)
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            real = box.real_path(url)
            assert real is not None
            return super().fetch(real.resolve().as_uri(), headers)

    return SandboxFetcher(timeout=1, allowed_protocols=("file", "data"))


def is_refusal(exc: BaseException) -> bool:
    """Whether an exception is the sandbox stopping a render."""
    return type(exc).__name__ == "Refused" and isinstance(exc, _fatal_base())
