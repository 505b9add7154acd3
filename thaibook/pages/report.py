"""The pagination report (``dist/<name>.pages.json``), its summary and the revision report."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thaibook.core.book import Book
from thaibook.core.files import write_atomic
from thaibook.pages.agreement import line_agreements
from thaibook.pages.pagination import Pagination
from thaibook.pages.runs import capped, folio_runs, page_changes


@dataclass(frozen=True)
class Revision:
    """What changed since the previous build: pages, and headings or markers that moved."""

    changed_pages: tuple[str, ...]
    moved: tuple[str, ...]

    @property
    def lines(self) -> list[str]:
        """Every change, one line each."""
        return [*self.changed_pages, *self.moved]


def report_path(pdf: Path) -> Path:
    """``dist/<name>.pages.json`` beside ``dist/<name>.pdf``."""
    return pdf.with_suffix(".pages.json")


def previous_path(path: Path) -> Path:
    """Where the previous build's file is kept: ``<name>.prev.pdf``, ``<name>.prev.pages.json``."""
    stem, _, ext = path.name.partition(".")
    return path.with_name(f"{stem}.prev.{ext}")


def to_json(p: Pagination, agreement: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The report as plain data."""
    pages = [
        {"index": pg.index, "folio": pg.folio, "first_words": pg.first_words, "last_words": pg.last_words,
         "headings": list(pg.headings), "lines": pg.lines, "text": pg.text,
         "images": [{"src": src, "pixels": px, "scale": scale} for src, px, scale in pg.images],
         "chapter": pg.chapter}
        for pg in p.pages
    ]  # fmt: skip
    markers = [
        {"folio": r.marker.folio, "source": r.source, "page": r.page, "printed": r.folio,
         "pages": r.pages, "fitted": r.fitted, "overflow_lines": r.overflow_lines}
        for r in p.markers
    ]  # fmt: skip
    return {"pages": pages, "markers": markers, "line_agreement": agreement or []}


def keep_previous(pdf: Path) -> None:
    """Keep the last build's PDF and report aside, so a rebuild can be compared with them.

    A hard link, not a copy: the new files replace the old ones by renaming, so the
    kept name holds the old content alone (copied where links are not supported).
    """
    for path in (pdf, report_path(pdf)):
        if path.exists():
            kept = previous_path(path)
            link = kept.with_name(f".{kept.name}.link")
            try:
                link.unlink(missing_ok=True)
                os.link(path, link)
                os.replace(link, kept)
                link.unlink(missing_ok=True)  # left when kept was that same file already
            except OSError:
                shutil.copyfile(path, kept)


def write_report(pdf: Path, data: dict[str, Any]) -> Path:
    """Write ``<name>.pages.json`` next to the PDF."""
    path = report_path(pdf)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


def load_report(path: Path) -> dict[str, Any] | None:
    """A pages.json, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def revision(old: dict[str, Any], new: dict[str, Any]) -> Revision:
    """Compare two reports: pages whose text changed, headings and markers that moved."""
    old_pages, new_pages = old.get("pages", []), new.get("pages", [])
    changed = capped(page_changes(old_pages, new_pages), what="more runs of pages changed")
    moved = []
    before, after = _heading_folios(old_pages), _heading_folios(new_pages)
    for key, folio in after.items():
        if key in before and before[key] != folio:
            moved.append(f"{key[0]} moved from page {before[key]} to {folio}")
    old_markers = {(m["source"].split(":")[0], m["folio"]): m for m in old.get("markers", [])}
    for m in new.get("markers", []):
        prev = old_markers.get((m["source"].split(":")[0], m["folio"]))
        if prev and prev["page"] != m["page"]:
            moved.append(f"marker page {m['folio']} moved from PDF page {_pdf(prev)} to {_pdf(m)}")
        if prev and prev["fitted"] != m["fitted"]:
            moved.append(f"marker page {m['folio']} {'now fits' if m['fitted'] else 'no longer fits'}")
    return Revision(tuple(changed), tuple(capped(moved, what="more headings and markers moved")))


def changed_indexes(old: dict[str, Any], new: dict[str, Any]) -> list[int]:
    """PDF indexes of the pages whose text differs between two reports."""
    a, b = old.get("pages", []), new.get("pages", [])
    count = max(len(a), len(b))
    return [i for i in range(count) if i >= len(a) or i >= len(b) or a[i]["text"] != b[i]["text"]]


def summary(data: dict[str, Any]) -> list[str]:
    """Console lines: the folios, each marker's fate, the line agreement."""
    folios = folio_runs([p["folio"] for p in data["pages"]])
    lines = [f"pages: {len(data['pages'])} (folios: {folios})"]
    for m in data["markers"]:
        fate = "fitted" if m["fitted"] else f"OVERFLOWED by {m['overflow_lines']} lines"
        lines.append(f"marker page {m['folio']} ({m['source']}): PDF page {_pdf(m)}, {fate}")
    scaled = [
        (i["scale"], i["src"]) for p in data["pages"] for i in p.get("images", []) if i["scale"] < 0.995
    ]
    if scaled:
        scale, src = min(scaled)
        lines.append(
            f"images: {len(scaled)} scaled down to fit the text block (the most: '{src}' to {scale:.0%})"
        )
    for a in data["line_agreement"]:
        lines.append(
            f"line agreement with {a['reference']}: {a['agree']} of {a['lines']} line ends "
            f"({a['percent']:.1f}%) on page {a['folio']}"
            + (
                ""
                if a["agree"] == a["lines"]
                else "; 'check --agreement' shows the others and the words that moved"
            )
        )
    return lines


def _heading_folios(pages: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """Each heading (text, occurrence) and the folio of its page."""
    seen: Counter[str] = Counter()
    out = {}
    for page in pages:
        for h in page["headings"]:
            seen[h] += 1
            out[(h, seen[h])] = page["folio"] or f"#{page['index'] + 1}"
    return out


def _pdf(marker: dict[str, Any]) -> str:
    return "?" if marker["page"] is None else str(marker["page"] + 1)


def publish(book: Book, pagination: Pagination, pdf: Path, data: bytes) -> tuple[list[str], Revision | None]:
    """Write the PDF and its report; return the summary and the revision."""
    old = load_report(report_path(pdf))
    keep_previous(pdf)
    write_atomic(pdf, data)  # first: someone is waiting for it (watch mode)
    report = to_json(pagination, line_agreements(book, pagination))
    write_report(pdf, report)
    rev = revision(old, report) if old else None
    return summary(report), rev
