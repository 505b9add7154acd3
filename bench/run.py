#!/usr/bin/env python3
"""Benchmark: every build against plain WeasyPrint on the same book, one table.

Usage: python bench/run.py --chapters 10 [--repeat 3] [--tree DIR ...] [--memory] [--keep DIR]

The baseline is bench/naive_weasyprint.py: the twenty lines of Python-Markdown and
WeasyPrint a user would write without this project, on the same book, fonts and page
geometry. It runs at the start and at the end of every repeat; each row's ratio is its
time over that repeat's baseline (the mean of the two), the median over the repeats.
Each step runs as its own process: wall time, CPU of the process and its children, the
peak resident memory of its largest process and of all its processes together (sampled).
Each checkout's bytecode is compiled before it is measured, as pip compiles an installed package.

``--tree`` (repeatable) measures other checkouts of thaibook too, interleaved in the
same run (default: this one). ``--memory`` adds cold builds of about 100 and 500 pages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
NAIVE = Path(__file__).resolve().parent / "naive_weasyprint.py"


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run cmd in a fresh wrapper process: wall and CPU seconds, peak memory."""
    out = subprocess.run(
        [PY, __file__, "--measure", "--", *cmd], cwd=cwd, env=env, capture_output=True, text=True
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode or not lines:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return json.loads(lines[-1])


def run_measured(cmd: list[str]) -> None:
    """The wrapper's side: run, then print one JSON line.

    The workers a typesetting server forks for the build (parts/server.py) are not the
    build's children: their CPU and memory are sampled and counted with the build's."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    total = Sampler(proc.pid)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    total.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(stdout, stderr, file=sys.stderr)
    result = {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime + total.served_cpu(),
        "rss_mb": max(usage.ru_maxrss / 1024, total.served_rss),  # KiB on Linux: the largest process
        "all_mb": max(total.peak, usage.ru_maxrss / 1024),
        "rc": proc.returncode,
    }
    print(json.dumps(result))
    sys.exit(proc.returncode)


SERVER = b"from thaibook.cli.server import main; main("  # parts/served.py MAIN


def servers(mine: bool = True, xdg: str | None = None) -> list[int]:
    """The typesetting servers running (their forked workers left out); ``mine``: only those of
    the tree measured, whose user cache folder (``xdg``, else ours) is this run's (others on the
    machine are not ours)."""
    found = {}
    cache = f"XDG_CACHE_HOME={xdg or os.environ.get('XDG_CACHE_HOME', '')}\0".encode()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and SERVER in (entry / "cmdline").read_bytes():
                if not mine or cache in (entry / "environ").read_bytes():
                    found[int(entry.name)] = _parent(int(entry.name))
        except OSError:
            continue
    return [pid for pid, parent in found.items() if parent not in found]


def settle(xdg: str, still: float = 0.5, most: float = 30.0) -> None:
    """Wait until the tree's typesetting servers (if any) have used no CPU for ``still`` seconds: a
    server started as a build ends warms up for a second or two, which a user's next build, later,
    does not wait for."""
    deadline = time.monotonic() + most
    last, since = -1.0, time.monotonic()
    while time.monotonic() < deadline:
        used = sum(_cpu(pid) for pid in servers(xdg=xdg))
        if used != last:
            last, since = used, time.monotonic()
        elif time.monotonic() - since >= still:
            return
        time.sleep(0.05)


def stop_servers(tree: Path) -> None:
    """End the typesetting servers of this tree's code (started by the benchmark or before it): the
    next step starts as on a machine that has none, and no build is served by one we do not see."""
    marker = f"PYTHONPATH={tree}{os.pathsep}".encode()

    def ours() -> list[int]:
        return [pid for pid in servers(mine=False) if marker in _environ(pid)]

    for pid in ours():
        for child in _children(pid):
            _kill(child)
        _kill(pid)
    deadline = time.monotonic() + 10
    while ours() and time.monotonic() < deadline:
        time.sleep(0.05)


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _parent(pid: int) -> int:
    return int(_stat(pid)[1]) if _stat(pid) else 0


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _cpu(pid: int, children: bool = False) -> float:
    """A live process's CPU seconds (``children``: with those of its children it has reaped)."""
    fields = _stat(pid)
    return (
        sum(int(v) for v in fields[11 : 15 if children else 13]) / os.sysconf("SC_CLK_TCK") if fields else 0.0
    )


class Sampler:
    """The peak of the summed proportional set size (Pss) of a process and its descendants, and
    of the workers a typesetting server forked meanwhile (their CPU and peak RSS too).

    Cheap on purpose: it runs beside the step it measures, on the same cores. Reading Pss
    (smaps_rollup: about a millisecond a process) 20 times a second took 15-20% of a core,
    which a one-process step (the baseline) never felt, its second core being idle, and a
    two-worker build lost from its typesetting (0.4 s of a 2.4 s build). So the peak RSS
    (VmHWM, a high-water mark the kernel keeps) is read 20 times a second and Pss 4 times; the
    served workers' CPU comes from the server's own account of its reaped children."""

    def __init__(self, pid: int, every: float = 0.05, pss_every: float = 0.25) -> None:
        self.pid, self.every, self.pss_every, self.peak = pid, every, pss_every, 0.0
        # A server's CPU with its reaped children's, less what its children (still to be reaped,
        # perhaps: it looks once a second) had used before the step: not this step's.
        self.server = {
            pid: _cpu(pid, children=True) + sum(_cpu(c, children=True) for c in _direct(pid))
            for pid in servers()
        }
        self.before = set(self.server) | {w for s in self.server for w in _children(s)}  # not this build's
        self.served_rss = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        looked = pss_at = 0.0
        while not self.done.wait(self.every):
            now = time.monotonic()
            if not self.server and now - looked > 0.25:  # the build may start one
                self.server = {pid: 0.0 for pid in servers()}
                looked = now
            served = _served(self.server, self.before)
            for worker in served:
                self.served_rss = max(self.served_rss, _rss_mb(worker))
            if now - pss_at >= self.pss_every:
                pss_at = now
                pids = [self.pid, *_children(self.pid), *self.server, *served]
                self.peak = max(self.peak, sum(_pss_mb(p) for p in pids))

    def served_cpu(self) -> float:
        """CPU seconds of the server's workers for this build, and of the server itself: the
        server's own time and its reaped children's (exact)."""
        _settle_children(self.server, self.before)
        own = sum(
            _cpu(pid, children=True) - start for pid, start in self.server.items() if pid in self.before
        )
        late = sum(_cpu(pid, children=True) for pid in self.server if pid not in self.before)
        return max(own, 0.0) + late

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def _direct(pid: int) -> list[int]:
    """A process's own children (not theirs)."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").glob("*/children"))
    except OSError:  # it ended meanwhile
        return found
    for task in tasks:
        try:
            found += [int(k) for k in task.read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def _served(server: dict[int, float], before: set[int]) -> list[int]:
    """The processes the servers forked for this step (those running before it left out)."""
    return [w for s in server for w in _children(s) if w not in before]


def _settle_children(server: dict[int, float], before: set[int], most: float = 2.0) -> None:
    """Wait (a little) until the server has reaped the workers it forked for the build."""
    deadline = time.monotonic() + most
    while _served(server, before) and time.monotonic() < deadline:
        time.sleep(0.01)


def make_book(chapters: int, root: Path) -> Path:
    """Generate the workload book and its book.yaml."""
    book = root / "book"
    subprocess.run(
        [PY, str(ROOT / "bench" / "make_book.py"), "--chapters", str(chapters), "--out", str(book)],
        check=True,
    )
    meta = json.loads((book / "book.json").read_text(encoding="utf-8"))
    for txt in book.glob("*.txt"):
        txt.unlink()
    (book / "book.json").unlink()
    lines = [f"title: {json.dumps(meta['title'], ensure_ascii=False)}", "output: bench.pdf", "chapters:"]
    lines += [f"  - {name}" for name in meta["chapters"]]
    (book / "book.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return book


def page_count(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def edit_same_pages(chapter: Path) -> None:
    """A one-word change in the chapter's first section: the chapter keeps its page count."""
    text = chapter.read_text(encoding="utf-8")
    head, body = text.split("\n## ", 1)
    chapter.write_text(head + "\n## " + body.replace("ประชุม", "สัมมนา", 1), encoding="utf-8")


def edit_add_page(chapter: Path) -> None:
    """Append the chapter's own paragraphs again: at least one more page."""
    text = chapter.read_text(encoding="utf-8")
    paras = [p for p in text.split("\n\n") if p and p[0] not in "#-|" and not p.startswith("---")]
    chapter.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")


class Tree:
    """One checkout of thaibook, run with its own code and a user cache of its own."""

    def __init__(self, path: Path, work: Path) -> None:
        self.path, self.work = path.resolve(), work
        self.name = self.path.name
        # Its bytecode written first, as pip does when it installs a package: a process that may
        # not write it (PYTHONDONTWRITEBYTECODE, read-only checkout) would compile every module
        # it imports at every start, as no installed copy does.
        subprocess.run([PY, "-m", "compileall", "-q", str(self.path / "thaibook")], check=True)
        help_text = subprocess.run(
            [PY, str(self.path / "build.py"), "--help"], capture_output=True, text=True, env=self.env(work)
        ).stdout
        self.commands = {c for c in ("check", "watch") if c in help_text}
        self.served = (self.path / "thaibook" / "parts" / "served.py").is_file()

    def env(self, xdg: Path) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.path), "XDG_CACHE_HOME": str(xdg)}

    def build(self, book: Path, out: Path, *extra: str) -> list[str]:
        return [PY, str(self.path / "build.py"), "--content", str(book), "--output", str(out), *extra]


Rows = dict[str, dict]


def run_tree(tree: Tree, source: Path, run: Path) -> Rows:
    """Every step of the table for one tree, in order, on fresh copies of the same book."""
    xdg = run / f"xdg-{tree.name}"  # empty: a new machine; warm after the first build
    rows: Rows = {}

    def step(name: str, book: Path, cmd: list[str], out: Path | None) -> None:
        rows[name] = measure(cmd, run, tree.env(xdg))
        if out is not None:
            rows[name]["pages"] = page_count(out)

    names = ("fresh", "book", "single", "own")
    fresh, book, single, own = (_copy(source, run / f"{tree.name}-{n}") for n in names)
    out = run / f"{tree.name}.pdf"
    stop_servers(tree.path)
    step("cold, first build on a new machine", fresh, tree.build(fresh, run / "fresh.pdf"), run / "fresh.pdf")
    settle(str(xdg))  # what that build started for the next (a typesetting server) is ready, as later
    step("cold, new book folder (user caches warm)", book, tree.build(book, out), out)
    if tree.served:
        rows["cold, new book folder, no server running"] = measure(
            tree.build(own, run / "own.pdf"), run, {**tree.env(xdg), "THAIBOOK_SERVER": "0"}
        )
        rows["cold, new book folder, no server running"]["pages"] = page_count(run / "own.pdf")
    step("nothing changed", book, tree.build(book, out), out)
    chapters = sorted(book.glob("ch*.md"))
    edit_same_pages(chapters[len(chapters) // 2])
    step("one-chapter edit (same pages)", book, tree.build(book, out), out)
    edit_add_page(chapters[0])
    step("page-adding edit (folios move)", book, tree.build(book, out), out)
    if "check" in tree.commands:
        step("check alone", book, [PY, str(tree.path / "build.py"), "check", "--content", str(book)], None)
    if "watch" in tree.commands:
        edits = [
            ("watch: one-chapter edit, save to PDF", lambda: edit_same_pages(chapters[len(chapters) // 2])),
            ("watch: page-adding edit, save to PDF", lambda: edit_add_page(chapters[1])),
        ]
        rows.update(measure_watch(tree, book, out, tree.env(xdg), edits))
    step("single pass (--single-pass), new folder", single, tree.build(single, run / "s.pdf", "--single-pass"), run / "s.pdf")  # fmt: skip
    stop_servers(tree.path)
    return rows


def _copy(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest)
    return dest


def run_naive(source: Path, run: Path, label: str) -> dict:
    out = run / f"naive-{label}.pdf"
    result = measure(
        [PY, str(NAIVE), str(source), str(out), str(ROOT / "thaibook" / "data" / "fonts")],
        run,
        dict(os.environ),
    )
    result["pages"] = page_count(out)
    return result


def measure_watch(tree: Tree, book: Path, out: Path, env: dict, edits: list[tuple[str, Callable]]) -> Rows:
    """Start watch mode, save each edit, time until the new PDF is in place."""
    cmd = [PY, str(tree.path / "build.py"), "watch", "--content", str(book), "--output", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rows: Rows = {}
    try:
        _wait_for(proc, "watching")
        for name, edit in edits:
            time.sleep(0.5)
            before = out.stat().st_mtime_ns if out.exists() else 0
            start = time.perf_counter()
            edit()
            while not out.exists() or out.stat().st_mtime_ns == before:
                if proc.poll() is not None or time.perf_counter() - start > 120:
                    raise SystemExit("watch mode did not write the PDF")
                time.sleep(0.002)
            seconds = time.perf_counter() - start
            _wait_for(proc, "wrote")
            served = [w for s in servers(xdg=env["XDG_CACHE_HOME"]) for w in _children(s)]
            pids = [proc.pid, *_children(proc.pid), *served]
            rss = max(_rss_mb(pid) for pid in pids)
            rows[name] = {"seconds": seconds, "rss_mb": rss, "pages": page_count(out)}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:  # the figure stands; say so rather than hang the table
            proc.kill()
            print("warning: watch mode did not stop within 30 s of Ctrl+C", file=sys.stderr)
    return rows


def _wait_for(proc: subprocess.Popen, word: str) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        if word in line:
            return
    raise SystemExit(f"watch mode ended before printing '{word}'")


def _children(pid: int) -> list[int]:
    """Every descendant of a process (workers fork workers), from /proc/PID/task/TID/children."""
    found, todo = [], [pid]
    while todo:
        kids = _direct(todo.pop())
        found += kids
        todo += kids
    return found


def _status_mb(path: str, field: str) -> float:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MB."""
    return _status_mb(f"/proc/{pid}/status", "VmHWM:")


def _pss_mb(pid: int) -> float:
    """Proportional set size of a live process (shared pages split between their users), in MB."""
    return _status_mb(f"/proc/{pid}/smaps_rollup", "Pss:")


def run_memory(trees: list[Tree], work: Path) -> list[tuple[str, dict, Rows]]:
    """Cold builds of about 100 and 500 pages (user caches warm) beside plain WeasyPrint's."""
    found = []
    for chapters in (30, 160):
        run = work / f"memory{chapters}"
        run.mkdir()
        source = make_book(chapters, run)
        naive = run_naive(source, run, "m")
        rows: Rows = {}
        for tree in trees:
            stop_servers(tree.path)
            xdg = run / f"xdg-{tree.name}"
            warm = _copy(source, run / f"{tree.name}-warm")
            for name in sorted(warm.glob("ch*.md"))[1:]:
                name.unlink()  # one chapter warms the user's caches (fonts, libraries, layouts)
            (warm / "book.yaml").unlink()
            measure(tree.build(warm, run / "warm.pdf"), run, tree.env(xdg))
            book = _copy(source, run / f"{tree.name}-book")
            rows[tree.name] = measure(tree.build(book, run / "m.pdf"), run, tree.env(xdg))
            rows[tree.name]["pages"] = page_count(run / "m.pdf")
            stop_servers(tree.path)
        found.append((f"{chapters} chapters", naive, rows))
    return found


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        run_measured(sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chapters", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="run everything N times: medians")
    parser.add_argument("--tree", type=Path, action="append", default=[], help="a checkout to measure")
    parser.add_argument("--memory", action="store_true", help="add cold builds of ~100 and ~500 pages")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="thaibook-bench-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    loads = [os.getloadavg()[0]]
    try:
        trees = [Tree(path, work) for path in args.tree or [ROOT]]
        source = make_book(args.chapters, work)
        repeats = []
        for i in range(args.repeat):
            run = work / f"run{i}"
            run.mkdir()
            first = run_naive(source, run, "first")
            order = trees if i % 2 == 0 else trees[::-1]  # neither tree always runs first
            rows = {tree.name: run_tree(tree, source, run) for tree in order}
            last = run_naive(source, run, "last")
            repeats.append(
                ({k: (first[k] + last[k]) / 2 for k in ("seconds", "cpu", "rss_mb", "all_mb")}, rows)
            )
            repeats[-1][0]["pages"] = first["pages"]
            loads.append(os.getloadavg()[0])
        memory = run_memory(trees, work) if args.memory else []
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_tables(repeats, trees, args.chapters, loads)
    for label, naive, rows in memory:
        print_memory(label, naive, rows)
    return 0


def print_tables(
    repeats: list[tuple[dict, dict[str, Rows]]], trees: list[Tree], chapters: int, loads
) -> None:
    bases = [base for base, _ in repeats]
    print(
        f"\nthaibook benchmark: {chapters} chapters, {len(repeats)} repeats, {os.cpu_count()} cores; "
        f"load average (1 min) {' '.join(f'{x:.1f}' for x in loads)} (start, after each repeat)"
    )
    print(
        f"naive WeasyPrint (bench/naive_weasyprint.py): {bases[0]['pages']} pages, "
        f"{statistics.median(b['seconds'] for b in bases):.2f} s, "
        f"{statistics.median(b['cpu'] for b in bases):.2f} CPU-s, "
        f"{statistics.median(b['rss_mb'] for b in bases):.0f} MB (median of {2 * len(bases)} runs)"
    )
    for tree in trees:
        print(f"\n{tree.path}\n")
        head = (
            f"| {'step':<41} | {'pages':>5} | {'wall s':>6} | {'x naive':>7} | {'range':>11} | {'cpu s':>5} "
            f"| {'x naive':>7} | {'peak MB':>7} | {'x naive':>7} | {'all MB':>6} |"
        )
        print(head)
        print("|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|")
        for name in repeats[0][1][tree.name]:
            got = [(rows[tree.name][name], base) for base, rows in repeats]
            ratios = [r["seconds"] / b["seconds"] for r, b in got]
            memory = [r["rss_mb"] / b["rss_mb"] for r, b in got]
            cpu = [r["cpu"] for r, _ in got if "cpu" in r]
            # CPU over naive's CPU: steadier than wall time on a loaded machine (not for watch rows)
            cpus = [r["cpu"] / b["cpu"] for r, b in got if "cpu" in r]
            cpu_cells = (
                f"| {statistics.median(cpu):5.2f} | {statistics.median(cpus):6.2f}x "
                if cpu
                else f"| {'-':>5} | {'-':>7} "
            )
            print(
                f"| {name:<41} | {got[0][0].get('pages', ''):>5} "
                f"| {statistics.median(r['seconds'] for r, _ in got):6.2f} "
                f"| {statistics.median(ratios):6.2f}x | {min(ratios):4.2f}-{max(ratios):4.2f}x "
                + cpu_cells
                + f"| {statistics.median(r['rss_mb'] for r, _ in got):7.0f} | {statistics.median(memory):6.2f}x "
                f"| {statistics.median(r.get('all_mb', float('nan')) for r, _ in got):6.0f} |"
            )


def print_memory(label: str, naive: dict, rows: Rows) -> None:
    print(
        f"\npeak memory, {label}: naive WeasyPrint {naive['pages']} pages, {naive['seconds']:.1f} s, "
        f"largest process {naive['rss_mb']:.0f} MB\n"
    )
    print(
        "| tree | pages | wall s | x naive | peak MB (largest process) | x naive | all processes MB | x naive |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(
            f"| {name} | {r['pages']} | {r['seconds']:.1f} | {r['seconds'] / naive['seconds']:.2f}x "
            f"| {r['rss_mb']:.0f} | {r['rss_mb'] / naive['rss_mb']:.2f}x "
            f"| {r['all_mb']:.0f} | {r['all_mb'] / naive['all_mb']:.2f}x |"
        )


if __name__ == "__main__":
    sys.exit(main())
