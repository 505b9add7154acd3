"""The diagnostics model: warnings with file, line, column and kind, collected once each,
printed in gcc's form, carried through pickling (workers) and made errors all at once."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from thaibook.core.errors import (
    BuildError,
    BuildErrors,
    BuildWarning,
    collecting,
    pass_on,
    strict_errors,
    warn,
)


def test_warnings_print_in_gcc_form() -> None:
    assert BuildWarning("ข้อความ", Path("/x/a.md"), 3, 7, "thai").formatted() == "/x/a.md:3:7: warning: ข้อความ"
    assert BuildWarning("no line", "/x/a.md").formatted() == "/x/a.md: warning: no line"
    assert BuildWarning("nowhere").formatted() == "warning: nowhere"
    assert BuildError("bad", "/x/b.md", 2).formatted() == "/x/b.md:2: error: bad"
    both = BuildErrors([BuildError("one", "/a.md", 1, 1), BuildError("two")])
    assert both.formatted() == "/a.md:1:1: error: one\nerror: two"


def test_collected_in_order_each_once_and_passed_to_the_enclosing_collection() -> None:
    with collecting() as outer:
        warn("first", "/a.md", 1, 1, kind="k")
        with collecting() as inner:
            warn("second", "/a.md", 2, 1)
            warn("first", "/a.md", 1, 1, kind="k")
        assert [w.message for w in inner] == ["second", "first"]
        pass_on(*inner)  # carried back from a worker or a cache: not counted twice
    assert [(w.message, w.kind) for w in outer] == [("first", "k"), ("second", "build")]


def test_a_warning_outside_any_build_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="thaibook"):
        warn("alone", "/a.md", 4)
    assert [r.getMessage() for r in caplog.records if r.name == "thaibook"] == ["/a.md:4: warning: alone"]


def test_warnings_and_errors_survive_the_pipe_to_a_worker() -> None:
    w = BuildWarning("m", Path("/a.md"), 1, 2, "code")
    assert pickle.loads(pickle.dumps(w)) == w
    e = pickle.loads(pickle.dumps(BuildError("m", "/a.md", 1, 2)))
    assert e.formatted() == "/a.md:1:2: error: m"


def test_strict_makes_every_warning_an_error_at_once() -> None:
    strict_errors([])
    with pytest.raises(BuildErrors) as caught:
        strict_errors([BuildWarning("a", "/a.md", 1, 1), BuildWarning("b", "/b.md", 2)])
    assert caught.value.formatted() == "/a.md:1:1: error: a\n/b.md:2: error: b"
