"""Reproducible builds: the same sources give the same bytes, on every run and in any checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from thaibook.build.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
SMALL = Path(__file__).resolve().parents[1] / "books" / "small"
CHECKOUT = ("build.py", "thaibook", "content")


def _checkout(dest: Path) -> Path:
    """A copy of the project's files at ``dest``, as a fresh checkout would have them."""
    dest.mkdir(parents=True)
    for name in CHECKOUT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".cache", "dist"))
        else:
            shutil.copy(src, dest / name)
    return dest


def _build_first_book(checkout: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    subprocess.run([sys.executable, "build.py"], cwd=checkout, env=env, check=True, capture_output=True)
    (pdf,) = (checkout / "content" / "dist").glob("*.pdf")
    return pdf.read_bytes()


def _all_bytes(data: bytes) -> bytes:
    """Every object of a PDF, streams decoded, as one byte string to search."""
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        parts = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.read_bytes())
            parts.append(repr(obj).encode("utf-8", "replace"))
    return b"".join(parts) + data


@pytest.mark.slow
def test_first_book_is_byte_identical_from_two_folders(tmp_path: Path) -> None:
    a = _checkout(tmp_path / "one")
    b = _checkout(tmp_path / "elsewhere" / "deeper" / "two")
    first, second = _build_first_book(a), _build_first_book(b)
    assert first == second
    everything = _all_bytes(first)
    for folder in (str(tmp_path), str(ROOT), "file://"):
        assert folder.encode() not in everything


@pytest.mark.parametrize("variant", ["pdf/x-4", "pdf/a-2u", "pdf/ua-1"])
def test_variant_is_byte_identical_run_to_run(variant: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = shutil.copytree(SMALL, tmp_path / "one")
    two = shutil.copytree(SMALL, tmp_path / "x" / "two")
    first = build(one, tmp_path / "1.pdf", {"pdf": variant}).output.read_bytes()
    second = build(two, tmp_path / "2.pdf", {"pdf": variant}).output.read_bytes()
    assert first == second


def test_source_date_epoch_sets_every_date(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    out = build(SMALL, tmp_path / "a.pdf", {"pdf": "pdf/a-2u"}).output
    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        dates = (str(pdf.docinfo.CreationDate), str(pdf.docinfo.ModDate), meta["xmp:CreateDate"])
    assert dates == ("D:19700102000000+00'00'", "D:19700102000000+00'00'", "1970-01-02T00:00:00+00:00")


def test_no_dates_without_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    """A plain build carries no clock time at all, so nothing varies between runs."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = build(SMALL, tmp_path / "a.pdf").output
    with pikepdf.open(out) as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo
