"""The project's fontconfig configuration: no system font, only its placeholder face, written
once, mended if changed, and set only while WeasyPrint's FontConfiguration is made (other
programs keep theirs)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from thaibook.weasy.fontconfig import (
    ENV,
    PLACEHOLDER,
    config_file,
    config_path,
    config_text,
    font_configuration,
)


def test_the_configuration_offers_no_system_font(cache_dir: Path) -> None:
    path = config_file()
    assert path == config_path() and path.is_relative_to(cache_dir)
    system = {k: v for k, v in os.environ.items() if k != ENV}
    assert subprocess.run(["fc-list"], capture_output=True, text=True, env=system, check=True).stdout != ""
    listed = subprocess.run(
        ["fc-list", "--format", "%{family}\\n"],
        capture_output=True,
        text=True,
        env={**system, ENV: str(path)},
        check=True,
    )
    assert (listed.stdout, listed.stderr) == (f"{PLACEHOLDER}\n", "")


def test_a_changed_configuration_is_written_again(cache_dir: Path) -> None:
    path = config_file()
    path.write_text("<fontconfig><dir>/usr/share/fonts</dir></fontconfig>")
    assert config_file() == path
    assert path.read_text() == config_text(path.parent)


def test_the_environment_is_left_as_it_was(monkeypatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    font_configuration()
    assert ENV not in os.environ
    monkeypatch.setenv(ENV, "/etc/fonts/fonts.conf")
    font_configuration()
    assert os.environ[ENV] == "/etc/fonts/fonts.conf"
