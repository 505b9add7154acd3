"""Every WeasyPrint internal the project touches, touched here: an upgrade fails in one place."""

from __future__ import annotations

import importlib
import inspect
from importlib.resources import files
from typing import Any

import pytest

from thaibook.core.files import FONTS_DIR
from thaibook.weasy import PRIVATE, Internal
from thaibook.weasy.fontconfig import font_configuration
from thaibook.weasy.render import pdf_bytes, render

# What the wrappers in hooks.py and reuse.py pass on: the leading parameters they rely on.
SIGNATURES = {
    "weasyprint.document.layout_document": ("html", "root_box", "context"),
    "weasyprint.layout.make_margin_boxes": ("context", "page", "state"),
    "weasyprint.layout.page.make_page": ("context", "root_box", "page_type", "resume_at", "page_number"),
    "weasyprint.layout.page.set_page_type_computed_styles": ("page_type", "html", "style_for"),
    "weasyprint.layout.page.page_width": ("box", "context", "containing_block_width"),
    "weasyprint.layout.page.page_height": ("box", "context", "containing_block_height"),
    "weasyprint.layout.percent.resolve_percentages": ("box", "containing_block"),
    "weasyprint.formatting_structure.boxes.PageBox": ("page_type", "style"),
    "weasyprint.pdf.fonts.Font.clean": ("self", "to_unicode", "hinting"),
    "weasyprint.text.fonts.get_hb_object_data": ("hb_object",),
    "weasyprint.text.line_break.Layout": ("style",),
    "weasyprint.text.line_break.line_size": ("line", "style"),
    "weasyprint.layout.background.layout_box_backgrounds": ("page", "box", "get_image_from_uri"),
    "weasyprint.document.Page": ("page_box",),
    "weasyprint.layout.inline.justify_line": ("context", "line", "extra_width"),
    "weasyprint.text.line_break.Layout.get_first_line": ("self",),
    "weasyprint.text.line_break.get_log_attrs": ("text", "lang"),
    "weasyprint.draw.draw_stacking_context": ("stream", "stacking_context"),
    "weasyprint.draw.draw_block_level": ("page", "stream", "blocks_and_cells"),
    "weasyprint.text.line_break.split_first_line": ("text", "style", "context", "max_width"),
    "weasyprint.layout.inline.split_first_line": ("text", "style", "context", "max_width"),
    "weasyprint.layout.preferred.split_first_line": ("text", "style", "context", "max_width"),
    "weasyprint.text.line_break.Layout.set_text": ("self", "text", "justify"),
    "weasyprint.layout.inline.can_break_inside": ("box",),
    "weasyprint.layout.inline.split_text_box": ("context", "box", "available_width", "skip"),
    "weasyprint.pdf.tags._get_pdf_tag": ("tag",),
}
SAMPLE = """<style>
@font-face { font-family: s; src: url("%s") }
html { font-family: s }
@page { size: A6; @top-center { content: "หัว" } @bottom-center { content: counter(page) } }
a::after { content: counter(page) }
</style><p>ทดสอบ <a href="#x">ไป</a></p><img src="data:image/png;base64,
iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
alt="จุด"><h1 id="x">หัวข้อ</h1>"""


def _fail(internal: Internal, what: str) -> str:
    import weasyprint

    return (
        f"WeasyPrint {weasyprint.__version__} changed {internal.name} ({what}); thaibook.weasy."
        f"{internal.used_by} needs it: {internal.why}. Public replacement: {internal.public}"
    )


def _resolve(dotted: str) -> Any:
    """The object a dotted name gives: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ImportError(dotted)


@pytest.fixture(scope="module")
def rendered() -> dict[str, Any]:
    """Objects of a real render: the layout context, a document, its boxes and fonts."""
    import weasyprint.layout as wp_layout

    seen: dict[str, Any] = {}
    original = wp_layout.make_margin_boxes

    def spy(context: Any, page: Any, state: Any) -> Any:
        seen.setdefault("LayoutContext", context)
        return original(context, page, state)

    wp_layout.make_margin_boxes = spy
    try:
        fonts = font_configuration()
        document = render(
            SAMPLE % (FONTS_DIR / "Sarabun-Regular.ttf").as_uri(), "file:///", font_config=fonts
        )
        pdf_bytes(document)  # drawing fills document.fonts
    finally:
        wp_layout.make_margin_boxes = original
    seen["FontConfiguration"] = fonts
    seen["Page"] = document.pages[0]
    seen["PageBox"] = document.pages[0]._page_box
    boxes = list(document.pages[0]._page_box.descendants())
    for box in boxes:
        seen.setdefault(type(box).__name__, box)
        if hasattr(box, "replacement"):
            seen.setdefault("ReplacedBox", box)
    seen["Box"] = boxes[0]
    text_box = next(b for b in boxes if type(b).__name__ == "TextBox")
    text_box.pango_layout.reactivate(text_box.style)  # a laid-out box's layout is put to sleep
    seen["Layout"] = text_box.pango_layout
    seen["Font"] = next(iter(document.fonts.values()))
    from weasyprint.stacking import StackingContext

    seen["StackingContext"] = StackingContext.from_page(document.pages[0]._page_box)
    return seen


NAMES = [i for i in PRIVATE if i.name.startswith("weasyprint")]
ATTRIBUTES = [i for i in PRIVATE if not i.name.startswith("weasyprint")]


@pytest.mark.parametrize("internal", NAMES, ids=[i.name for i in NAMES])
def test_name_is_there(internal: Internal) -> None:
    if ":" in internal.name:  # package data
        package, resource = internal.name.split(":")
        assert (files(package) / resource).is_file(), _fail(internal, "the file is gone")
        return
    try:
        found = _resolve(internal.name)
    except (ImportError, AttributeError) as exc:
        pytest.fail(_fail(internal, f"not found: {exc}"))
    wanted = SIGNATURES.get(internal.name)
    if wanted:
        params = tuple(inspect.signature(found).parameters)
        start = 1 if params[:1] == ("self",) and wanted[0] != "self" else 0
        assert params[start : start + len(wanted)] == wanted, _fail(internal, f"its parameters are {params}")


@pytest.mark.parametrize("internal", ATTRIBUTES, ids=[i.name for i in ATTRIBUTES])
def test_attribute_is_there(internal: Internal, rendered: dict[str, Any]) -> None:
    owner, attribute = internal.name.split(".")
    assert owner in rendered, _fail(internal, f"a render made no {owner}")
    assert hasattr(rendered[owner], attribute), _fail(internal, f"{owner} has no {attribute}")


def test_every_internal_used_is_listed() -> None:
    """The door's modules name no WeasyPrint module that PRIVATE (or the public API) leaves out."""
    import ast
    from pathlib import Path

    import thaibook.weasy as door

    public = {"weasyprint", "weasyprint.urls", "weasyprint.text.fonts"}
    listed = {i.name.split(":")[0] for i in PRIVATE}
    for path in Path(door.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("weasyprint"):
                names = [f"{node.module}.{a.name}" for a in node.names]
                if node.module in public:
                    names = [n for n in names if n not in ("weasyprint.text.fonts.FontConfiguration",)]
                    names = [n for n in names if not n.startswith(("weasyprint.HTML", "weasyprint.CSS"))]
                    names = [n for n in names if not n.startswith("weasyprint.urls.")]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("weasyprint")]
            for name in names:
                covered = any(item == name or item.startswith(name + ".") for item in listed)
                assert covered, f"{path.name} uses {name}, which thaibook.weasy.PRIVATE does not list"


def test_justified_thai_widens_pango_glyph_advances() -> None:
    """justify.py's path through WeasyPrint and Pango: gaps recorded on a box, then drawn as
    widened glyph advances of its first line (Pango's PangoGlyphString, read through cffi)."""
    from weasyprint.formatting_structure import boxes as wp_boxes

    font = (FONTS_DIR / "Sarabun-Regular.ttf").as_uri()
    html = (
        f'<style>@font-face {{ font-family: s; src: url("{font}") }} @page {{ size: 60mm 40mm }}'
        "p { font-family: s; text-align: justify }</style><p lang=th>" + "การประชุมทางวิชาการครั้งที่หนึ่ง" * 4
    )
    document = render(html, "file:///")
    texts = [b for b in document.pages[0]._page_box.descendants() if isinstance(b, wp_boxes.TextBox)]
    gapped = [b for b in texts if getattr(b.pango_layout, "thaibook_gaps", None)]
    assert gapped, "no justified Thai box got gaps"
    box = gapped[0]
    box.pango_layout.reactivate(box.style)
    line, _ = box.pango_layout.get_first_line()
    total, run = 0, line.runs
    from weasyprint.text.ffi import ffi

    while run != ffi.NULL:
        glyphs = run.data.glyphs
        total += sum(glyphs.glyphs[i].geometry.width for i in range(glyphs.num_glyphs))
        run = run.next
    assert abs(total / 1024 - box.width) < 0.5  # the drawn advances add up to the widened box


def test_refused_breaks_reach_pango_as_attributes() -> None:
    """breaks.py's path: a rule's run given to each PangoLayout as allow_breaks=FALSE, so a
    narrow paragraph breaks at the run's edges only, and stays one text box a line."""
    from weasyprint.formatting_structure import boxes as wp_boxes

    from thaibook.weasy import breaks

    font = (FONTS_DIR / "Sarabun-Regular.ttf").as_uri()
    text = "ประเทศสหรัฐอเมริกา"  # libthai: ประเทศ|สหรัฐ|อเมริกา
    html = (
        f'<style>@font-face {{ font-family: s; src: url("{font}") }} @page {{ size: 60mm 60mm; margin: 5mm }}'
        f"p {{ font-family: s; width: 1pt }}</style><p lang=th>{text}</p>"
    )

    def lines(rule: Any) -> list[str]:
        with breaks.using(rule):
            page = render(html, "file:///").pages[0]._page_box
        return [b.text for b in page.descendants() if isinstance(b, wp_boxes.TextBox)]

    assert lines(None) == ["ประเทศ", "สหรัฐ", "อเมริกา"]
    assert lines(lambda t: [(t.index("สหรัฐ"), len(t))] if t == text else []) == ["ประเทศ", "สหรัฐอเมริกา"]
