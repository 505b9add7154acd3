"""Print editions: the PDF variant (PDF/X, PDF/A, PDF/UA), trim size, bleed and marks.

Three layers that survive any way of typesetting: a user style sheet for the
page geometry, WeasyPrint's ``pdf_variant`` options, and a pikepdf pass over the
finished PDF for what WeasyPrint lacks (CMYK output intent, stable XMP, dates)."""

from __future__ import annotations

import argparse
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from thaibook.core.errors import BuildError
from thaibook.core.settings import MARKS, VARIANTS, PrintConfig, check_print

# Debian's libgs-common ships this CMYK printer profile (class 'prtr', Lab PCS).
SYSTEM_CMYK_PROFILES = (Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line's print options, which override book.yaml's ``print:``."""
    group = parser.add_argument_group("print edition (override book.yaml's print:)")
    group.add_argument("--pdf", choices=VARIANTS, help="PDF variant to produce and claim")
    group.add_argument("--trim", help="trim (finished page) size: A5 or '148mm 210mm'")
    group.add_argument("--bleed", help="bleed beyond the trim, e.g. 3mm")
    group.add_argument("--marks", choices=MARKS, help="printer's marks in the bleed")


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE.pdf and VARIANT (``thaibook validate`` and ``python -m thaibook.editions.validate``)."""
    parser.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the PDF to check")
    parser.add_argument(
        "variant", nargs="?", default="", choices=["", *VARIANTS], metavar="VARIANT",
        help=f"what it claims to be: {', '.join(VARIANTS)} (default: a plain PDF)",
    )  # fmt: skip


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The print settings given on the command line."""
    names = {f.name for f in fields(PrintConfig)}
    return {k: v for k, v in vars(args).items() if k in names and v is not None}


def apply_overrides(config: PrintConfig, given: dict[str, Any]) -> PrintConfig:
    """A copy with command-line values; a bad one is a usage error (exit 2)."""
    updated = replace(config, **given)
    for key, message in check_print(updated):
        if key in given:
            raise BuildError(message.replace(f"print.{key}", f"--{key}"), exit_code=2)
    return updated


def print_css(config: PrintConfig) -> str:
    """A user style sheet (its !important beats the layouts) for trim, bleed and marks."""
    rules = []
    if config.trim:
        rules.append(f"size: {config.trim} !important;")
    if config.bleed != "0mm" or config.marks != "none":
        rules.append(f"bleed: {config.bleed} !important;")
    if config.marks != "none":
        rules.append(f"marks: {config.marks} !important;")
    return "@page { " + " ".join(rules) + " }" if rules else ""


def weasyprint_options(config: PrintConfig) -> dict[str, Any]:
    """Options for WeasyPrint's render() and write_pdf()."""
    options: dict[str, Any] = {}
    if config.pdf:
        options["pdf_variant"] = config.pdf
    css = print_css(config)
    if css:
        from thaibook.weasy.render import stylesheet

        options["stylesheets"] = [stylesheet(css)]
    return options


def cmyk_profile(config: PrintConfig, book_root: Path) -> Path:
    """The CMYK ICC profile of a PDF/X output intent: the book's own, else the system's."""
    from thaibook.sources.settings import config_error  # config imports this module

    if config.output_profile:
        path = book_root / config.output_profile
        if not path.resolve().is_relative_to(book_root.resolve()) or not path.is_file():
            message = f"print.output_profile '{config.output_profile}' not found in the book folder"
            raise config_error(book_root, ("print", "output_profile"), message)
        return path
    for path in SYSTEM_CMYK_PROFILES:
        if path.is_file():
            return path
    raise BuildError(
        f"{config.pdf} needs a CMYK output profile: set print.output_profile to an .icc file "
        "in the book folder, or install Debian's libgs-common"
    )
