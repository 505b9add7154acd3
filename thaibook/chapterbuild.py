"""The default build: chapter by chapter in worker processes, from the cache what is unchanged.

It runs the single-pass pipeline's stages (checks, sandbox, print options, dates)
around the parallel typesetting, and hands PDF/A, PDF/X and PDF/UA editions, whose
document-wide structures cannot be joined, to the single pass.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import replace
from pathlib import Path

from .cache import Store, code_salt
from .conformance import build_date, finish_conformance
from .content import Book, load_book
from .fontcache import font_cache_dir, prepare_faces
from .fonts import load_faces
from .fontsubset import subset_font
from .join import join_parts
from .pagination import paginate
from .parallel import Progress, RepaginateError, book_parts, typeset_book
from .partrender import RefusedError
from .pdf import collect_warnings, finish_pdf
from .pipeline import BuildResult, build, check_book, default_output, with_print_options
from .refs import check_references
from .report import publish
from .sandbox import BASE_URL, refusal_error, sandbox_for
from .workers import Workers

ASSET_SUFFIXES = (".md", ".yaml", ".yml")
# What a part typeset alone cannot know: the whole book's page count, running strings and
# elements carried over from earlier pages, the document's first page, blank pages.
WHOLE_BOOK_CSS = re.compile(
    r"counter\(\s*pages\b|string-set|\bstring\(|running\(|element\(|:first\b(?!-)|:blank"
)


def build_chapters(
    book_dir: Path,
    output: Path | None = None,
    print_overrides: dict | None = None,
    *,
    jobs: int = 2,
    workers: Workers | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build the book, typesetting only the parts the cache does not hold."""
    start = time.perf_counter()
    book = with_print_options(load_book(book_dir), print_overrides or {})
    if book.config.print.pdf:
        return build(book_dir, output, print_overrides, strict=strict)
    pool = workers or Workers(jobs)  # started early: they import WeasyPrint meanwhile
    try:
        result = _build(book, output, pool, progress, strict or book.config.strict)
    except RepaginateError:  # a part's page count changed on its second typesetting
        return build(book_dir, output, print_overrides, strict=strict)
    finally:
        if workers is None:
            pool.close()
    return replace(result, seconds=time.perf_counter() - start)


def _build(
    book: Book, output: Path | None, pool: Workers, progress: Progress | None, strict: bool
) -> BuildResult:
    faces = load_faces(book.font_dir)
    check_book(book, faces)
    typeset_faces = prepare_faces(faces, font_cache_dir(book))
    popts, date = book.config.print, build_date(book, book.config.print)
    store = Store(book.root / ".cache" / "parts", code_salt() + assets_digest(book))
    parts = book_parts(book, typeset_faces, BASE_URL, store, pool)
    if any(WHOLE_BOOK_CSS.search(html.split("</style>", 1)[0]) for html in parts.html.values()):
        raise RepaginateError("the layouts use whole-book features; typeset in one pass")
    check_references(book, "".join(parts.html.values()), need_alt=book.config.print.family == "ua")
    box = sandbox_for(book, tuple(f.path for f in typeset_faces))
    parts.extras.update(sandbox=box, print_config=popts, date=date, book=book)
    try:
        results = typeset_book(pool, parts, store, progress)
    except RefusedError as exc:
        raise refusal_error(book, str(exc), box) from None
    files = {sha: data for r in results for sha, data in r.font_files.items()}
    for sha in {use.file_sha for r in results for use in r.fonts.values()} - files.keys():
        files[sha] = store.load("font", sha, bytes)
    joined, infos = join_parts(results, files, lambda data, gids: cached_subset(store, data, gids))
    with collect_warnings() as warnings:
        data = finish_pdf(joined, infos, book.config.lang, typeset_faces)
    data = finish_conformance(data, book, popts, date)
    warnings = [w for r in results for w in r.warnings] + warnings
    titles = {ch.anchor: ch.title for ch in book.chapters}
    pagination = paginate(book, infos, titles | {h.id: h.text for c in parts.chapters for h in c.headings})
    target = output or default_output(book)
    notes, summary, rev = publish(book, pagination, target, data, strict)
    warnings += notes
    return BuildResult(target, tuple(infos), tuple(warnings), 0.0, pagination, tuple(summary), rev)


def cached_subset(store: Store, data: bytes, gids: list[int]) -> bytes:
    """A font subset from the cache, else made and kept."""
    key = store.key(hashlib.sha256(data).hexdigest(), repr(gids))
    found = store.load("subset", key, bytes)
    if found is None:
        found = subset_font(data, gids)
        store.save("subset", key, found)
    return found


def assets_digest(book: Book) -> str:
    """A hash of the book folder's other files (images...): parts refer to them by URL only."""
    digest = hashlib.sha256()
    for path in sorted(book.root.rglob("*")):
        if ".cache" in path.parts or not path.is_file() or path.suffix.lower() in ASSET_SUFFIXES:
            continue
        digest.update(str(path.relative_to(book.root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
