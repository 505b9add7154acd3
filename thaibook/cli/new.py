"""``thaibook new FOLDER``: a small book that builds at once and shows every feature."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path
from string import Template
from typing import TextIO

from thaibook.core.errors import BuildError
from thaibook.core.files import DATA_DIR
from thaibook.core.settings import CONFIG_NAME

STARTER = DATA_DIR / "new"


def new_book(folder: Path, title: str | None = None) -> list[Path]:
    """Write the starter book into ``folder`` (new or empty); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(
            "the folder is not empty (thaibook new writes only into a new or empty one): give a new folder's name",
            folder,
            exit_code=2,
        )
    name = folder.resolve().name
    title = title or name
    output = (re.sub(r"[\s/\\]+", "-", name).strip("-.") or "book") + ".pdf"
    written = []
    for src in sorted(STARTER.rglob("*")):
        if src.is_dir() or "__pycache__" in src.parts:
            continue
        target = folder / src.relative_to(STARTER)
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.name == CONFIG_NAME:
            text = Template(src.read_text(encoding="utf-8"))
            quoted = {
                "title": json.dumps(title, ensure_ascii=False),
                "output": json.dumps(output, ensure_ascii=False),
            }
            target.write_text(_aligned(text.substitute(quoted)), encoding="utf-8")
        else:
            shutil.copyfile(src, target)
        written.append(target)
    return written


COMMENT_COLUMN = 36  # where the starter's book.yaml writes its comments


def _aligned(text: str) -> str:
    """The comments of the lines a value was put into back at their column (as a reader sees
    it: a Thai mark takes no column)."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^((?:title|output): .*?)\s{2,}(# .*)$", line)
        if m:
            width = sum(not unicodedata.combining(c) and unicodedata.category(c) != "Mn" for c in m[1])
            line = m[1] + " " * max(2, COMMENT_COLUMN - width) + m[2]
        out.append(line)
    return "\n".join(out)


def new_command(folder: Path, title: str | None, out: TextIO) -> int:
    """Make the book and say what to do next."""
    written = new_book(folder, title)
    print(f"wrote {len(written)} files in {folder}/: {', '.join(p.name for p in written[:4])}, …", file=out)
    print(f"next: thaibook build {folder}   (the PDF goes to {folder / 'dist'}/)", file=out)
    return 0
