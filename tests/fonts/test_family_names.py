"""A face by its family name as fontconfig gives it, spaces and all ("TH Sarabun New"), from the
book's fonts folder: the book's file is drawn, also when a font of the same family is installed
on the machine (fontconfig would take the installed one, without a word, and the prepared copy's
exact text layer was lost: สำนักงาน copied as สำนักงำน)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from conftest import pdftotext
from thaibook.core.files import FONTS_DIR

ROOT = Path(__file__).resolve().parents[2]
FAMILY = "TH Sarabun Test"
TEXT = "สำนักงานคณะกรรมการ ทำงาน น้ำค้าง ที่นั่น"


def renamed(src: Path, dst: Path, family: str) -> None:
    """A copy of a font file whose family (name IDs 1, 4, 6, 16) is ``family``."""
    font = TTFont(src)
    name = font["name"]
    style = name.getBestSubFamilyName()
    for record in list(name.names):
        new = {1: family, 16: family, 4: f"{family} {style}", 6: f"{family.replace(' ', '')}-{style}"}
        if record.nameID in new:
            name.setName(
                new[record.nameID], record.nameID, record.platformID, record.platEncID, record.langID
            )
    dst.parent.mkdir(parents=True, exist_ok=True)
    font.save(dst)


@pytest.mark.slow
def test_a_family_with_spaces_from_the_book_beats_an_installed_one(tmp_path: Path) -> None:
    book = tmp_path / "book"
    for style in ("Regular", "Bold"):
        renamed(FONTS_DIR / f"Sarabun-{style}.ttf", book / "fonts" / f"THSarabunTest-{style}.ttf", FAMILY)
    (book / "book.yaml").write_text(f"title: ทดสอบ\nfont:\n  family: {FAMILY}\n", encoding="utf-8")
    (book / "01.md").write_text(f"# บทที่ ๑\n\n{TEXT}\n", encoding="utf-8")
    home = tmp_path / "home"  # the machine's own copy of the family, as fontconfig finds it
    renamed(FONTS_DIR / "Sarabun-Regular.ttf", home / ".fonts" / "THSarabunTest-Regular.ttf", FAMILY)
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.setdefault("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    script = (
        "import sys; from thaibook.cli.main import main; "
        f"sys.exit(main(['{book}', '--output', '{tmp_path}/c.pdf']) or main(['{book}', '--output', "
        f"'{tmp_path}/s.pdf', '--single-pass']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    for pdf in (tmp_path / "c.pdf", tmp_path / "s.pdf"):
        assert TEXT in pdftotext(pdf)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = sorted(line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:])
        assert names == ["TH-Sarabun-Test", "TH-Sarabun-Test-Bold"]
