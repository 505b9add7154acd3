"""The build cache trusts only what this user's builds wrote: a book's own .cache is never unpickled."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from thaibook.core.files import user_cache_dir
from thaibook.core.store import Store, checksum
from thaibook.fonts.faces import prepared_font


class Trap:
    """Unpickling this writes a file: what a hostile pickle could do instead."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (Path.write_text, (self.marker, "unpickled"))


def test_an_entry_checksummed_without_the_user_s_key_is_not_unpickled(tmp_path: Path) -> None:
    store = Store(tmp_path / "parts", "salt")
    store.save("part", "k", {"ok": 1})
    assert Store(tmp_path / "parts", "salt").load("part", "k") == {"ok": 1}
    marker = tmp_path / "marker"
    payload = pickle.dumps(Trap(marker))
    for key, mac in (("plain", hashlib.sha256(payload).digest()), ("signed", checksum(payload))):
        (tmp_path / "parts" / f"part-{key}.bin").write_bytes(mac + payload)
    assert store.load("part", "plain") is None  # a plain hash is what anyone can make
    assert not marker.exists()
    assert not (tmp_path / "parts" / "part-plain.bin").exists()  # removed, to be rebuilt
    store.load("part", "signed")  # the control: the same bytes under this user's key are loaded
    assert marker.read_text() == "unpickled"


def test_the_key_is_the_user_s_alone(tmp_path: Path) -> None:
    key = user_cache_dir() / "cache.key"
    checksum(b"x")
    assert key.stat().st_mode & 0o077 == 0 and len(key.read_bytes()) == 32


def test_a_prepared_font_not_written_by_this_user_is_made_again(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[2] / "thaibook" / "data" / "fonts" / "Sarabun-Regular.ttf"
    target = prepared_font(src, tmp_path)
    good = target.read_bytes()
    target.write_bytes(b"not the font this build made")  # as if it came with the book folder
    assert prepared_font(src, tmp_path) == target
    assert target.read_bytes() == good
