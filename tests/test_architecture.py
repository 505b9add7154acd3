"""The package's layout holds: imports run one way, no circles, WeasyPrint behind one door."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts of pyproject.toml, over the thaibook package found in ``package_parent``."""
    return subprocess.run(
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_the_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        # a circle inside a stage: jobs.py is what typeset.py rests on
        ("parts/jobs.py", "import thaibook.parts.typeset", "No import circles"),
        # the core reaching up to the command line
        ("core/errors.py", "import thaibook.cli.main", "Imports run one way"),
        # a stage importing WeasyPrint past the door
        ("html/markdown.py", "import weasyprint", "Only thaibook.weasy imports WeasyPrint"),
    ],
)
def test_a_planted_import_breaks_a_contract(tmp_path: Path, module: str, planted: str, broken: str) -> None:
    shutil.copytree(ROOT / "thaibook", tmp_path / "thaibook", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "thaibook" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{planted}  # noqa\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout
    named = [line for line in result.stdout.splitlines() if line.startswith(broken)]
    assert named and named[0].endswith("BROKEN"), result.stdout


def test_no_module_is_a_dump() -> None:
    """No utils module, nothing in the package root but the version and ``python -m thaibook``, and no
    module past 300 lines."""
    modules = sorted((ROOT / "thaibook").rglob("*.py"))
    assert not [p for p in modules if p.stem in ("utils", "helpers", "misc", "common")]
    assert sorted(p.name for p in (ROOT / "thaibook").glob("*.py")) == ["__init__.py", "__main__.py"]
    long = {
        p.relative_to(ROOT).as_posix(): n for p in modules if (n := len(p.read_text().splitlines())) > 300
    }
    assert not long, f"modules over 300 lines: {long}"
