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
    assert {name: saved["answers"][name] for name in NAMES} == dict(zip(NAMES, plain, strict=True))
    assert ask(tmp_path) == plain  # answered from the file


def test_a_changed_search_path_forgets_the_answers(tmp_path: Path) -> None:
    ask(tmp_path)
    path = tmp_path / "thaibook" / "find_library.json"
    saved = json.loads(path.read_text())
    saved["answers"]["c"] = "libwrong.so"
    path.write_text(json.dumps(saved))
    assert ask(tmp_path)[0] == "libwrong.so"  # the file is trusted while nothing changed...
    assert ask(tmp_path, {"LD_LIBRARY_PATH": str(tmp_path)})[0] == ask(None)[0]  # ...and not after


def test_a_new_cache_holds_every_name_weasyprint_asks_before_it_is_imported(tmp_path: Path) -> None:
    """On a new machine the names are looked up side by side before WeasyPrint is imported, and
    they are all it asks for (it would ask name by name, slowly, if it asked others)."""
    code = (
        "import ctypes.util, json; from thaibook.weasy import render; render.install_library_cache(); "
        "saved = list(json.loads(render.cache_file().read_text())['answers']); "
        "cached = ctypes.util.find_library; asked = []; "
        "ctypes.util.find_library = lambda n: asked.append(n) or cached(n); "
        "import weasyprint; print(json.dumps([saved, asked, render.ASKED]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("THAIBOOK_CACHE_DIR", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    saved, asked, prefetched = json.loads(out.stdout)
    assert set(prefetched) <= set(saved)  # looked up before the import
    assert asked and set(asked) <= set(prefetched), sorted(set(asked) - set(prefetched))
