"""Property: any generated chapter either builds into a PDF whose text holds every word
written, or fails with a BuildError; never any other exception."""

from __future__ import annotations

import itertools
import os
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import pdftotext
from thaibook.build.pipeline import build
from thaibook.core.errors import BuildError, BuildErrors
from thaibook.core.settings import VARIANTS

# THAIBOOK_FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py -s: a longer, random (not derandomized) run.
DEEP = int(os.environ.get("THAIBOOK_FUZZ_EXAMPLES", "0"))
MAX_EXAMPLES = DEEP or 30
WORDS = ["ภาษา", "ไทย", "น้ำ", "ทำ", "กำหนด", "ผู้ปฏิบัติ", "สังคม", "ประชุม", "๑๒๓", "book", "2026"]
THAI_LETTERS = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if c not in range(0x0E3B, 0x0E3F))
DECORATIONS = [
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "**",
    "*",
    "`",
    "|",
    "[^1]",
    "[ลิงก์](#nowhere)",
    "![รูป](missing.png)",
    '<img src="file:///etc/passwd">',
    "<b>",
    "</div>",
    "{#id}",
    "---",
    "```",
    "\\",
    "&amp;",
    "<",
    "{{ book.title }}",
    "{% raw %}",
    '<article id="chapter-x">',
]
META_KEYS = ["title", "layout", "part", "start_page", "header", "show_title", "titel", "colour"]
TALLY = {"built": 0, "BuildError": 0}
MESSAGES: list[str] = []

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
wild = st.text(alphabet=THAI_LETTERS + " \n*#_`[]()<>!{}:-|\\&\u00a0\u200b", max_size=40)
decorated = st.tuples(st.sampled_from(DECORATIONS), words).map("".join)
blocks = st.lists(st.one_of(words, words, words, decorated, decorated, wild), max_size=8)
values = st.one_of(
    st.text(max_size=20), st.integers(-3, 12), st.booleans(), st.none(), st.sampled_from(["front", "plain"])
)
thai_text = st.text(alphabet=THAI_LETTERS + " abc123", max_size=20)
good_meta = st.fixed_dictionaries(
    {},
    optional={
        "title": thai_text,
        "show_title": st.booleans(),
        "header": st.booleans(),
        "start_page": st.integers(1, 30),
        "part": st.sampled_from(["front", "body"]),
        "layout": st.sampled_from(["chapter", "plain"]),
    },
)
any_meta = st.dictionaries(st.sampled_from(META_KEYS), values, max_size=4)
front_matter = st.one_of(
    st.none(),
    good_meta.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    good_meta.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    any_meta.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.text(max_size=30),  # anything, often not YAML at all
)


book_settings = st.one_of(
    st.just({}),
    st.just({}),
    st.fixed_dictionaries(
        {},
        optional={
            "print": st.fixed_dictionaries(
                {},
                optional={
                    "pdf": st.sampled_from([*VARIANTS, "pdf/x-9", ""]),
                    "bleed": st.sampled_from(["3mm", "0mm", "3", "-1mm"]),
                    "marks": st.sampled_from(["crop", "cross", "crop cross", "none", "all"]),
                    "trim": st.sampled_from(["A5", "148mm 210mm", "A9", ""]),
                },
            ),
            "cover": st.one_of(st.booleans(), values),
            "header": st.one_of(st.lists(thai_text, max_size=2), values),
            "page": st.one_of(
                st.just({"size": "A5"}), st.dictionaries(st.sampled_from(["size", "top", "tp"]), values)
            ),
            "colour": values,
        },
    ),
)


def _chapter(front: str | None, body: list[str]) -> str:
    head = f"---\n{front.rstrip()}\n---\n\n" if front is not None else ""
    return head + "\n\n".join(body) + "\n"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("fuzz")
    return (base / f"book{i}" for i in itertools.count())


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=not DEEP,  # the same inputs on every run and in CI
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    front=front_matter,
    body=blocks,
    title=st.one_of(thai_text, thai_text, st.text(max_size=15)),
    extra=book_settings,
)
@pytest.mark.slow
def test_build_succeeds_or_raises_build_error(
    folders, front: str | None, body: list[str], title: str, extra: dict
) -> None:
    book = next(folders)
    book.mkdir()
    config = {"title": title or "t", "output": "fuzz.pdf", "contents": False, **extra}
    (book / "book.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (book / "01.md").write_text(_chapter(front, body), encoding="utf-8")
    try:
        result = build(book, book / "out.pdf")
    except (BuildError, BuildErrors) as exc:
        TALLY["BuildError"] += 1
        MESSAGES.append(str(exc).split(": ", 1)[-1][:60])
        return
    TALLY["built"] += 1
    text = _squash(pdftotext(result.output))
    for block in body:
        for word in re.findall(r"\S+", block):
            if word in WORDS:
                assert word in text, (word, block)


@pytest.mark.slow  # it counts what the slow fuzz tests tried
def test_fuzz_tally() -> None:
    """Report how many generated books were tried (shown with -s / -rA)."""
    print(f"fuzz: {sum(TALLY.values())} inputs, {TALLY['built']} built, {TALLY['BuildError']} BuildError")
    print(f"fuzz: kinds of BuildError: {len(set(MESSAGES))}")
    assert sum(TALLY.values()) > 0
