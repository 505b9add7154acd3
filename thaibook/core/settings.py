"""What ``book.yaml`` may say: the typed settings and their allowed values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CONFIG_NAME = "book.yaml"


PAGE_SIZES = {"A3", "A4", "A5", "B4", "B5", "letter", "legal"}


LINEBREAK_RULES = ("dictionary", "libthai")


NUMBER_STYLES = {"none", "decimal", "thai", "thai-alphabetic", "lower-roman", "upper-roman"}


@dataclass(frozen=True)
class PageConfig:
    """Paper and margins. Defaults: A4 with the Thai official-document margins."""

    size: str = "A4"
    top: str = "25mm"
    bottom: str = "20mm"
    inside: str = "30mm"
    outside: str = "20mm"
    header_gap: str = "4mm"
    footer_gap: str = "6mm"


MONO = ["Noto Sans Mono", "TLWG Mono TB"]  # Latin, Greek, Cyrillic, box drawing; then Thai in the same cells


FALLBACK = ["Noto Sans", "Noto Sans Math", "Noto Sans Symbols2"]  # what Sarabun lacks, in this order


@dataclass(frozen=True)
class FontConfig:
    """The body face and its measures, the faces for code, and the fallback faces, in order,
    for the characters the others lack (from the book's fonts folder or the shipped ones)."""

    family: str = "Sarabun"
    mono: list[str] = field(default_factory=lambda: list(MONO))
    fallback: list[str] = field(default_factory=lambda: list(FALLBACK))
    size: str = "11pt"
    line_height: float = 1.6
    header_size: str = "9.5pt"
    heading_size: str = "12pt"
    paragraph_indent: str = "15mm"
    text_align: str = "left"


HIGHLIGHTS = ("auto", "colour", "grey", "none")


@dataclass(frozen=True)
class CodeConfig:
    """Code blocks: Pygments' colours (auto: greys for PDF/X-1a), and its style."""

    highlight: str = "auto"
    style: str = "default"


@dataclass(frozen=True)
class NumberingConfig:
    """Page-number style of each part of the book."""

    cover: str = "none"
    front: str = "thai-alphabetic"
    body: str = "decimal"


VARIANTS = ("pdf/x-4", "pdf/x-3", "pdf/x-1a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3u", "pdf/ua-1")


MARKS = ("none", "crop", "cross", "crop cross")


@dataclass(frozen=True)
class PrintConfig:
    """The ``print:`` section of book.yaml: how the printer's edition is made."""

    pdf: str = ""
    trim: str = ""
    bleed: str = "0mm"
    marks: str = "none"
    min_dpi: int = 300
    output_profile: str = ""
    output_condition: str = "Custom"

    @property
    def family(self) -> str:
        """'x', 'a', 'ua' or '' for a plain PDF."""
        return self.pdf.split("/")[1].split("-")[0] if self.pdf else ""


@dataclass(frozen=True)
class BookConfig:
    """Everything ``book.yaml`` may say; unknown keys are errors."""

    title: str = "Untitled"
    subtitle: str = ""
    author: str = ""
    publisher: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    lang: str = "th"
    header: list[str] = field(default_factory=list)
    output: str = "book.pdf"
    chapters: list[str] = field(default_factory=list)
    cover: bool = True
    contents: bool = True
    contents_title: str = "สารบัญ"
    strict: bool = False
    reference: list[str] = field(default_factory=list)
    footnotes: str = "page"
    layouts: str = "layouts"
    fonts: str = "fonts"
    linebreak: str = "dictionary"  # or "libthai": Pango's breaks alone (thaibook/thai/breaks.py)
    page: PageConfig = field(default_factory=PageConfig)
    font: FontConfig = field(default_factory=FontConfig)
    code: CodeConfig = field(default_factory=CodeConfig)
    numbering: NumberingConfig = field(default_factory=NumberingConfig)
    print: PrintConfig = field(default_factory=PrintConfig)

    @property
    def header_lines(self) -> list[str]:
        """The running header's lines (the title when none is set)."""
        return self.header or [self.title]


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
