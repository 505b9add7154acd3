"""The README's reference is the settings' own: every key of book.yaml and of the front matter
(whoever added it) has its description, allowed values and default there, and nothing else is."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from thaibook.core.book import ChapterMeta
from thaibook.core.settings import BookConfig
from thaibook.sources import reference
from thaibook.sources.settings import Located, parse_config

ROOT = Path(__file__).resolve().parents[2]


def every_key(cls: type, prefix: str = "") -> list[str]:
    """The dotted name of every setting of a dataclass, sections' settings included."""
    keys = []
    for f in dataclasses.fields(cls):
        value = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if dataclasses.is_dataclass(value):
            keys += every_key(type(value), f"{prefix}{f.name}.")
        elif f.name not in reference.SKIP:
            keys.append(prefix + f.name)
    return keys


def test_the_readme_holds_the_reference_as_made_from_the_settings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert reference.with_reference(readme) == readme, (
        "README.md's reference differs from the settings: run python -m thaibook.sources.reference --write README.md"
    )


@pytest.mark.parametrize(
    ("cls", "title"),
    [(BookConfig, "`book.yaml`"), (ChapterMeta, "A chapter's front matter")],
    ids=["book", "chapter"],
)
def test_every_key_has_a_row_with_a_meaning(cls: type, title: str) -> None:
    made = reference.table(title, reference.rows(cls))
    listed = re.findall(r"^\| `([^`]+)` \| [^|]+ \| [^|]+ \| .{10,} \|$", made, re.MULTILINE)
    assert listed == every_key(cls)


def test_a_key_without_a_description_is_named() -> None:
    @dataclasses.dataclass(frozen=True)
    class Settings:
        size: str = "A4"
        """Paper size."""
        colour: str = "red"

    with pytest.raises(ValueError, match=r"^Settings.colour has no description: write a string under it in "):
        reference.rows(Settings)


def test_allowed_values_come_from_the_lists_the_build_checks() -> None:
    made = reference.reference()
    assert "`lower-roman`" in made and "`upper-roman`" in made and "| `roman`" not in made
    assert "{" not in re.sub(r"`[^`]*`", "", made)  # every {NAME} filled in


def test_every_key_with_its_default_is_accepted(tmp_path: Path) -> None:
    """A book.yaml that sets every key of the reference to its default parses (the reference
    names no key the build would refuse)."""
    data: dict = {}
    config = BookConfig()
    for key in every_key(BookConfig):
        *sections, name = key.split(".")
        target, value = data, config
        for section in sections:
            target = target.setdefault(section, {})
            value = getattr(value, section)
        target[name] = getattr(value, name)
    data = {k: v for k, v in data.items() if v is not None}
    path = tmp_path / "book.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    parsed = parse_config(Located(data, {}, path))
    assert parsed == BookConfig()
