"""Jinja2 layouts: the book's HTML document and its print CSS."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import jinja2

from thaibook.core.book import Book, Chapter, ChapterHtml, FontFace, Heading
from thaibook.core.errors import BuildError, warn
from thaibook.fonts.chain import font_stacks
from thaibook.fonts.faces import font_face_css
from thaibook.html.code import code_css
from thaibook.html.markdown import convert_chapters
from thaibook.html.pageplan import Part, Plan, plan_parts
from thaibook.sources.named import extra_css
from thaibook.sources.settings import load_yaml
from thaibook.thai.linebreak import NOBREAK_CLASS

NUMBER_STYLE_CSS = {
    "decimal": "decimal",
    "thai": "thai",
    "thai-alphabetic": "thai-alphabetic",
    "lower-roman": "lower-roman",
    "upper-roman": "upper-roman",
}


# Line breaking's nowrap spans (thai/nowrap.py): after the layouts' own CSS, whatever a book's print.css.j2
# says. A class rule, not a style attribute on each span: WeasyPrint parses every style attribute anew.
NOWRAP_CSS = f"\n.{NOBREAK_CLASS} {{ white-space: nowrap !important }}\n"


@dataclass(frozen=True)
class ChapterView:
    """What a chapter layout receives."""

    chapter: Chapter
    html: str
    headings: tuple[Heading, ...]
    part: Part

    @property
    def has_title_heading(self) -> bool:
        return any(h.level == 1 for h in self.headings)


def make_env(layout_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """A strict Jinja2 environment over the book's and the default layouts."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in layout_dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "html.j2", "xhtml.j2", "opf.j2"]),
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.globals["counter_style"] = lambda style: NUMBER_STYLE_CSS.get(style, "decimal")
    return env


def css_string(value: str) -> str:
    """A value quoted as a CSS string; line ends become CSS '\\A'."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    escaped = escaped.replace("<", "\\3C ")  # no '</style>' can end the style sheet
    return f'"{escaped}"'


def render_document(
    book: Book, chapters: list[ChapterHtml], faces: tuple[FontFace, ...], env: jinja2.Environment
) -> str:
    """The whole book as one HTML document."""
    plan = plan_parts(book)
    views = [
        ChapterView(ch, c.html, c.headings, p)
        for ch, c, p in zip(book.chapters, chapters, plan.chapters, strict=True)
    ]
    bodies = [_render_chapter(env, view) for view in views]
    context = _context(book, plan, views)
    css = _style(book, env, plan, context, faces)
    return _render(env, "base.html.j2", {**context, "css": css, "bodies": bodies})


def _context(book: Book, plan: Plan, views: list[ChapterView]) -> dict:
    """What every layout receives: the settings, the cover and contents parts, the chapters."""
    return {
        "book": book.config,
        "cover": plan.cover,
        "contents": plan.contents,
        "contents_at": plan.contents_at,
        "chapters": views,
    }


def _style(
    book: Book, env: jinja2.Environment, plan: Plan, context: dict, faces: tuple[FontFace, ...]
) -> str:
    """The print style sheet, then the book's extra_css."""
    css = _render(env, "print.css.j2", {**context, "parts": plan.all, **_fonts(book, faces)}) + NOWRAP_CSS
    return css + ("\n" + extra_css(book) if book.config.extra_css else "")


def _fonts(book: Book, faces: tuple[FontFace, ...]) -> dict[str, str]:
    """The style sheet's fonts (the @font-face rules, the font-family lists of text and of code)
    and the code's colours."""
    body, code = font_stacks(book.config.font, faces)
    return {
        "font_faces": font_face_css(faces),
        "body_fonts": ", ".join(f'"{name}"' for name in body),
        "code_fonts": ", ".join(f'"{name}"' for name in code),
        "code_colours": code_css(book.config.code, book.config.print),
    }


def render_parts(
    book: Book, chapters: list[ChapterHtml], faces: tuple[FontFace, ...], env: jinja2.Environment
) -> dict[str | int, str]:
    """Each part alone ("cover", "contents", each chapter's index) with the whole book's CSS.

    The parts are typeset apart (see parts/plan.py); together they are render_document's book.
    """
    plan = plan_parts(book)
    views = [
        ChapterView(ch, c.html, c.headings, p)
        for ch, c, p in zip(book.chapters, chapters, plan.chapters, strict=True)
    ]
    context = _context(book, plan, views)
    css = _style(book, env, plan, context, faces)
    alone = {**context, "css": css, "cover": None, "contents": None, "contents_at": 0, "bodies": []}
    docs: dict[str | int, str] = {}
    if plan.cover:
        docs["cover"] = _render(env, "base.html.j2", {**alone, "cover": plan.cover})
    if plan.contents:
        docs["contents"] = _render(env, "base.html.j2", {**alone, "contents": plan.contents})
    for view in views:
        docs[view.chapter.index] = _render(
            env, "base.html.j2", {**alone, "bodies": [_render_chapter(env, view)]}
        )
    return docs


def _render_chapter(env: jinja2.Environment, view: ChapterView) -> str:
    """Render one chapter with the layout its front matter names."""
    name = f"{view.chapter.meta.layout}.html.j2"
    try:
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:  # another tool's layout name (Jekyll's 'post'), or a slip
            missing = _missing_layout(env, view.chapter)
            warn(f"{missing.message}: typeset as 'chapter'", missing.path, missing.line, kind="front-matter")
            template = env.get_template("chapter.html.j2")
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc) from None
    return _call(template, {"chapter": view, "book": None})


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render the layout template ``name``; Jinja2's errors become BuildErrors with file and line."""
    return _render(env, name, context)


def _render(env: jinja2.Environment, name: str, context: dict) -> str:
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise BuildError(f"layout template '{name}' not found") from None
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc) from None
    return _call(template, context)


def _call(template: jinja2.Template, context: dict) -> str:
    """Render a template, turning Jinja2's errors into BuildErrors with file and line."""
    try:
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(exc) from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as exc:
        path, line = _template_frame(exc.__traceback__, template)
        raise BuildError(f"template error: {exc}", path, line) from None


def _template_error(exc: jinja2.TemplateSyntaxError) -> BuildError:
    return BuildError(f"template syntax error: {exc.message}", exc.filename or exc.name, exc.lineno)


def _template_frame(tb: TracebackType | None, template: jinja2.Template) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback."""
    found: tuple[str | None, int | None] = (template.filename, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _missing_layout(env: jinja2.Environment, chapter: Chapter) -> BuildError:
    """Name the chapter's layout line and suggest a close layout name."""
    names = sorted({n.removesuffix(".html.j2") for n in env.list_templates() if n.endswith(".html.j2")})
    names = [n for n in names if n not in ("base", "contents", "cover")]
    msg = f"unknown layout '{chapter.meta.layout}'"
    close = difflib.get_close_matches(chapter.meta.layout, names, n=1)
    msg += f" (did you mean '{close[0]}'?)" if close else f" (layouts: {', '.join(names)})"
    line = None
    text = chapter.path.read_text(encoding="utf-8")
    if text.startswith("---"):
        front = text.split("\n---", 1)[0].removeprefix("---\n")
        line = load_yaml(front, chapter.path, 1).where(("layout",))[0]
    return BuildError(msg, chapter.path, line)


def render_html(book: Book, faces: tuple[FontFace, ...]) -> str:
    """The book as one HTML document, ready for WeasyPrint."""
    return render_document(book, convert_chapters(book), faces, make_env(book.layout_dirs))
