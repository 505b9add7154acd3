"""Front matter written for other tools (Jekyll, Hugo, Gatsby, Docusaurus, docfx, MkDocs) is
read, its foreign keys kept and ignored with one warning per key name; book.yaml stays strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaibook.core.errors import BuildError, BuildWarning, collecting
from thaibook.sources.chapters import found_chapters, load_book

# Each as its tool writes it: the Gatsby one is react-main-concepts-th's docs/state-and-lifecycle.md,
# the docfx one powerbi-visuals-th's visuals/power-bi-visualization-card.md (tests/realbooks).
SHAPES = {
    "gatsby": "---\nid: state-and-lifecycle\ntitle: State and Lifecycle\npermalink: docs/state-and-lifecycle.html\n"
    'redirect_from:\n  - "docs/interactivity-and-dynamic-uis.html"\nprev: components-and-props.html\n'
    "next: handling-events.html\n---\n\nหน้านี้แนะนำแนวคิดของ state และ lifecycle\n",
    "docfx": "---\ntitle: สร้างการแสดงภาพการ์ด\ndescription: สร้างการแสดงภาพการ์ดใน Power BI\n"
    "author: mihart\nms.reviewer: ''\nms.service: powerbi\nms.topic: how-to\nms.date: 05/05/2020\n"
    "LocalizationGroup: Visualizations\nms.search.validFrom: 2021-10-15\n---\n\n# การ์ด\n",
    "mkdocs": "---\ntitle: III. Config\nhide:\n  - toc\n---\n\nเก็บการตั้งค่าไว้ใน environment\n",
    "hugo": '---\ndraft: false\naliases: ["/th/"]\n---\n\n# Conventional Commits 1.0.0\n',
    "jekyll": "---\nlayout: post\ntitle: บันทึก\ndate: 2020-01-02 10:00:00 +0700\ncategories: [thai, notes]\n"
    "permalink: /notes/1/\n---\n\nข้อความ\n",
    "docusaurus": "---\nsidebar_position: 2\nslug: /intro\ntags: [a, b]\ntitle: เริ่มต้น\n---\n\nข้อความ\n",
}


def _book(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _warnings(book: Path) -> list[BuildWarning]:
    with collecting() as found:
        load_book(book)
    return found


def test_every_tool_s_front_matter_loads_with_one_warning_per_key(tmp_path: Path) -> None:
    book = _book(tmp_path, {f"{i}-{name}.md": text for i, (name, text) in enumerate(SHAPES.items(), 1)})
    with collecting() as found:
        loaded = load_book(book)
    assert [ch.title for ch in loaded.chapters] == [
        "State and Lifecycle", "สร้างการแสดงภาพการ์ด", "III. Config", "Conventional Commits 1.0.0",
        "บันทึก", "เริ่มต้น",
    ]  # fmt: skip
    assert loaded.chapters[1].meta.foreign["ms.date"] == "05/05/2020"  # kept, for layouts that want it
    assert {w.kind for w in found} == {"front-matter"}
    shown = [w.formatted().removeprefix(f"{book}/") for w in found]
    assert shown[:3] == [
        "1-gatsby.md:2:1: warning: front matter: 'id' is not a thaibook setting: ignored",
        "1-gatsby.md:4:1: warning: front matter: 'permalink' is not a thaibook setting: ignored (and in 1 more files)",
        "1-gatsby.md:5:1: warning: front matter: 'redirect_from' is not a thaibook setting: ignored",
    ]
    names = [w.message.split("'")[1] for w in found]
    assert len(names) == len(set(names))  # one per key name, not per file
    assert "2-docfx.md:8:1: warning: front matter: 'ms.date' is not a thaibook setting: ignored" in shown


def test_the_same_key_in_many_files_is_one_warning(tmp_path: Path) -> None:
    files = {
        f"docs/{n:02}.md": f"---\ntitle: บท {n}\nms.topic: conceptual\n---\n\nข้อความ\n" for n in range(1, 9)
    }
    found = _warnings(_book(tmp_path, files))
    assert [w.formatted() for w in found] == [
        f"{tmp_path}/docs/01.md:3:1: warning: front matter: 'ms.topic' is not a thaibook setting: "
        "ignored (and in 7 more files)"
    ]


def test_a_slip_of_a_known_key_says_what_was_meant(tmp_path: Path) -> None:
    found = _warnings(_book(tmp_path, {"a.md": "---\ntitel: x\nhide: [toc]\n---\n\nข้อความ\n"}))
    assert [w.message for w in found] == [
        "front matter: 'titel' is not a thaibook setting: ignored (did you mean 'title'?)",
        "front matter: 'hide' is not a thaibook setting: ignored",
    ]


def test_wrong_values_of_known_keys_stay_errors_of_every_file(tmp_path: Path) -> None:
    book = _book(
        tmp_path, {"a.md": "---\nstart_page: abc\npart: x\n---\n", "b.md": "---\nshow_title: 3\n---\n"}
    )
    with pytest.raises(Exception) as caught:  # noqa: B017 (BuildErrors: asserted below)
        load_book(book)
    assert [str(e).removeprefix(f"{book}/") for e in caught.value.errors] == [
        "a.md:2:1: start_page must be a whole number, not str 'abc'",
        "a.md:3:1: part must be 'front' or 'body'",
        "b.md:2:1: show_title must be true or false, not int 3",
    ]


def test_book_yaml_stays_strict(tmp_path: Path) -> None:
    book = _book(tmp_path, {"book.yaml": "title: x\ndescription: y\n", "a.md": "ข้อความ\n"})
    with pytest.raises(BuildError) as caught:
        load_book(book)
    assert str(caught.value) == f"{book}/book.yaml:2:1: unknown setting 'description'"


def test_chapters_found_in_sub_folders_in_reading_order(tmp_path: Path) -> None:
    names = ["README.md", "docs/th/index.md", "docs/th/config.md", "docs/th/codebase.md", "part-10/a.md",
             "part-2/b.md", "part-2/README.md", "dist/out.md", ".git/x.md", "node_modules/m/readme.md"]  # fmt: skip
    book = _book(tmp_path, dict.fromkeys(names, "ข้อความ\n"))
    assert [p.relative_to(book).as_posix() for p in found_chapters(book)] == [
        "docs/th/index.md", "docs/th/codebase.md", "docs/th/config.md", "part-2/README.md", "part-2/b.md",
        "part-10/a.md",
    ]  # fmt: skip
