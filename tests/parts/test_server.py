"""The typesetting server: builds' workers forked warm from one process, taking on each build's
environment, folder and streams; gone when told, started again when killed."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from conftest import pdftotext
from thaibook.cli.main import main
from thaibook.parts import served, server
from thaibook.parts.workers import Workers

pytestmark = pytest.mark.skipif(not served.enabled(), reason="the server needs Linux")

SMALL = Path(__file__).resolve().parents[1] / "books" / "small"


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def served_pids(count: int = 2) -> tuple[list[int], Workers]:
    """The pids of ``count`` served workers (a server started if none runs), once each is ready."""
    if (sock := served.connect()) is None:
        assert served.start(wait=30), "a server starts and answers"
    else:
        sock.close()
    pool = Workers(count, served=True)
    assert not pool.procs, "the workers should come from the server"
    deadline = time.monotonic() + 60
    while len(pool.warm) < count and time.monotonic() < deadline:
        pool.ready()
        time.sleep(0.01)
    return [pool.pids[conn] for conn in pool.conns], pool


def gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
def test_two_pools_get_their_workers_from_one_server_which_goes_when_told() -> None:
    first, pool = served_pids()
    servers = {parent_of(pid) for pid in first}
    pool.close()
    second, pool = served_pids()
    try:
        servers |= {parent_of(pid) for pid in second}
        assert len(servers) == 1, "both pools' workers are children of one server"
        assert not set(first) & set(second), "each pool has workers of its own"
    finally:
        pool.close()
    (server_pid,) = servers
    assert all(gone(pid) for pid in second), "a pool's workers end when it closes"
    assert server.stop_all(started_with=f"\0THAIBOOK_CACHE_DIR={os.environ['THAIBOOK_CACHE_DIR']}\0") >= 1
    assert gone(server_pid), "told to go, an idle server goes"


@pytest.mark.slow
def test_a_served_worker_has_the_builds_folder_environment_and_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THAIBOOK_TEST_MARK", "ตรา")
    _, pool = served_pids(1)
    try:
        assert pool.map(os.getcwd, [()]) == [str(tmp_path)]
        assert pool.map(os.getenv, [("THAIBOOK_TEST_MARK",)]) == ["ตรา"]
        pool.map(os.write, [(2, "ถึง stderr\n".encode())])
    finally:
        pool.close()
    assert "ถึง stderr" in capfd.readouterr().err


@pytest.mark.slow
def test_a_killed_server_is_started_again_and_the_book_is_the_same(tmp_path: Path) -> None:
    book, own = tmp_path / "book", tmp_path / "own"
    shutil.copytree(SMALL, book)
    shutil.copytree(SMALL, own)  # another folder: its own parts, none reused
    pids, pool = served_pids(1)
    killed = parent_of(pids[0])
    pool.close()
    os.kill(killed, signal.SIGKILL)
    assert main(["--content", str(book), "--output", str(tmp_path / "served.pdf")]) == 0
    os.environ[served.ENV] = "0"
    try:
        assert main(["--content", str(own), "--output", str(tmp_path / "own.pdf")]) == 0
    finally:
        del os.environ[served.ENV]
    assert pdftotext(tmp_path / "served.pdf") == pdftotext(tmp_path / "own.pdf")
    again, pool = served_pids(1)
    try:
        assert parent_of(again[0]) not in (killed, os.getpid())
    finally:
        pool.close()


def test_no_server_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(served.ENV, "0")
    pool = Workers(1, served=True)
    try:
        assert pool.procs, "the pool forks its own workers"
    finally:
        pool.close()


@pytest.mark.skipif(os.getuid() != 0, reason="takes another user (root can be one)")
def test_a_server_name_held_by_another_user_gets_no_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])  # a place of its own: a new name
    name = served.address()
    ready, go = os.pipe()
    pid = os.fork()
    if pid == 0:  # another user takes the name first
        try:
            os.setuid(65534)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(name)
            sock.listen(1)
            os.write(go, b"x")
            time.sleep(30)
        finally:
            os._exit(0)
    try:
        assert os.read(ready, 1) == b"x"
        assert served.connect() is None, "a build is never handed to another user's process"
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@pytest.mark.slow
def test_a_server_leaves_no_temporary_files_when_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thaibook.build import warm

    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])  # a place of its own: a server of its own
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv(server.IDLE_ENV, "1")
    shutil.copytree(SMALL, tmp_path / "book")
    assert served.start(wait=30)
    (server_pid,) = server._servers(served.address())
    assert main(["--content", str(tmp_path / "book"), "--output", str(tmp_path / "book.pdf")]) == 0
    served.teach(warm.LAST[0])  # it learns the book: WeasyPrint's font folder in the server
    assert gone(server_pid, within=30), "idle, the server goes"
    assert not list(temp.iterdir()), "nothing of the server's or its workers' is left in TMPDIR"


SHEETS_KEPT = "len(__import__('thaibook.weasy.reuse', fromlist=['_state'])._state.get('sheets', {}))"


@pytest.mark.slow
def test_a_server_started_after_a_build_learns_its_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thaibook.build import warm

    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])  # a place of its own: a server of its own
    shutil.copytree(SMALL, tmp_path / "book")
    monkeypatch.setenv(served.ENV, "0")  # the build runs here, as one with no server running
    assert main(["--content", str(tmp_path / "book"), "--output", str(tmp_path / "book.pdf")]) == 0
    monkeypatch.delenv(served.ENV)
    served.start()  # what the command line does after such a build (cli/handoff.py)
    served.teach_when_up(warm.LAST[0])
    deadline, kept = time.monotonic() + 30, 0
    while not kept and time.monotonic() < deadline:
        _, pool = served_pids(1)
        try:
            (kept,) = pool.map(eval, [(SHEETS_KEPT,)])  # in a worker the server forked
        finally:
            pool.close()
    assert kept, "the server's workers start with the book's style sheet parsed"
    server.stop_all(name=served.address())


TEACH = """
import sys
sys.path.append(sys.argv[1])  # a place of its own: no server answers there
from thaibook.parts import served
served.teach_when_up(("part",), within=6)
"""


def test_the_process_teaching_a_server_holds_none_of_its_callers_descriptors(tmp_path: Path) -> None:
    """It waits for a server (here none ever answers) after its caller has gone: a pipe the caller
    was given (a make jobserver's, a shell's 3>&1) is not kept open meanwhile."""
    import select
    import subprocess

    read, write = os.pipe()
    done = subprocess.run([sys.executable, "-c", TEACH, str(tmp_path)], pass_fds=(write,), timeout=60)
    os.close(write)
    readable, _, _ = select.select([read], [], [], 3)  # it waits 6 s for a server
    assert done.returncode == 0 and readable and os.read(read, 1) == b"", "the pipe's far end is closed"
    os.close(read)
