"""The default build: chapter by chapter in worker processes, from the cache what is unchanged.

It runs the single-pass pipeline's stages (checks, sandbox, print options, dates)
around the parallel typesetting, and hands PDF/A, PDF/X and PDF/UA editions, whose
document-wide structures cannot be joined, to the single pass.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO, TypeVar

import jinja2
import pikepdf
from fontTools.ttLib import TTFont

from thaibook.build.inputs import assets_digest
from thaibook.build.pipeline import BuildResult, build, default_output, publish_checked, with_print_options
from thaibook.build.warm import remember, warm_workers
from thaibook.core.book import Book, FontFace, PageInfo
from thaibook.core.cachedir import book_cache_dir, fonts_cache_dir
from thaibook.core.code import code_salt
from thaibook.core.errors import collecting, pass_on
from thaibook.core.files import user_cache_dir
from thaibook.core.store import Store
from thaibook.editions.conformance import build_date, conform, needs_conformance, pdf_version
from thaibook.fonts.chain import book_faces
from thaibook.fonts.embedded import subset_font
from thaibook.fonts.emoji import check_sequences
from thaibook.fonts.faces import load_faces_once, prepare_faces_aside
from thaibook.fonts.textmap import copy_texts
from thaibook.pages.pagination import paginate
from thaibook.parts.checks import CheckedWorkers, check_book_once, check_references_once
from thaibook.parts.jobs import PartResult, RefusedError
from thaibook.parts.join import Subset, font_subsets, join_parts
from thaibook.parts.plan import _env as layout_env
from thaibook.parts.plan import book_parts
from thaibook.parts.schedule import Progress, RepaginateError, typeset_book
from thaibook.parts.workers import Workers
from thaibook.render.pdf import add_xmp, finish_document
from thaibook.render.sandbox import BASE_URL, refusal_error, sandbox_for
from thaibook.sources.chapters import load_book
from thaibook.thai.slips import repaired_book
from thaibook.weasy.render import collect_warnings

ASSET_SUFFIXES = (".md", ".yaml", ".yml")  # the book's texts, which the parts' HTML holds


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
    warm: bool = False,
    keep_workers: bool = True,
) -> BuildResult:
    """Build the book, typesetting only the parts the cache does not hold; ``warm``: then have
    every worker of ``workers`` typeset a chapter once (watch mode's first build);
    ``keep_workers=False``: they are told to go once the last part is typeset, before the join."""
    start = time.perf_counter()
    t = Timings()
    with collecting() as warnings:
        book = with_print_options(t("load book", load_book, book_dir), print_overrides or {})
        if book.config.print.pdf:
            return build(book_dir, output, print_overrides, strict=strict)
        pool = workers or Workers(jobs)  # started early: they import WeasyPrint meanwhile
        try:
            release = workers is None or not (keep_workers or warm)
            result = _build(book, output, pool, progress, strict or book.config.strict, t, warm, release)
        except RepaginateError:  # a part's page count changed on its second typesetting
            return build(book_dir, output, print_overrides, strict=strict)
        finally:
            if workers is None:
                pool.close()
    return replace(result, warnings=tuple(warnings), seconds=time.perf_counter() - start)


def _build(
    book: Book,
    output: Path | None,
    pool: Workers,
    progress: Progress | None,
    strict: bool,
    t: Timings,
    warm: bool = False,
    release: bool = False,
) -> BuildResult:
    salt = t("hash code, assets", lambda: code_salt() + assets_digest(book.root, ASSET_SUFFIXES))
    store = Store(book_cache_dir(book.root) / "parts", salt)
    fonts_store = Store(fonts_cache_dir(), code_salt())  # kept with the prepared fonts, not the parts
    book = t("thai slips", repaired_book, book)
    faces = t("load fonts", book_faces, book, lambda folder: load_faces_once(folder, fonts_store))
    t("check text", check_book_once, book, faces, store)
    t("check emoji", check_sequences, book, faces)
    typeset_faces, prepared = t("prepare fonts (aside)", prepare_faces_aside, faces)
    popts, date = book.config.print, build_date(book, book.config.print)
    t("compile layouts", warm_templates, book)
    try:
        parts = t("convert, lay out HTML", book_parts, book, typeset_faces, BASE_URL, store, pool)
    finally:
        t("prepare fonts (wait)", prepared)
    if any(
        WHOLE_BOOK_CSS.search(head) for head in {html.split("</style>", 1)[0] for html in parts.html.values()}
    ):
        raise RepaginateError("the layouts use whole-book features; typeset in one pass")
    need_alt = book.config.print.family == "ua"
    documents = list(parts.html.values())
    # Checked in a thread while the workers typeset: its error still stops the build.
    checked = CheckedWorkers(
        pool, lambda: t("check references (beside)", check_references_once, book, documents, need_alt, store)
    )
    box = sandbox_for(book, tuple(f.path for f in typeset_faces))
    linebreak = ("\n".join(sorted(book.words)).encode(), book.config.linebreak)
    parts.extras.update(
        sandbox=box, print_config=popts, date=date, book=files_only(book), linebreak=linebreak
    )
    warming = warm_finish(typeset_faces)
    try:
        results = t("typeset (workers)", typeset_book, checked, parts, store, progress)
        checked.result()  # nothing to typeset: the check was not waited for
    except RefusedError as exc:
        checked.result()  # a broken reference is reported first, as before typesetting
        raise refusal_error(book, str(exc), box) from None
    except Exception:
        checked.result()
        raise
    finally:
        if warming is not None:
            warming.join()
    files = {sha: data for r in results for sha, data in r.font_files.items()}
    for sha in {
        use.file_sha for r in results for use in [*r.fonts.values(), *r.frame_fonts.values()]
    } - files.keys():
        files[sha] = store.load("font", sha, bytes)

    def finish(pdf: pikepdf.Pdf, infos: list[PageInfo]) -> None:
        finish_document(pdf, infos, book.config.lang, typeset_faces)
        if needs_conformance(popts, date):
            conform(pdf, book, popts, date)

    subset = t("subset fonts", subsets, pool, store, results, files)
    if release:
        pool.release()
    with collect_warnings() as drawn:
        data, infos = t("join, finish PDF", join_parts, results, files, subset, finish, pdf_version(popts))
    pass_on(*(w for r in results for w in r.warnings), *drawn)
    titles = {ch.anchor: ch.title for ch in book.chapters}
    titles |= {h.id: h.text for c in parts.chapters for h in c.headings}
    pagination = t("paginate", paginate, book, infos, titles)
    target = output or default_output(book)
    summary, rev = t("publish", publish_checked, book, pagination, target, data, strict)
    remember(book, parts)
    if warm:
        t("warm the workers", warm_workers, pool, book, parts)
    t.report()
    return BuildResult(target, tuple(infos), (), 0.0, pagination, tuple(summary), rev)


def files_only(book: Book) -> Book:
    """The book as every part's job carries it to a worker: the chapters' files without their texts
    (a worker only names the chapter an image is in); the whole book made each job 3.5 MB to pickle."""
    chapters = tuple(
        replace(ch, body="", includes=tuple(replace(i, body="") for i in ch.includes)) for ch in book.chapters
    )
    return replace(book, chapters=chapters, words=frozenset())


def subsets(pool: Workers, store: Store, results: list[PartResult], files: dict[str, bytes]) -> Subset:
    """The joined book's font subsets: from the cache, else made side by side in the workers."""
    wanted = {store.key(sha, repr(gids)): (sha, gids) for sha, gids in font_subsets(results)}
    made = {key: store.load("subset", key, bytes) for key in wanted}
    todo = [key for key, found in made.items() if found is None]
    if todo:
        args = [(files[wanted[key][0]], wanted[key][1]) for key in todo]
        for key, data in zip(todo, pool.map(subset_font, args), strict=True):
            store.save("subset", key, data)
            made[key] = data
    return lambda data, gids: made[store.key(hashlib.sha256(data).hexdigest(), repr(gids))]


def warm_templates(book: Book) -> None:
    """Compile the layouts while the workers start (the parts' HTML waits for them otherwise),
    through Jinja2's bytecode cache: a new process compiles nothing. The cache is this user's,
    not the book's: compiled code from a folder that came with the book is never run."""
    env = layout_env(book.layout_dirs)
    if env.bytecode_cache is None:
        folder = user_cache_dir() / "layouts"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    for name in env.list_templates(extensions=["j2"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass  # reported where the template is used


def warm_finish(faces: tuple[FontFace, ...]) -> threading.Thread | None:
    """Load what finishing the joined PDF needs first, in a thread while the workers typeset:
    fontTools' name table, the faces' glyph copies, pikepdf's XMP (a new process pays ~0.1 s)."""
    if all(face.path in _WARMED for face in faces):
        return None

    def run() -> None:
        try:
            for face in faces:
                copy_texts(face.path)
            if faces:
                TTFont(faces[0].path, lazy=True)["name"].getDebugName(6)
            with pikepdf.new() as pdf:
                add_xmp(pdf, "th")
                pdf.save(io.BytesIO(), deterministic_id=True)
            _WARMED.update(face.path for face in faces)
        except Exception:  # noqa: BLE001 (a warm-up only: the finish reports any real problem)
            pass

    thread = threading.Thread(target=run, name="warm-finish", daemon=True)
    thread.start()
    return thread


_WARMED: set[Path] = set()


ENV = "THAIBOOK_TIMINGS"


BESIDE = "(beside)"


T = TypeVar("T")


class Timings:
    """Runs the build's stages, timing each when the environment asks for it."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self.enabled = (os.environ if environ is None else environ).get(ENV) == "1"
        self.start = time.perf_counter()
        self.rows: list[tuple[str, float]] = []

    def __call__(self, name: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)``, its time kept under ``name``."""
        if not self.enabled:
            return func(*args, **kwargs)
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            self.rows.append((name, time.perf_counter() - started))

    def report(self, out: TextIO | None = None) -> None:
        """Print the table (stage, milliseconds), the untimed rest and the total."""
        if not self.enabled:
            return
        total = time.perf_counter() - self.start
        stream = out or sys.stderr
        width = max([len(name) for name, _ in self.rows] + [24])
        for name, seconds in self.rows:
            print(f"  {name:<{width}} {seconds * 1000:8.1f} ms", file=stream)
        # A stage run "(beside)" the others, in a thread, is not part of the total's sum.
        rest = total - sum(seconds for name, seconds in self.rows if not name.endswith(BESIDE))
        print(f"  {'(other)':<{width}} {rest * 1000:8.1f} ms", file=stream)
        print(f"  {'total':<{width}} {total * 1000:8.1f} ms", file=stream, flush=True)
