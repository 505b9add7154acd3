"""Chapters found in the folder are read in the order their front matter gives: Gatsby's and
Jekyll's prev/next chains (react-main-concepts-th's docs), Hugo's weight, Docusaurus'
sidebar_position; book.yaml's chapters: always win."""

from __future__ import annotations

from pathlib import Path

from thaibook.core.errors import collecting
from thaibook.sources.chapters import load_book

# react-main-concepts-th's front matter as it came (docs/*.md), bodies cut short.
GATSBY = {
    "components-and-props": ("rendering-elements", ""),  # its prev/next come from its neighbours
    "conditional-rendering": ("handling-events", "lists-and-keys"),
    "handling-events": ("state-and-lifecycle", "conditional-rendering"),
    "hello-world": ("cdn-links", "introducing-jsx"),  # cdn-links is not in the book
    "introducing-jsx": ("hello-world", "rendering-elements"),
    "lists-and-keys": ("conditional-rendering", "forms"),
    "rendering-elements": ("introducing-jsx", "components-and-props"),
    "state-and-lifecycle": ("components-and-props", "handling-events"),
}


def _load(tmp_path: Path, files: dict[str, str]) -> tuple[list[str], list]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with collecting() as found:
        book = load_book(tmp_path)
    assert [c.index for c in book.chapters] == list(range(1, len(book.chapters) + 1))
    return [str(c.path.relative_to(tmp_path)) for c in book.chapters], found


def _gatsby(name: str, prev: str, nxt: str) -> str:
    links = (f"prev: {prev}.html\n" if prev else "") + (f"next: {nxt}.html\n" if nxt else "")
    return f"---\nid: {name}\ntitle: {name}\npermalink: docs/{name}.html\n{links}---\n\nข้อความ\n"


def test_prev_and_next_chain_the_pages_as_the_site_reads_them(tmp_path: Path) -> None:
    files = {f"docs/{name}.md": _gatsby(name, *links) for name, links in GATSBY.items()}
    order, found = _load(tmp_path, {**files, "about.md": "# เกี่ยวกับ\n"})
    assert order == [
        "about.md", "docs/hello-world.md", "docs/introducing-jsx.md", "docs/rendering-elements.md",
        "docs/components-and-props.md", "docs/state-and-lifecycle.md", "docs/handling-events.md",
        "docs/conditional-rendering.md", "docs/lists-and-keys.md",
    ]  # fmt: skip
    ignored = {w.message.split("'")[1] for w in found}
    assert ignored == {"id", "permalink"}  # prev and next are read, not ignored


def test_weights_order_a_folder_and_a_circle_of_links_is_broken(tmp_path: Path) -> None:
    order, _ = _load(
        tmp_path,
        {
            "a/_index.md": "---\ntitle: ส่วน\n---\n\nข้อความ\n",
            "a/first.md": "---\nweight: 30\n---\n\nหนึ่ง\n",
            "a/second.md": "---\nweight: 10\n---\n\nสอง\n",
            "a/third.md": "---\nsidebar_position: 20\n---\n\nสาม\n",
            "b/x.md": "---\nnext: y\n---\n\nx\n",
            "b/y.md": "---\nnext: x.md\n---\n\ny\n",
        },
    )
    assert order == ["a/_index.md", "a/second.md", "a/third.md", "a/first.md", "b/x.md", "b/y.md"]


def test_book_yaml_s_chapters_keep_their_order(tmp_path: Path) -> None:
    files = {f"{name}.md": _gatsby(name, *links) for name, links in GATSBY.items()}
    chapters = "".join(f"  - {name}.md\n" for name in sorted(GATSBY))
    order, _ = _load(tmp_path, {**files, "book.yaml": f"chapters:\n{chapters}"})
    assert order == [f"{name}.md" for name in sorted(GATSBY)]


def test_a_contents_page_orders_the_chapters_it_links_to(tmp_path: Path) -> None:
    """twelve-factor-heroku-th's toc.md ('## [I. Codebase](./codebase)'), mdBook's SUMMARY.md;
    a chapter that names a few others in its text orders nothing."""
    factors = ["codebase", "dependencies", "config", "backing-services"]
    toc = "The Twelve Factors\n==================\n\n" + "".join(
        f"## [{n}. {name}](./{name})\n### ข้อความ\n\n" for n, name in enumerate(factors, 1)
    )
    files = {f"{name}.md": f"# {name}\n\nดู [config](config.md) และ [logs](./logs)\n" for name in factors}
    order, _ = _load(tmp_path, {**files, "intro.md": "# บทนำ\n", "toc.md": toc, "who.md": "# ใคร\n"})
    assert order == ["intro.md", "toc.md", *(f"{name}.md" for name in factors), "who.md"]
    summary = "# Summary\n\n- [บทนำ](intro.md)\n- [เริ่มต้น](guide/start.md)\n  - [ติดตั้ง](guide/install/)\n"
    pages = {"SUMMARY.md": summary, "intro.md": "# บทนำ\n", "guide/start.md": "# เริ่ม\n"}
    order, _ = _load(tmp_path / "mdbook", {**pages, "guide/install/index.md": "# ติดตั้ง\n"})
    assert order == ["SUMMARY.md", "intro.md", "guide/start.md", "guide/install/index.md"]


def test_a_cover_page_comes_first(tmp_path: Path) -> None:
    """md2docx-manual-th's cover.md (the cover's text) came after ch09_thai_text_samples.md."""
    names = ["ch01_introduction.md", "ch09_thai_text_samples.md", "cover.md"]
    order, _ = _load(tmp_path, {name: "ข้อความ\n" for name in names})
    assert order == ["cover.md", "ch01_introduction.md", "ch09_thai_text_samples.md"]
