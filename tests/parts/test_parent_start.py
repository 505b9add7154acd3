"""The parent's start of a chapter build, cut down: the references checked beside the typesetting,
ids found faster; the same errors and the same HTML as before."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaibook.build import chapters as chapterbuild
from thaibook.build.chapters import build_chapters
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError, BuildErrors
from thaibook.parts.checks import CheckedWorkers
from thaibook.parts.jobs import PartJob
from thaibook.parts.plan import _ids
from thaibook.parts.workers import Workers
from thaibook.thai.checker import Finding, _uncovered, check_text, uncovered
from thaibook.thai.rules import scan

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"


@pytest.fixture(scope="module")
def pool() -> Workers:
    """One pool for every build here, as watch mode keeps it between builds."""
    workers = Workers(2)
    yield workers
    workers.close()


def error_of(run) -> str:
    with pytest.raises((BuildError, BuildErrors)) as caught:
        run()
    return str(caught.value)


@pytest.mark.slow
@pytest.mark.parametrize("when", ["first", "midway", "last"])
def test_a_failed_reference_check_stops_the_build_and_the_pool_goes_on(
    when: str, pool: Workers, tmp_path: Path, monkeypatch
) -> None:
    """The check fails before any part is laid out, once one is typeset, or after all are: its error, no PDF.

    Nothing a chapter can say fails it today (a broken link is a warning, a missing image a
    placeholder), so the check is made to fail, as a future check of the parts' HTML would.
    """
    book = tmp_path / "book"
    shutil.copytree(SMALL, book)
    check = chapterbuild.check_references_once
    typeset = threading.Event()
    planted = BuildError("link to a missing heading '#nowhere'", book / "02-two.md", 9, 1)

    def gated_check(*args) -> None:
        if when == "midway":
            assert typeset.wait(60)
        time.sleep(2.0 if when == "last" else 0.0)
        check(*args)
        raise planted

    monkeypatch.setattr(chapterbuild, "check_references_once", gated_check)
    out = tmp_path / "out.pdf"
    progress = lambda done, total: typeset.set()  # noqa: E731
    assert error_of(lambda: build_chapters(book, out, workers=pool, progress=progress)) == str(planted)
    assert not out.exists()

    monkeypatch.setattr(chapterbuild, "check_references_once", check)
    result = build_chapters(book, out, workers=pool)
    assert out.exists() and len(result.pages) == len(build(book, tmp_path / "single.pdf").pages)


ID_TEXT = st.lists(
    st.sampled_from(['id="', "id=", '"', "a", "_", "ไ", " ", "<p ", ">", "x1", "é"]), max_size=30
)


@given(pieces=ID_TEXT)
def test_ids_are_what_the_word_boundary_pattern_finds(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert _ids(html) == set(re.findall(r'\bid="([^"]*)"', html))


class ScriptedPool:
    """Drives the callbacks as Workers.run does, in a set order: parts laid out, the check failing between."""

    conns = ("worker-1", "worker-2")

    def __init__(self, failed: threading.Event) -> None:
        self.failed = failed
        self.sent: list[object] = []

    def run(self, jobs, on_laid, on_done=None, spare=None) -> dict:
        self.sent += [job.key for job in jobs]
        self.sent += [on_laid("chapter-2", None)]  # waits for chapter-1's page count
        self.failed.set()
        time.sleep(0.2)
        self.sent += [spare(), on_laid("chapter-1", None)]
        return {}


def test_parts_waiting_for_their_place_are_stopped_when_the_check_fails() -> None:
    """Else the worker holding chapter-2 would wait for an answer that never comes."""
    failed = threading.Event()

    def check() -> None:
        failed.wait(10)
        raise BuildError("link to a missing heading '#nowhere'", Path("a.md"), 1, 1)

    pool = ScriptedPool(failed)
    jobs = [PartJob(key, "", "") for key in ("chapter-1", "chapter-2", "chapter-3")]
    on_laid = lambda key, laid: [(key, None)] if key == "chapter-1" else []  # noqa: E731
    with pytest.raises(BuildError, match="missing heading"):
        CheckedWorkers(pool, check).run(jobs, on_laid)
    assert pool.sent == [
        "chapter-1",
        "chapter-2",
        [jobs[2]],  # queued while the check ran
        None,  # none after it failed
        [("chapter-1", None), ("chapter-2", None)],
    ]


def reference_check_text(text: str, path: Path, charset: frozenset[int] | None) -> list[Finding]:
    """check_text as written before: every line scanned."""
    if charset is not None and not uncovered(text, charset):
        charset = None
    findings = []
    for lineno, line in enumerate(text.split("\n"), 1):
        for col, rule, m in scan(line):
            fix = rule.repair(m) if rule.repair else None
            findings.append(Finding(path, lineno, col, rule.describe(m), fix, rule.name))
        if charset is not None:
            findings += _uncovered(line, path, lineno, charset)
    return sorted(findings, key=lambda f: (f.line, f.column))


THAI_LINES = st.lists(st.sampled_from([*"กขำ่้ัิีุู็์ํ\u200b\u25cc", "\n", " ", "a", "ไก่", "น้ำ"]), max_size=40)


@given(pieces=THAI_LINES, covered=st.booleans())
def test_check_text_finds_what_a_scan_of_every_line_finds(pieces: list[str], covered: bool) -> None:
    text = "".join(pieces)
    charset = frozenset(range(0x0E00, 0x0E80)) if covered else frozenset(range(0x0E01, 0x0E30))
    for given_charset in (None, charset):
        assert check_text(text, Path("a.md"), given_charset) == reference_check_text(
            text, Path("a.md"), given_charset
        )


def test_a_job_is_queued_for_each_part_laid_out_while_the_check_runs() -> None:
    """The pool ends its run when its queue is empty and no part is in the works: two parts
    finished at once must find the next one queued, not held back."""
    release = threading.Event()
    pool = ScriptedPool(threading.Event())
    jobs = [PartJob(f"chapter-{i}", "", "") for i in range(1, 6)]
    checked = CheckedWorkers(pool, lambda: release.wait(10))
    answers: list[object] = []

    def run(jobs, on_laid, on_done=None, spare=None) -> dict:
        answers.extend([on_laid("chapter-1", None), on_laid("chapter-2", None)])
        release.set()
        checked.thread.join()
        answers.append(on_laid("chapter-3", None))
        return {}

    pool.run = run
    checked.run(jobs, lambda key, laid: [(key, "here")])
    keys = [[a if isinstance(a, tuple) else a.key for a in answer] for answer in answers]
    assert keys == [
        ["chapter-3", ("chapter-1", "here")],
        ["chapter-4", ("chapter-2", "here")],
        ["chapter-5", ("chapter-3", "here")],
    ]
