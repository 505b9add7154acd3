"""WeasyPrint's library lookups, remembered: the same answers, forgotten when the search path changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["c", "pango-1.0", "libpango-1.0-0", "no-such-library-thaibook"]
ASK = "import ctypes.util, json, sys; print(json.dumps([ctypes.util.find_library(n) for n in sys.argv[1:]]))"


def ask(cache: Path | None, extra_env: dict[str, str] | None = None) -> list[str | None]:
    """find_library's answers in a fresh Python, with the cache installed (or not)."""
    code = (
        "from thaibook.weasy.render import install_library_cache; install_library_cache(); " if cache else ""
    ) + ASK
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    if cache:
        env.pop("THAIBOOK_CACHE_DIR", None)  # the user's cache folder, found through XDG
        env["XDG_CACHE_HOME"] = str(cache)
    out = subprocess.run(
        [sys.executable, "-c", code, *NAMES], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_cached_answers_are_python_s_answers(tmp_path: Path) -> None:
    plain = ask(None)
    assert plain[1] is not None and plain[-1] is None  # Pango is installed; the last name is not a library
    assert ask(tmp_path) == plain  # asked and remembered
    saved = json.loads((tmp_path / "thaibook" / "find_library.json").read_text())
    assert saved["answers"] == dict(zip(NAMES, plain, strict=True))
    assert ask(tmp_path) == plain  # answered from the file


def test_a_changed_search_path_forgets_the_answers(tmp_path: Path) -> None:
    ask(tmp_path)
    path = tmp_path / "thaibook" / "find_library.json"
    saved = json.loads(path.read_text())
    saved["answers"]["c"] = "libwrong.so"
    path.write_text(json.dumps(saved))
    assert ask(tmp_path)[0] == "libwrong.so"  # the file is trusted while nothing changed...
    assert ask(tmp_path, {"LD_LIBRARY_PATH": str(tmp_path)})[0] == ask(None)[0]  # ...and not after
