"""The cache is kept small: entries unused for a month go, then the least recently used past the cap."""

from __future__ import annotations

import os
import time
from pathlib import Path

from thaibook.core.cachedir import MAX_AGE, clean, maybe_prune, prune, used
from thaibook.core.store import Store

DAY = 24 * 3600


def entry(root: Path, name: str, size: int, last_use: float) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (last_use, last_use))
    return path


def names(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_entries_unused_for_a_month_go_then_the_oldest_past_the_cap(tmp_path: Path) -> None:
    now = time.time()
    entry(tmp_path, "cache.key", 32, now - 400 * DAY)
    entry(tmp_path, "books/old-1/parts/part-a.bin", 10, now - MAX_AGE - DAY)
    entry(tmp_path, "fonts/F.1.v2.ttf", 10, now - MAX_AGE - DAY)
    entry(tmp_path, "fonts/F.1.v2.ttf.mac", 32, now - MAX_AGE - DAY)
    for i, age in enumerate((5, 4, 3, 2, 1)):
        entry(tmp_path, f"books/new-1/parts/part-{i}.bin", 100, now - age * DAY)
    removed = prune(tmp_path, now, max_bytes=350)
    # 500 bytes over a cap of 350: down to 3/4 of it (262), least recently used first.
    assert names(tmp_path) == ["books/new-1/parts/part-3.bin", "books/new-1/parts/part-4.bin", "cache.key"]
    assert (removed.files, removed.bytes) == (5, 320)
    assert not (tmp_path / "books" / "old-1").exists() and not (tmp_path / "fonts").exists()


def test_pruned_at_most_once_a_day(tmp_path: Path) -> None:
    now = time.time()
    stale = entry(tmp_path, "books/b/parts/part-a.bin", 10, now - MAX_AGE - DAY)
    assert maybe_prune(tmp_path, now) is not None and not stale.exists()
    stale = entry(tmp_path, "books/b/parts/part-a.bin", 10, now - MAX_AGE - DAY)
    assert maybe_prune(tmp_path, now + 3600) is None and stale.exists()
    assert maybe_prune(tmp_path, now + DAY + 1) is not None and not stale.exists()


def test_a_use_is_the_access_time_and_the_modification_time_stays(tmp_path: Path) -> None:
    store = Store(tmp_path, "salt")
    store.save("part", "k", {"ok": 1})
    path = tmp_path / "part-k.bin"
    old = time.time() - 10 * DAY
    os.utime(path, (old, old))
    assert Store(tmp_path, "salt").load("part", "k") == {"ok": 1}
    assert path.stat().st_atime > time.time() - 60 and abs(path.stat().st_mtime - old) < 1
    used(path)  # used again within the hour: not written again
    assert abs(path.stat().st_mtime - old) < 1


def test_clean_empties_all_but_the_key(tmp_path: Path) -> None:
    now = time.time()
    entry(tmp_path, "cache.key", 32, now)
    entry(tmp_path, "find_library.json", 5, now)
    entry(tmp_path, "books/b/parts/part-a.bin", 10, now)
    entry(tmp_path, "fonts/F.ttf", 10, now)
    entry(tmp_path, "fonts/F.ttf.mac", 32, now)
    removed = clean(tmp_path)
    assert names(tmp_path) == ["cache.key"]
    assert (removed.files, removed.bytes) == (3, 25)
