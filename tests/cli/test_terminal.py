"""On a terminal (a pseudo-terminal here), a build longer than the bar's delay (0 here: a warm server
builds this book in a fifth of a second) shows rich's progress bar:
the progress bar's library is a declared dependency, and a terminal build does not crash."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLAIN = ROOT / "tests" / "books" / "plain"


def run_on_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run a command with stdin, stdout and stderr on a new pseudo-terminal; (exit code, what it showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every end of the terminal is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=120), shown.decode("utf-8", "replace")


@pytest.mark.slow
def test_a_build_on_a_terminal_shows_the_progress_bar(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(PLAIN, book)
    env = {**os.environ, "THAIBOOK_PROGRESS_DELAY": "0", "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        str(ROOT / "build.py"),
        "--content",
        str(book),
        "--output",
        str(tmp_path / "b.pdf"),
    ]
    code, shown = run_on_terminal(cmd, env, tmp_path)
    assert code == 0, shown
    assert "internal error" not in shown
    assert "typesetting" in shown and " parts" in shown  # the bar: "typesetting ━━━ 1/3 parts 0:00:01"
    assert f"wrote {tmp_path / 'b.pdf'}" in shown
