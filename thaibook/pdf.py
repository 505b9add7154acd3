"""WeasyPrint rendering, the PDF's post-processing and its atomic write."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pikepdf

from .errors import BuildError
from .fonts import FontFace
from .pages import PageInfo
from .textmap import map_glyph_copies

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
        self.messages: list[str] = []
        self.strict: list[str] = []
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        message = record.getMessage()
        self.messages.append(message)
        if os.environ.get(STRICT_ENV) == "1":
            self.strict.append(message)


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
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
    from . import libcache

    libcache.install()
    from weasyprint import HTML  # imported late: it costs half a second

    kwargs = {"url_fetcher": url_fetcher} if url_fetcher else {}
    return HTML(string=html, base_url=base_url, **kwargs).render(**options)


def pdf_bytes(document: Any, **options: Any) -> bytes:
    """The rendered document as PDF bytes, fonts subset; options as WeasyPrint's write_pdf()."""
    options.pop("stylesheets", None)
    return document.write_pdf(uncompressed_pdf=False, **options)


def finish_pdf(data: bytes, infos: list[PageInfo], lang: str, faces: tuple[FontFace, ...]) -> bytes:
    """Add page labels and language, check that only the book's fonts are embedded, map glyph copies."""
    with pikepdf.open(_bytes_io(data)) as pdf:
        finish_document(pdf, infos, lang, faces)
        out = _bytes_io()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def finish_document(pdf: pikepdf.Pdf, infos: list[PageInfo], lang: str, faces: tuple[FontFace, ...]) -> None:
    """finish_pdf's changes, made in an open PDF (a joined book is finished before its one save)."""
    check_fonts(pdf, faces)
    map_glyph_copies(pdf, faces)
    pdf.Root.PageLabels = page_labels(pdf, infos)
    pdf.Root.Lang = pikepdf.String(lang)
    add_xmp(pdf, lang)


def add_xmp(pdf: pikepdf.Pdf, lang: str) -> None:
    """XMP metadata mirroring the info dictionary, for readers that look only there."""
    if "/Metadata" in pdf.Root:
        return  # a PDF/A, /X or /UA edition: WeasyPrint wrote it, conformance pins it
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["dc:language"] = [lang]


def page_labels(pdf: pikepdf.Pdf, infos: list[PageInfo]) -> pikepdf.Dictionary:
    """/PageLabels: each page's printed folio, runs of Arabic numbers as one range."""
    nums: list[Any] = []
    prev: tuple[str, int] | None = None
    for info in infos:
        folio = info.folio
        if folio.isdigit() and folio.isascii():
            value = int(folio)
            if prev and prev[0] == "D" and prev[1] + 1 == value:
                prev = ("D", value)
                continue
            nums += [info.index, pikepdf.Dictionary(S=pikepdf.Name.D, St=value)]
            prev = ("D", value)
        else:
            nums += [info.index, pikepdf.Dictionary(P=pikepdf.String(folio))]
            prev = None
    return pikepdf.Dictionary(Nums=pikepdf.Array(nums))


def check_fonts(pdf: pikepdf.Pdf, faces: tuple[FontFace, ...]) -> None:
    """Fail if a font other than the book's reached the PDF, or one is not embedded."""
    allowed = {name for f in faces for name in f.pdf_names}
    for name, descriptor in _font_descriptors(pdf):
        base = name.split("+", 1)[-1]
        if base not in allowed:
            raise BuildError(
                f"font '{base}' reached the PDF but is not in the fonts folder "
                "(a character fell back to a system font)"
            )
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            raise BuildError(f"font '{base}' is not embedded in the PDF")


def _font_descriptors(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            for f in [font, *font.get("/DescendantFonts", [])]:
                desc = f.get("/FontDescriptor")
                if desc is not None and desc.objgen not in seen:
                    seen.add(desc.objgen)
                    yield str(desc.FontName)[1:], desc


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a PDF is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _bytes_io(data: bytes = b"") -> Any:
    import io

    return io.BytesIO(data)
