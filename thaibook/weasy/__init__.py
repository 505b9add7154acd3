"""The one door to WeasyPrint: the only package that imports it.

``render`` uses its public API (HTML, CSS, URL fetchers, write_pdf, the loggers);
``document``, ``hooks``, ``markers``, ``reuse``, ``justify``, ``breaks`` and ``links`` reach into its internals. Every internal name
they touch is listed in ``PRIVATE`` with why it is needed and what public API would
replace it; ``tests/weasy/test_door.py`` touches each one, so that a WeasyPrint
upgrade fails there, in one place, naming what changed. The pin (``weasyprint>=70,<71``
in pyproject.toml) stays until that test passes on the new version: 70.0 is the newest
release, and the floor is 70.0 because ``Font.colr`` is new in it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Internal:
    """One WeasyPrint internal: where it is (a dotted name, or ``Class.attribute`` of an
    object a render makes), who uses it, why, and what public API would replace it."""

    name: str
    used_by: str
    why: str
    public: str = "none"


PRIVATE = (
    Internal(
        "weasyprint.document.layout_document",
        "hooks.install_hooks",
        "wrapped to keep the render's HTML and LayoutContext for the part being laid out",
        "none (the HTML is ours; the counter styles could come from render(counter_style=...))",
    ),
    Internal(
        "weasyprint.layout.make_margin_boxes",
        "hooks.install_hooks",
        "wrapped: the seam between layout and margin boxes, where a part's page count is "
        "reported and its folios and first side applied before the header and folio are drawn",
        "none: a public hook after layout and before margin boxes would replace all of hooks.py",
    ),
    Internal(
        "weasyprint.layout.page.make_page",
        "hooks.install_hooks",
        "wrapped to record, page by page, counter resets, anchors and (for a kept contents) the box",
        "Page.anchors, but only after render() returns",
    ),
    Internal(
        "weasyprint.layout.page.set_page_type_computed_styles",
        "hooks._flip_side",
        "the other side's page style, for a part found to start on a left page",
    ),
    Internal("weasyprint.layout.page.page_width", "hooks._flip_side", "the other side's page geometry"),
    Internal("weasyprint.layout.page.page_height", "hooks._flip_side", "the other side's page geometry"),
    Internal("weasyprint.layout.percent.resolve_percentages", "hooks._flip_side", "the other side's margins"),
    Internal(
        "weasyprint.formatting_structure.boxes.PageBox", "hooks._flip_side", "a page box for the other side"
    ),
    Internal(
        "LayoutContext.page_maker",
        "hooks._place",
        "each laid-out page's page counter, and the state the margin boxes are drawn with",
    ),
    Internal("LayoutContext.current_page", "hooks.make_margin_boxes", "the index of the page being finished"),
    Internal("LayoutContext.style_for", "hooks", "a page's counter-reset, and the flipped page's style"),
    Internal(
        "LayoutContext.counter_style",
        "parts.typeset",
        "the counter styles a kept contents renders its page numbers with",
        "HTML.render(counter_style=CounterStyle())",
    ),
    Internal(
        "weasyprint.css.CSS",
        "reuse.install",
        "the name find_stylesheets calls for each <style>: wrapped so that a worker parses the "
        "book's style sheet once, not once per part",
        "a reused CSS object passed as render(stylesheets=...), at user origin (below author CSS)",
    ),
    Internal(
        "weasyprint.pdf.fonts.Font.clean",
        "reuse.install",
        "wrapped so that a part embeds no font program: the join subsets each font once for the book",
        "write_pdf(full_fonts=True) embeds whole fonts in every part; nothing embeds none",
    ),
    Internal(
        "FontConfiguration._folder",
        "reuse.inherit",
        "a forked process writes the faces it loads in a folder of its own, not the one it shares "
        "with the process it was forked from and that process's other children",
        "none: FontConfiguration(folder=...), or add_font_face writing atomically and loading a face "
        "it finds written",
    ),
    Internal("Font.used_in_forms", "reuse.install", "a form field's font is read whole: cleaned as usual"),
    Internal("Font.colr", "reuse.install", "a colour font's program is cleaned as usual (new in 70.0)"),
    Internal(
        "weasyprint.text.fonts.get_hb_object_data",
        "document.fonts_drawn",
        "the original font file behind each font a part drew, which the join subsets",
    ),
    Internal(
        "Font.hb_face",
        "document.fonts_drawn",
        "with Font.hash, .widths and .to_unicode: the glyphs each part drew and their text",
        "the same data read back from each part's PDF (/W, /ToUnicode, resource names)",
    ),
    Internal(
        "weasyprint.text.line_break.Layout",
        "document.write_numbers",
        "measures a page number written into a kept contents, to align it as WeasyPrint did",
    ),
    Internal("weasyprint.text.line_break.line_size", "document.write_numbers", "the same measure"),
    Internal(
        "Page._page_box",
        "document",
        "each page's folio, header, text and images; the contents' number boxes "
        "('zero promise of stability', WeasyPrint #265)",
        "none: text extraction from the PDF instead",
    ),
    Internal(
        "MarginBox.at_keyword", "document.page_infos", "which margin box holds the folio and the header"
    ),
    Internal("TextBox.text", "document", "the text of a line; a contents number written in place"),
    Internal(
        "TextBox.pango_layout", "document.write_numbers", "drawing sets its layout up again from the text"
    ),
    Internal(
        "ReplacedBox.replacement", "document.images", "an image's pixel size, for its printed resolution"
    ),
    Internal("Box.element_tag", "document.page_numbers", "finds a contents entry's a::after number box"),
    Internal(
        "InlineBox.border_box_y",
        "links._with_height",
        "a link box's border area when its line-height (0 in sup) leaves Page.links a rectangle of no height",
        "Page.links' rectangle, were it the border area as CSS hit-tests",
    ),
    Internal("InlineBox.border_height", "links._with_height", "the height of that border area"),
    Internal(
        "InlineBox.position_y", "links._with_height", "tells the rectangle is the box's own (not transformed)"
    ),
    Internal(
        "weasyprint.layout.page.make_margin_boxes",
        "frames.frame",
        "a page's margin boxes made on a page box of their own: the frame, drawn apart from the body "
        "(and made again for other folios without laying the body out again)",
        "none: a public hook after layout and before margin boxes",
    ),
    Internal("weasyprint.layout.page.PageType", "frames.frame", "a page's type from the plain values kept"),
    Internal(
        "weasyprint.layout.background.layout_box_backgrounds",
        "frames.frame",
        "the frame's margin boxes' backgrounds",
    ),
    Internal(
        "weasyprint.document.Page", "frames.frame_document", "a page of the frames' document, from its box"
    ),
    Internal(
        "PageBox.page_type", "frames.page_meta", "what a page's margin boxes depend on, kept with the part"
    ),
    Internal("PageBox.canvas_background", "frames.frame", "none on a frame: the body's page draws it"),
    Internal(
        "weasyprint.layout.inline.justify_line",
        "justify.install",
        "wrapped: a justified line holding Thai spreads its slack over word breaks, spaces and "
        "clusters (WeasyPrint stretches U+0020 alone)",
        "none: CSS text-justify (inter-character) is not implemented",
    ),
    Internal(
        "weasyprint.text.line_break.Layout.get_first_line",
        "justify.install",
        "wrapped: when a justified box is drawn, its gaps widen the advances of the glyphs they follow",
        "none (Pango letter spacing cannot put one gap after one cluster)",
    ),
    Internal(
        "weasyprint.text.line_break.get_log_attrs",
        "justify._places",
        "a box's cluster boundaries and break opportunities",
        "Pango's pango_get_log_attrs through ctypes, as thaibook.thai.linebreak calls it",
    ),
    Internal("weasyprint.text.ffi.ffi", "justify._widen", "the end of Pango's list of runs (NULL)"),
    Internal("weasyprint.formatting_structure.boxes.TextBox", "justify", "the text boxes of a line"),
    Internal("weasyprint.formatting_structure.boxes.LineBox", "justify._advance", "a line's boxes, moved"),
    Internal(
        "weasyprint.formatting_structure.boxes.InlineBox", "justify._advance", "an inline's boxes, moved"
    ),
    Internal("LineBox.children", "justify._advance", "the boxes a gap moves to the right"),
    Internal("Box.position_x", "justify._advance", "moved by the gaps before it"),
    Internal("Box.is_in_normal_flow", "justify._advance", "floats are not moved, as in WeasyPrint's own"),
    Internal("Box.translate", "justify._advance", "an atomic inline moved by the gaps before it"),
    Internal(
        "Layout.layout",
        "justify.install",
        "the PangoLayout whose first line's glyph advances are widened (PangoGlyphItem, "
        "PangoGlyphString.log_clusters and glyphs[i].geometry.width: Pango's own C structures)",
    ),
    Internal(
        "weasyprint.text.line_break.split_first_line",
        "breaks.install",
        "wrapped (also as weasyprint.layout.inline's and .preferred's name): the text being fitted "
        "into lines, whose runs the line-break rule refuses, found once for all its layouts",
        "none: CSS has no way to refuse a break inside a run without an element around it",
    ),
    Internal("weasyprint.layout.inline.split_first_line", "breaks.install", "the name inline layout calls"),
    Internal(
        "weasyprint.layout.preferred.split_first_line",
        "breaks.install",
        "the name min/max-content widths call",
    ),
    Internal(
        "weasyprint.text.line_break.Layout.set_text",
        "breaks.install",
        "wrapped: each PangoLayout of a text gets the refused runs as Pango allow_breaks attributes",
        "none (white-space: nowrap spans cost a text box each: 2-3x the layout time)",
    ),
    Internal(
        "weasyprint.layout.inline.can_break_inside",
        "breaks.install",
        "wrapped: a text box whose every Pango break the rule refuses cannot break",
    ),
    Internal(
        "weasyprint.layout.inline.split_text_box",
        "breaks.install",
        "wrapped: a text box of code keeps Pango's breaks (its element's tag, Box.element_tag)",
    ),
    Internal("Layout.text", "breaks._refuse", "the text a layout was given (WeasyPrint may cut it)"),
    Internal("Layout.layout", "breaks._refuse", "the PangoLayout whose attribute list gets the runs"),
    Internal(
        "weasyprint.text.ffi.pango",
        "breaks._refuse",
        "pango_layout_get/set_attributes, pango_attr_list_new/copy/insert/unref and "
        "pango_attr_allow_breaks_new (the last two declared here with ffi.cdef: Pango >= 1.44)",
    ),
    Internal("weasyprint.text.ffi.ffi", "breaks._declare", "cdef of the two functions, NULL"),
    Internal(
        "weasyprint.draw.draw_stacking_context",
        "markers.install",
        "wrapped: an outside list marker is drawn with its item's first line, not after the page's text",
        "none (CSS paints absolutely positioned markers last; ::marker cannot be made in-flow)",
    ),
    Internal(
        "weasyprint.draw.draw_block_level",
        "markers.install",
        "wrapped: where a list item's first line is drawn, its marker is drawn first",
    ),
    Internal("StackingContext.zero_z_contexts", "markers.install", "where the page's list markers are"),
    Internal("StackingContext.box", "markers.install", "a context's box: a marker, or the page"),
    Internal("Box.is_outside_marker", "markers.install", "tells a list marker's box from others"),
    Internal("Box.element", "markers.install", "a marker's list item: the same element as the item's box"),
    Internal(
        "weasyprint.pdf.tags._get_pdf_tag",
        "tags.install_tags",
        "wrapped so that an <aside> (a callout) is tagged /Aside, role-mapped to /Div, not /NonStruct",
        "none (a tag for an element, as a CSS property or a mapping given to write_pdf, would)",
    ),
    Internal(
        "weasyprint.pdf:sRGB2014.icc",
        "document.srgb_profile",
        "the sRGB profile of PDF/X editions' DefaultRGB",
        "ship the ICC's own sRGB profile",
    ),
)
