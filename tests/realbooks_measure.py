"""The table of the real books: pages, seconds, warnings by kind, the text layer's match.

    PYTHONPATH=.:tests python tests/realbooks_measure.py [SLUG ...]

Each book is copied as it came and built cold (a new cache folder, the default chapter build,
two workers), then read with pdftotext -raw and pypdf against its Markdown's visible text.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from realbooks import BOOKS, CORPUS, match, pdftotext_pages, pypdf_pages, visible_text
from thaibook.core.errors import BuildError, BuildErrors


def measure(slug: str, work: Path) -> str:
    """One row of the table."""
    from thaibook.build.chapters import build_chapters

    book = work / slug
    shutil.copytree(CORPUS / slug, book)
    os.environ["THAIBOOK_CACHE_DIR"] = str(work / f"cache-{slug}")
    start = time.perf_counter()
    try:
        result = build_chapters(book, work / f"{slug}.pdf")
    except (BuildError, BuildErrors) as exc:
        first = exc.formatted().splitlines()[0].removeprefix(f"{book}/")
        return f"| {slug} | exit 1 | {time.perf_counter() - start:.1f} | {first} | | |"
    seconds = time.perf_counter() - start
    kinds = Counter(w.kind for w in result.warnings)
    shown = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    expected = visible_text(book)
    raw = match(expected, pdftotext_pages(result.output))
    pypdf = match(expected, pypdf_pages(result.output))
    return (
        f"| {slug} | {len(result.pages)} | {seconds:.1f} | {len(result.warnings)}: {shown} "
        f"| {raw:.2%} | {pypdf:.2%} |"
    )


def main(slugs: list[str]) -> None:
    print("| book | pages | seconds | warnings by kind | pdftotext -raw | pypdf |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for slug in slugs or BOOKS:
            print(measure(slug, Path(tmp)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
