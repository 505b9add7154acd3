"""The pikepdf pass that makes a PDF's claims true and its bytes reproducible:
dates from SOURCE_DATE_EPOCH, stable XMP ids, the PDF/X output intent, PDF/UA
viewer preferences. It works on any finished PDF, one file or joined chapters."""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf

from thaibook.core.book import Book
from thaibook.core.errors import BuildError
from thaibook.core.settings import PrintConfig
from thaibook.editions.artifacts import mark_artifacts
from thaibook.editions.options import cmyk_profile
from thaibook.weasy.document import srgb_profile
from thaibook.weasy.tags import ROLE_MAP


def build_date(book: Book, config: PrintConfig, environ: dict[str, str] | None = None) -> datetime | None:
    """SOURCE_DATE_EPOCH when set; for PDF/X (which must carry dates) else the newest source."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        if not raw.isdigit():
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}", exit_code=2)
        return datetime.fromtimestamp(int(raw), UTC)
    if config.family != "x":
        return None
    return newest_source(book)


def newest_source(book: Book) -> datetime:
    """The time of the book's newest source file (book.yaml or a chapter)."""
    sources = [book.root / "book.yaml", *(ch.path for ch in book.chapters)]
    newest = max(int(p.stat().st_mtime) for p in sources if p.exists())
    return datetime.fromtimestamp(newest, UTC)


def iso_date(date: datetime) -> str:
    """XMP's form of a date."""
    return date.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def pdf_date(date: datetime) -> str:
    """The document information dictionary's form of a date."""
    return date.strftime("D:%Y%m%d%H%M%S+00'00'")


def prepare_document(document: Any, date: datetime | None) -> None:
    """Give WeasyPrint the dates, so it never falls back to the clock (it does for PDF/X)."""
    if date is not None:
        document.metadata.created = iso_date(date)
        document.metadata.modified = iso_date(date)


def finish_conformance(data: bytes, book: Book, config: PrintConfig, date: datetime | None) -> bytes:
    """Complete what the variant claims and pin every date and id."""
    if not needs_conformance(config, date):
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        conform(pdf, book, config, date)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, min_version=pdf_version(config))
    return out.getvalue()


def needs_conformance(config: PrintConfig, date: datetime | None) -> bool:
    """Whether finish_conformance changes anything: a PDF/A, /X or /UA edition, or a pinned date."""
    return bool(config.pdf) or date is not None


def conform(pdf: pikepdf.Pdf, book: Book, config: PrintConfig, date: datetime | None) -> None:
    """finish_conformance's changes, made in an open PDF (saved with pdf_version(config) at least)."""
    if date is not None:
        pdf.docinfo[pikepdf.Name.CreationDate] = pikepdf.String(pdf_date(date))
        pdf.docinfo[pikepdf.Name.ModDate] = pikepdf.String(pdf_date(date))
    if config.family == "x":
        _pdfx(pdf, book, config)
    _check_content_fits(pdf, book, config)
    if config.family == "ua":
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    mark_artifacts(pdf)  # a tagged edition's running header and folio
    if "/StructTreeRoot" in pdf.Root:
        _role_map(pdf.Root.StructTreeRoot)
    if config.pdf:
        _stable_xmp(pdf, book, date)
    if pikepdf.Name.ID in pdf.trailer:
        del pdf.trailer.ID  # WeasyPrint's was hashed over a random XMP id


def _role_map(root: pikepdf.Dictionary) -> None:
    """The structure types PDF 1.7 lacks (a callout's /Aside: weasy/tags.py) mapped to standard ones."""
    roles = root.get("/RoleMap", pikepdf.Dictionary())
    for name, standard in ROLE_MAP.items():
        roles[pikepdf.Name("/" + name)] = pikepdf.Name("/" + standard)
    root.RoleMap = roles


def _check_content_fits(pdf: pikepdf.Pdf, book: Book, config: PrintConfig) -> None:
    """PDF/X-3 and X-1a take no transparency; X-1a only CMYK and grey (RGB is rewritten)."""
    from thaibook.editions.colour import convert_to_cmyk, transparency

    problems = transparency(pdf) if config.pdf in ("pdf/x-3", "pdf/x-1a") else []
    if config.pdf == "pdf/x-1a":
        problems += convert_to_cmyk(pdf)
    if problems:
        uses = "; ".join(problems)
        raise BuildError(f"{config.pdf} cannot hold what the book uses ({uses}); use pdf/x-4", book.root)


def pdf_version(config: PrintConfig) -> str:
    """The PDF version each variant is based on (PDF/X-3:2003 on 1.4, PDF/X-4 on 1.6)."""
    return {"pdf/x-1a": "1.4", "pdf/x-3": "1.4", "pdf/x-4": "1.6"}.get(config.pdf, "1.7")


def _pdfx(pdf: pikepdf.Pdf, book: Book, config: PrintConfig) -> None:
    """A CMYK output intent, and sRGB as DefaultRGB so that RGB colours are device-independent."""
    profile_path = cmyk_profile(config, book.root)
    profile = pdf.make_stream(profile_path.read_bytes(), N=4)
    description = _profile_description(profile_path)
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(config.output_condition),
        OutputCondition=pikepdf.String(description),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String(description),
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])
    pdf.docinfo[pikepdf.Name.Trapped] = pikepdf.Name("/False")
    for page in pdf.pages:
        if pikepdf.Name.Annots in page.obj:
            del page.obj.Annots  # PDF/X allows no link annotations on the page; print has no use for them
    if config.pdf == "pdf/x-1a":
        return  # no ICC colour at all: RGB is rewritten to CMYK instead
    srgb = srgb_profile()
    default_rgb = pikepdf.Array([pikepdf.Name.ICCBased, pdf.make_stream(srgb, N=3)])
    for page in pdf.pages:
        if pikepdf.Name.Resources not in page.obj:
            page.obj.Resources = pikepdf.Dictionary()
        if pikepdf.Name.ColorSpace not in page.obj.Resources:
            page.obj.Resources.ColorSpace = pikepdf.Dictionary()
        page.obj.Resources.ColorSpace.DefaultRGB = default_rgb


def _profile_description(path: Path) -> str:
    """An ICC profile's description tag, else its file name."""
    from PIL import ImageCms

    try:
        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(str(path))).strip() or path.name
    except (OSError, ImageCms.PyCMSError):
        return path.name


def _stable_xmp(pdf: pikepdf.Pdf, book: Book, date: datetime | None) -> None:
    """XMP dates equal to the info dictionary's, and ids derived from the content, not random."""
    digest = hashlib.sha256()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(stream, pikepdf.Stream):
                digest.update(stream.read_bytes())
    doc_id = f"uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if "xmpMM:DocumentID" in meta:
            meta["xmpMM:DocumentID"] = doc_id
            meta["xmpMM:InstanceID"] = doc_id
        if date is not None:
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                meta[key] = iso_date(date)
