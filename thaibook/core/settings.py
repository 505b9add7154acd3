"""What ``book.yaml`` may say: the typed settings and their allowed values.

The string under each setting is its entry in the README's reference (``python -m
thaibook.sources.reference`` writes it, a test compares): ``{NAME}`` stands for the allowed
values held by NAME in this module, and a closing ``Default: ...`` for a default that is not the
field's own value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CONFIG_NAME = "book.yaml"


PAGE_SIZES = {"A3", "A4", "A5", "B4", "B5", "letter", "legal"}


LINEBREAK_RULES = ("dictionary", "libthai")


NUMBER_STYLES = {"none", "decimal", "thai", "thai-alphabetic", "lower-roman", "upper-roman"}


TEXT_ALIGN = ("left", "justify")


FOOTNOTES = ("page", "chapter")


CONTENTS_POSITIONS = ("start", "after-front")


@dataclass(frozen=True)
class PageConfig:
    """Paper and margins. Defaults: A4 with the Thai official-document margins."""

    size: str = "A4"
    """Paper size: one of {PAGE_SIZES}, or width and height as '148mm 210mm'."""
    top: str = "25mm"
    """Top margin (the running header sits in it)."""
    bottom: str = "20mm"
    """Bottom margin (the folio sits in it)."""
    inside: str = "30mm"
    """Margin at the binding: left on right-hand pages, right on left-hand pages."""
    outside: str = "20mm"
    """Margin away from the binding."""
    header_gap: str = "4mm"
    """Space between the running header and the text."""
    footer_gap: str = "6mm"
    """Space between the text and the folio."""


MONO = ["Noto Sans Mono", "TLWG Mono TB"]  # Latin, Greek, Cyrillic, box drawing; then Thai in the same cells


# What Sarabun lacks, in this order; Noto Emoji is monochrome, so it prints in grey and PDF/X-1a too.
FALLBACK = ["Noto Sans", "Noto Sans Math", "Noto Sans Symbols2", "Noto Emoji"]


@dataclass(frozen=True)
class FontConfig:
    """The body face and its measures, the faces for code, and the fallback faces, in order,
    for the characters the others lack (from the book's fonts folder or the shipped ones)."""

    family: str = "Sarabun"
    """The body's font family, as fontconfig names it (spaces and all: 'TH Sarabun New'), from the
    book's fonts/ folder or the shipped fonts."""
    mono: list[str] = field(default_factory=lambda: list(MONO))
    """Families for code, in order (a character the first lacks comes from the next)."""
    fallback: list[str] = field(default_factory=lambda: list(FALLBACK))
    """Families for characters the body family lacks, in order; only those the text needs reach
    the PDF."""
    size: str = "11pt"
    """Body text size."""
    line_height: float = 1.6
    """Line height, as a multiple of the size."""
    header_size: str = "9.5pt"
    """Running header size."""
    heading_size: str = "12pt"
    """Size of ## and smaller headings (a chapter's # title is 1.4 times the body size)."""
    paragraph_indent: str = "15mm"
    """First-line indent of paragraphs, and the indent of lists."""
    text_align: str = "left"
    """Paragraph alignment: one of {TEXT_ALIGN}."""


HIGHLIGHTS = ("auto", "colour", "grey", "none")


@dataclass(frozen=True)
class CodeConfig:
    """Code blocks: Pygments' colours (auto: greys for PDF/X-1a), and its style."""

    highlight: str = "auto"
    """Code colours: one of {HIGHLIGHTS} (auto: colour, greys for PDF/X-1a)."""
    style: str = "default"
    """The Pygments style of the colours (a name `pygmentize -L styles` lists)."""


@dataclass(frozen=True)
class CalloutTitles:
    """The title of a callout (GitHub alert, MkDocs admonition) whose Markdown gives none, by kind."""

    note: str = "หมายเหตุ"
    """A note: `> [!NOTE]`, `!!! note`."""
    tip: str = "เคล็ดลับ"
    """A tip: `> [!TIP]`, `!!! tip` (or hint)."""
    important: str = "สำคัญ"
    """Something the reader must know: `> [!IMPORTANT]`, `!!! important`."""
    warning: str = "คำเตือน"
    """A warning: `> [!WARNING]`, `!!! warning` (or attention)."""
    caution: str = "ข้อควรระวัง"
    """What an action may cost: `> [!CAUTION]`, `!!! caution`."""
    danger: str = "อันตราย"
    """A danger: `!!! danger` (or error)."""
    info: str = "ข้อมูล"
    """Information: `!!! info` (or todo)."""
    abstract: str = "สรุป"
    """A summary: `!!! abstract` (or summary, tldr)."""
    example: str = "ตัวอย่าง"
    """An example: `!!! example`."""
    question: str = "คำถาม"
    """A question: `!!! question` (or help, faq)."""
    success: str = "สำเร็จ"
    """A success: `!!! success` (or check, done)."""
    failure: str = "ไม่สำเร็จ"
    """A failure: `!!! failure` (or fail, missing)."""
    bug: str = "ข้อบกพร่อง"
    """A known bug: `!!! bug`."""
    quote: str = "คำกล่าว"
    """A quotation: `!!! quote` (or cite)."""


# MkDocs Material's other names for the same kinds.
CALLOUT_ALIASES = {
    "hint": "tip", "attention": "warning", "error": "danger", "summary": "abstract", "tldr": "abstract",
    "todo": "info", "check": "success", "done": "success", "help": "question", "faq": "question",
    "fail": "failure", "missing": "failure", "cite": "quote",
}  # fmt: skip


@dataclass(frozen=True)
class NumberingConfig:
    """Page-number style of each part of the book."""

    cover: str = "none"
    """Folio style of the cover: one of {NUMBER_STYLES}."""
    front: str = "thai-alphabetic"
    """Folio style of the contents and of chapters with `part: front` (ก ข ค …)."""
    body: str = "decimal"
    """Folio style of the body's chapters (`thai`: ๑ ๒ ๓)."""


VARIANTS = ("pdf/x-4", "pdf/x-3", "pdf/x-1a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")


MARKS = ("none", "crop", "cross", "crop cross")


@dataclass(frozen=True)
class PrintConfig:
    """The ``print:`` section of book.yaml: how the printer's edition is made."""

    pdf: str = ""
    """The PDF variant to make and claim: one of {VARIANTS} (option --pdf). Default: a plain PDF."""
    trim: str = ""
    """Trim (finished page) size, as page.size (option --trim). Default: page.size."""
    bleed: str = "0mm"
    """Bleed beyond the trim: the TrimBox inside the BleedBox and MediaBox (option --bleed)."""
    marks: str = "none"
    """Printer's marks drawn in the bleed: one of {MARKS} (option --marks)."""
    min_dpi: int = 300
    """Warn about images printed below this effective resolution."""
    output_profile: str = ""
    """CMYK ICC profile (a file in the book folder) for the PDF/X output intent. Default: Debian
    libgs-common's default_cmyk.icc."""
    output_condition: str = "Custom"
    """The output intent's condition identifier, e.g. FOGRA39."""

    @property
    def family(self) -> str:
        """'x', 'a', 'ua' or '' for a plain PDF."""
        return self.pdf.split("/")[1].split("-")[0] if self.pdf else ""


@dataclass(frozen=True)
class BookConfig:
    """Everything ``book.yaml`` may say; unknown keys are errors."""

    title: str = "Untitled"
    """On the cover, in the PDF's metadata and, unless short_title or header says otherwise, the
    running header. Default: the book folder's name."""
    short_title: str = ""
    """A shorter title for the running header, when the title is too long for one line."""
    subtitle: str = ""
    """On the cover, under the title."""
    author: str = ""
    """On the cover and in the PDF's metadata."""
    publisher: str = ""
    """On the cover."""
    identifier: str = ""
    """The e-book's dc:identifier (urn:isbn:…, urn:uuid:…). Default: a UUID from the title and the
    author."""
    subject: str = ""
    """The PDF's subject (description) metadata."""
    keywords: list[str] = field(default_factory=list)
    """The PDF's keywords metadata."""
    lang: str = "th"
    """The document's language (PDF /Lang, hyphenation and text layer)."""
    header: list[str] = field(default_factory=list)
    """The running header, one list item per printed line. Default: short_title, else the title."""
    output: str = "book.pdf"
    """The PDF's file name in BOOK/dist/ (--output writes elsewhere). Default: the book folder's
    name, .pdf."""
    chapters: list[str] = field(default_factory=list)
    """The chapter files in reading order. Default: every .md file of the folder and its sub-folders
    (not dist/, hidden ones or the top README.md), a folder's index.md, README.md or cover.md first, then by
    name, numbers by value; reordered by other tools' front matter: prev/next chains (Gatsby,
    Jekyll), weight, sidebar_position or nav_order within a folder, a contents page's links."""
    cover: bool = True
    """A cover page (title, subtitle, author, publisher)."""
    contents: bool = True
    """A table of contents."""
    contents_title: str = "สารบัญ"
    """The contents' heading."""
    contents_position: str = "start"
    """Where the contents goes: {CONTENTS_POSITIONS} (after the front matter's chapters, before
    the body), or a chapter file, after which it comes."""
    contents_depth: int = 2
    """Heading levels listed in the contents: 1 chapters only, 2 also their ## sections, 3 also ###."""
    extra_css: list[str] = field(default_factory=list)
    """Style sheets in the book folder, added after the layouts' print.css.j2 (change one style
    without copying it)."""
    strict: bool = False
    """Every warning is an error, as --strict: all are listed and no PDF is written."""
    reference: list[str] = field(default_factory=list)
    """The original's pages as flip-book text: each build reports where its line ends differ."""
    footnotes: str = "page"
    """Where footnotes print: one of {FOOTNOTES} (its foot, or the chapter's end)."""
    layouts: str = "layouts"
    """The book's layouts folder: a template there replaces the shipped one of the same name."""
    fonts: str = "fonts"
    """The book's fonts folder: its faces add to the shipped ones (Sarabun, Noto Sans...)."""
    linebreak: str = "dictionary"
    """How Thai lines break: one of {LINEBREAK_RULES} (dictionary: only where libthai and the
    word list agree; libthai: Pango's breaks alone)."""
    page: PageConfig = field(default_factory=PageConfig)
    """Paper and margins."""
    font: FontConfig = field(default_factory=FontConfig)
    """Faces and measures."""
    code: CodeConfig = field(default_factory=CodeConfig)
    """Code blocks' colours."""
    numbering: NumberingConfig = field(default_factory=NumberingConfig)
    """Folio styles."""
    callouts: CalloutTitles = field(default_factory=CalloutTitles)
    """Callouts' titles by kind, where the Markdown gives none (GitHub alerts, MkDocs admonitions;
    an empty title prints none)."""
    print: PrintConfig = field(default_factory=PrintConfig)
    """The printer's edition; the options of the same names on the command line win."""

    @property
    def header_lines(self) -> list[str]:
        """The running header's lines (the short title, else the title, when none is set)."""
        return self.header or [self.short_title or self.title]


PRINT_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|in|pt)$")
SIZE = re.compile(r"^(A3|A4|A5|B4|B5|letter|legal|\d+(\.\d+)?mm \d+(\.\d+)?mm)$")


def check_print(config: PrintConfig) -> list[tuple[str, str]]:
    """Value problems as (key, message) pairs; empty when all is well."""
    problems = []
    if config.pdf and config.pdf not in VARIANTS:
        problems.append(("pdf", f"print.pdf must be one of {', '.join(VARIANTS)}, not {config.pdf!r}"))
    if config.trim and not SIZE.match(config.trim):
        problems.append(("trim", f"print.trim must be A4, A5, … or 'W H' in mm, not {config.trim!r}"))
    if not PRINT_LENGTH.match(config.bleed):
        problems.append(("bleed", f"print.bleed must be a length such as 3mm, not {config.bleed!r}"))
    if config.marks not in MARKS:
        problems.append(("marks", f"print.marks must be one of {', '.join(MARKS)}, not {config.marks!r}"))
    if config.min_dpi < 1:
        problems.append(("min_dpi", "print.min_dpi must be 1 or more"))
    return problems
