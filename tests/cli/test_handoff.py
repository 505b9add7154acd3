"""build.py hands a build to the typesetting server: the same output, errors, exit codes and PDF as a
build run in its own process, on the caller's terminal, and Ctrl+C still stops it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_terminal import run_on_terminal

from conftest import pdftotext
from thaibook.parts import served, server

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not served.enabled(), reason="the server needs Linux")]

ROOT = Path(__file__).resolve().parents[2]
PLAIN = ROOT / "tests" / "books" / "plain"


def run(
    tmp_path: Path, name: str, *args: str, server: str = "1", **extra: str
) -> tuple[subprocess.CompletedProcess, float]:
    """build.py on a new copy of the plain book; the result and the CPU seconds of the process and
    its children (a build handed over spends almost none here)."""
    book = tmp_path / name / "book"  # the same name: the title comes from it
    shutil.copytree(PLAIN, book)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THAIBOOK_SERVER": server, **extra}
    cmd = [sys.executable, str(ROOT / "build.py"), *args, "--content", str(book), "--output", f"{book}.pdf"]
    out, err = tmp_path / name / "out", tmp_path / name / "err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    # Its own account (wait4), not RUSAGE_CHILDREN: that also counts any child of this test process
    # reaped meanwhile (the workers an earlier test forked here).
    deadline = time.monotonic() + 300
    while (waited := os.wait4(proc.pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    if waited[0] == 0:
        proc.kill()
        raise AssertionError(f"build.py did not end: {cmd}")
    proc.returncode = os.waitstatus_to_exitcode(waited[1])
    done = subprocess.CompletedProcess(cmd, proc.returncode, out.read_text(), err.read_text())
    return done, waited[2].ru_utime + waited[2].ru_stime


def said(done: subprocess.CompletedProcess, tmp_path: Path, name: str) -> str:
    return (done.stdout + done.stderr).replace(str(tmp_path / name), "HERE")


def listening() -> set[str]:
    """The abstract names this user's typesetting servers listen on (/proc/net/unix)."""
    rows = [line.split() for line in Path("/proc/net/unix").read_text().splitlines()[1:]]
    mine = f"@thaibook-{os.getuid()}-"
    return {row[7] for row in rows if len(row) > 7 and row[3] == "00010000" and row[7].startswith(mine)}


def first_build(tmp_path: Path) -> None:
    """A build run here, with no server running, then the server it starts listening (a server
    told to go by an earlier test's 'clean' still takes builds for up to a second)."""
    server.stop_all()
    wait_until(lambda: not listening())
    _, cpu = run(tmp_path, "first")
    assert cpu > 0.5, "with no server running, the build runs here"
    wait_until(listening)


def wait_until(done: Callable[[], object], within: float = 30) -> None:
    deadline = time.monotonic() + within
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_handed_over_build_says_and_makes_what_one_run_here_does(tmp_path: Path) -> None:
    first_build(tmp_path)  # run here if no server runs: it starts one as it ends
    handed, handed_cpu = run(tmp_path, "handed")
    learnt, _ = run(tmp_path, "learnt")  # forked from a server that has typeset this book's part
    own, own_cpu = run(tmp_path, "own", server="0")
    assert handed.returncode == learnt.returncode == own.returncode == 0, handed.stderr
    assert handed_cpu < 0.5 < own_cpu, "the second build runs in the server's process, the fourth here"
    for done, name in ((handed, "handed"), (learnt, "learnt")):
        assert said(done, tmp_path, name).split(" in ")[0] == said(own, tmp_path, "own").split(" in ")[0]
    text = [pdftotext(tmp_path / n / "book.pdf") for n in ("handed", "learnt", "own")]
    assert text[0] == text[1] == text[2] and "สารบัญ" in text[0]


def test_a_build_is_handed_over_before_the_command_line_is_imported(tmp_path: Path) -> None:
    first_build(tmp_path)
    handed, cpu = run(tmp_path, "handed", PYTHONPROFILEIMPORTTIME="1")  # what build.py imports, on stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in handed.stderr.splitlines() if "|" in line}
    assert handed.returncode == 0 and cpu < 0.5, handed.stderr
    assert "thaibook.cli.start" in imported and "thaibook.cli.main" not in imported, sorted(imported)


def test_the_commands_are_each_run_here_or_handed_over() -> None:
    from thaibook.cli.handoff import SERVED
    from thaibook.cli.parsers import COMMANDS
    from thaibook.cli.start import LOCAL

    assert sorted(SERVED + LOCAL) == sorted(COMMANDS)


def test_a_handed_over_build_fails_as_one_run_here_does(tmp_path: Path) -> None:
    first_build(tmp_path)
    strict = ("--strict", "--trim", "A5x")  # not a size: a usage error
    handed, _ = run(tmp_path, "handed", *strict)
    own, _ = run(tmp_path, "own", *strict, server="0")
    assert handed.returncode == own.returncode == 2
    assert said(handed, tmp_path, "handed") == said(own, tmp_path, "own")


def test_a_handed_over_build_on_a_terminal_shows_its_bar_and_ctrl_c_stops_watch(tmp_path: Path) -> None:
    first_build(tmp_path)
    book = tmp_path / "term"
    shutil.copytree(PLAIN, book)
    env = {**os.environ, "THAIBOOK_PROGRESS_DELAY": "0", "PYTHONPATH": str(ROOT)}
    code, shown = run_on_terminal(
        [sys.executable, str(ROOT / "build.py"), "--content", str(book), "--output", str(tmp_path / "t.pdf")],
        env,
        tmp_path,
    )
    assert code == 0 and "typesetting" in shown and f"wrote {tmp_path / 't.pdf'}" in shown, shown
    watch = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "watch",
            "--content",
            str(book),
            "--output",
            str(tmp_path / "w.pdf"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert watch.stdout is not None
    for line in watch.stdout:
        if line.startswith("watching"):
            break
    time.sleep(0.3)
    watch.send_signal(signal.SIGINT)
    assert watch.wait(timeout=20) in (0, 130)
