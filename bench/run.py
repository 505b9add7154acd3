#!/usr/bin/env python3
"""Benchmark: plain WeasyPrint against our cold, cached and incremental builds, one table.

Usage: python bench/run.py --chapters 10 [--keep DIR]

Each step runs as its own process; its wall time and the peak resident memory of the
largest process it started (worker processes included) are measured around it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


# The single-pass baseline typesets exactly the HTML our pipeline makes for the book.
HTML_SCRIPT = """
import sys
from pathlib import Path
from thaibook.sources.chapters import load_book
from thaibook.fonts.faces import font_cache_dir, prepare_faces
from thaibook.fonts.faces import load_faces
from thaibook.html.layout import render_html
book = load_book(Path(sys.argv[1]))
faces = prepare_faces(load_faces(book.font_dir), font_cache_dir(book))
Path(sys.argv[2]).write_text(render_html(book, faces), encoding="utf-8")
"""


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run cmd in a fresh wrapper process: wall seconds and peak RSS of any descendant."""
    out = subprocess.run(
        [PY, __file__, "--measure", "--", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode or not lines:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return json.loads(lines[-1])


def run_measured(cmd: list[str]) -> None:
    """The wrapper's side: run, then print one JSON line."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(proc.stdout, proc.stderr, file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    print(
        json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss, "rc": proc.returncode, "out": proc.stdout})
    )
    sys.exit(proc.returncode)


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


def forget_builds(book: Path) -> None:
    """No typeset part and no last build: a cold build (the fonts prepared once per font file stay)."""
    shutil.rmtree(book / ".cache" / "parts", ignore_errors=True)
    (book / ".cache" / "build.json").unlink(missing_ok=True)


def has_command(name: str) -> bool:
    sys.path.insert(0, str(ROOT))
    from thaibook.cli.main import COMMANDS

    return name in COMMANDS


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        run_measured(sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chapters", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--repeat", type=int, default=1, help="run everything N times, keep each step's best")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="thaibook-bench-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    try:
        rows: list[tuple[str, dict]] = []
        for i in range(args.repeat):
            run = work / f"run{i}"
            run.mkdir()
            rows = best_of(rows, run_steps(make_book(args.chapters, run), run))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows, args.chapters)
    return 0


def best_of(old: list[tuple[str, dict]], new: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Per step, the faster of two runs (other work on the machine only ever slows a run)."""
    if not old:
        return new
    return [a if a[1]["seconds"] <= b[1]["seconds"] else b for a, b in zip(old, new, strict=True)]


def run_steps(book: Path, work: Path) -> list[tuple[str, dict]]:
    """Every step of the table, in order, on the same book."""
    html = work / "book.html"
    subprocess.run([PY, "-c", HTML_SCRIPT, str(book), str(html)], check=True, env=ENV)
    out = work / "out.pdf"
    build = [PY, str(ROOT / "build.py"), "--content", str(book), "--output", str(out)]
    chapters = sorted(book.glob("ch*.md"))
    rows = [
        (
            "WeasyPrint single pass (baseline)",
            measure([PY, "-m", "weasyprint", str(html), str(work / "base.pdf")], work),
        )
    ]
    rows[0][1]["pages"] = page_count(work / "base.pdf")
    steps = [
        ("cold build", lambda: forget_builds(book)),
        ("no-change rebuild", lambda: None),
        ("one-chapter edit (same pages)", lambda: edit_same_pages(chapters[len(chapters) // 2])),
        ("page-adding edit (folios move)", lambda: edit_add_page(chapters[0])),
    ]
    for name, prepare in steps:
        prepare()
        result = measure(build, work)
        result["pages"] = page_count(out)
        rows.append((name, result))
    if has_command("check"):
        rows.append(
            ("check alone", measure([PY, str(ROOT / "build.py"), "check", "--content", str(book)], work))
        )
    if has_command("watch"):
        rows.append(
            ("watch: one-chapter edit, save to PDF", measure_watch(book, out, chapters[len(chapters) // 2]))
        )
    return rows


def measure_watch(book: Path, out: Path, chapter: Path) -> dict:
    """Start watch mode, save a one-word edit, time until the new PDF is in place."""
    cmd = [PY, str(ROOT / "build.py"), "watch", "--content", str(book), "--output", str(out)]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(proc, "watching")
        time.sleep(0.5)
        before = out.stat().st_mtime_ns if out.exists() else 0
        start = time.perf_counter()
        edit_same_pages(chapter)
        while not out.exists() or out.stat().st_mtime_ns == before:
            if proc.poll() is not None or time.perf_counter() - start > 120:
                raise SystemExit("watch mode did not write the PDF")
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        rss = max(_rss_mb(pid) for pid in [proc.pid, *_children(proc.pid)])
        return {"seconds": seconds, "rss_mb": rss, "pages": page_count(out)}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:  # the figure stands; say so rather than hang the table
            proc.kill()
            print("warning: watch mode did not stop within 30 s of Ctrl+C", file=sys.stderr)


def _wait_for(proc: subprocess.Popen, word: str) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        if word in line:
            return
    raise SystemExit(f"watch mode ended before printing '{word}'")


def _children(pid: int) -> list[int]:
    """Every descendant of a process (workers fork workers)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        kids = [child for child, parent in parents.items() if parent == current]
        found += kids
        todo += kids
    return found


def _rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def print_table(rows: list[tuple[str, dict]], chapters: int) -> None:
    base = rows[0][1]
    print(
        f"\nthaibook benchmark: {chapters} chapters, {base.get('pages', '?')} pages, {os.cpu_count()} cores"
    )
    print(f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine slows every step)\n")
    head = (
        f"| {'step':<38} | {'wall s':>7} | {'x base':>7} | {'cpu s':>6} | {'peak MB':>8} | {'x base':>7} "
        f"| {'pages':>5} |"
    )
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for name, r in rows:
        print(
            f"| {name:<38} | {r['seconds']:7.2f} | {r['seconds'] / base['seconds']:6.2f}x | "
            f"{r.get('cpu', float('nan')):6.2f} | {r['rss_mb']:8.0f} | {r['rss_mb'] / base['rss_mb']:6.2f}x | {r.get('pages', ''):>5} |"
        )


if __name__ == "__main__":
    sys.exit(main())
