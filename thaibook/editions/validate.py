"""Check what a PDF variant claims: veraPDF when it is installed, and always the
required structures read with pikepdf. ``python -m thaibook.editions.validate FILE VARIANT``."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TextIO
from xml.etree import ElementTree

import pikepdf

from thaibook.editions.boxes import page_boxes, text_outside_trim
from thaibook.editions.colour import colour_problems, transparency
from thaibook.editions.options import add_validate_arguments
from thaibook.fonts.embedded import unmapped_codes, width_mismatches

VERAPDF_FLAVOURS = {"pdf/a-2b": "2b", "pdf/a-2u": "2u", "pdf/a-3u": "3u", "pdf/ua-1": "ua1"}


PDFX_VERSIONS = {"pdf/x-1a": "PDF/X-1a:2003", "pdf/x-3": "PDF/X-3:2003", "pdf/x-4": "PDF/X-4"}


PRINTER_ANNOTS = {"/TrapNet", "/PrinterMark"}


XMP_PDFXID = "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"


def check_pdf(path: Path, variant: str = "") -> list[str]:
    """Every structural problem of the PDF for its variant ('' for a plain PDF)."""
    with pikepdf.open(path) as pdf:
        problems = [f"qpdf: {p}" for p in pdf.check_pdf_syntax()] if hasattr(pdf, "check_pdf_syntax") else []
        unicode = variant in ("pdf/a-2u", "pdf/a-3u", "pdf/ua-1")
        problems += _fonts(pdf, unicode)
        problems += unmapped_codes(pdf) if unicode else []
        problems += page_boxes(pdf)
        problems += text_outside_trim(path)
        if variant:
            problems += _metadata(pdf, variant)
        if variant.startswith("pdf/a"):
            problems += _pdfa(pdf, variant) + width_mismatches(pdf) + _info_matches_xmp(pdf)
        if variant.startswith("pdf/x"):
            problems += _pdfx(pdf, variant)
        if variant.startswith("pdf/ua"):
            problems += _pdfua(pdf)
    return problems


def _fonts(pdf: pikepdf.Pdf, unicode: bool) -> list[str]:
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        for name, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
            for f in [font, *font.get("/DescendantFonts", [])]:
                desc = f.get("/FontDescriptor")
                if desc is not None and not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"page {number}: font {name} is not embedded")
            if unicode and "/ToUnicode" not in font:
                problems.append(f"page {number}: font {name} has no ToUnicode map")
    return problems


def _metadata(pdf: pikepdf.Pdf, variant: str) -> list[str]:
    problems = []
    if "/Metadata" not in pdf.Root:
        return ["no XMP metadata stream"]
    try:
        ElementTree.fromstring(pdf.Root.Metadata.read_bytes())
    except ElementTree.ParseError as exc:
        return [f"XMP metadata is not well-formed XML: {exc}"]
    meta = pdf.open_metadata()
    if not meta.get("dc:title"):
        problems.append("XMP has no dc:title")
    for info_key, xmp_key in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if (info_key in pdf.docinfo) != (xmp_key in meta):
            problems.append(f"{info_key} and {xmp_key} do not both exist")
    if str(pdf.docinfo.get("/Title", "")) != str(meta.get("dc:title", "")):
        problems.append("Info /Title differs from XMP dc:title")
    return problems


def _pdfa(pdf: pikepdf.Pdf, variant: str) -> list[str]:
    part, level = variant.removeprefix("pdf/a-")[0], variant[-1].upper()
    meta = pdf.open_metadata()
    problems = []
    if meta.get("pdfaid:part") != part or meta.get("pdfaid:conformance") != level:
        problems.append(f"XMP does not claim PDF/A-{part}{level.lower()}")
    problems += _intent(pdf, "/GTS_PDFA1", 3)
    if pdf.is_encrypted:
        problems.append("PDF/A may not be encrypted")
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if not int(annot.get("/F", 0)) & 4:
                problems.append("an annotation lacks the Print flag")
    return problems


INFO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
}


def _info_matches_xmp(pdf: pikepdf.Pdf) -> list[str]:
    """PDF/A: every info dictionary entry has an equal XMP property."""
    meta = pdf.open_metadata()
    problems = []
    for key, prop in INFO_XMP.items():
        if key not in pdf.docinfo:
            continue
        value = meta.get(prop)
        value = ", ".join(value) if isinstance(value, list) else value
        if str(pdf.docinfo[key]) != str(value):
            problems.append(f"info {key} {str(pdf.docinfo[key])!r} differs from XMP {prop} {value!r}")
    return problems


def _pdfx(pdf: pikepdf.Pdf, variant: str) -> list[str]:
    problems = _intent(pdf, "/GTS_PDFX", 4)
    info = pdf.docinfo
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info:
            problems.append(f"PDF/X needs {key} in the info dictionary")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("PDF/X needs /Trapped True or False")
    claimed = pdf.open_metadata().get("pdfxid:GTS_PDFXVersion") or str(info.get("/GTS_PDFXVersion", ""))
    if claimed != PDFX_VERSIONS[variant]:
        problems.append(f"claims {claimed!r}, not {PDFX_VERSIONS[variant]!r}")
    for number, page in enumerate(pdf.pages, 1):
        spaces = page.obj.get("/Resources", {}).get("/ColorSpace", {})
        if variant != "pdf/x-1a" and "/DefaultRGB" not in spaces and b" rg" in page.obj.Contents.read_bytes():
            problems.append(f"page {number}: DeviceRGB colour without DefaultRGB under a CMYK intent")
    if variant in ("pdf/x-3", "pdf/x-1a"):
        if pdf.pdf_version > "1.4":
            problems.append(f"{variant} must be PDF 1.4 or older, not {pdf.pdf_version}")
        problems += [f"{variant} forbids {p}" for p in transparency(pdf)]
    if variant == "pdf/x-1a":
        problems += [f"pdf/x-1a forbids {p}" for p in colour_problems(pdf)]
    for number, page in enumerate(pdf.pages, 1):
        kinds = {str(a.get("/Subtype")) for a in page.obj.get("/Annots", [])} - PRINTER_ANNOTS
        if kinds:
            problems.append(f"page {number}: annotations on the page ({', '.join(sorted(kinds))})")
    return problems


def _intent(pdf: pikepdf.Pdf, subtype: str, components: int) -> list[str]:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == pikepdf.Name(subtype)]
    if not intents:
        return [f"no {subtype} output intent"]
    profile = intents[0].get("/DestOutputProfile")
    if profile is None or int(profile.get("/N", 0)) != components:
        return [f"{subtype} output intent needs an ICC profile of {components} components"]
    data = profile.read_bytes()
    if subtype == "/GTS_PDFX" and data[12:16] != b"prtr":
        return ["PDF/X output profile must be an output (prtr) profile"]
    return []


def _pdfua(pdf: pikepdf.Pdf) -> list[str]:
    root = pdf.Root
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no StructTreeRoot (untagged)")
    elif "/ParentTree" not in root.StructTreeRoot:
        problems.append("StructTreeRoot has no ParentTree")
    for number, page in enumerate(pdf.pages, 1):
        if "/StructParents" not in page.obj:
            problems.append(f"page {number}: no /StructParents (content not in the structure tree)")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")):
        problems.append("no document /Lang")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append("ViewerPreferences /DisplayDocTitle is not true")
    if pdf.open_metadata().get("pdfuaid:part") != "1":
        problems.append("XMP does not claim PDF/UA-1")
    for number, page in enumerate(pdf.pages, 1):
        if page.obj.get("/Tabs") != pikepdf.Name.S:
            problems.append(f"page {number}: /Tabs is not /S")
    return problems


def verapdf(path: Path, variant: str) -> subprocess.CompletedProcess[str] | None:
    """Run veraPDF on a PDF/A or PDF/UA file, or None when it is not installed."""
    exe = shutil.which("verapdf")
    flavour = VERAPDF_FLAVOURS.get(variant)
    if exe is None or flavour is None:
        return None
    return subprocess.run([exe, "-f", flavour, str(path)], capture_output=True, text=True, check=False)


def summarised(problems: list[str]) -> list[str]:
    """Each problem once, in order; one said of several pages once, with the pages as ranges."""
    pages: dict[str, list[int]] = {}
    for problem in problems:
        found = PAGE_PROBLEM.match(problem)
        key = found["rest"] if found else problem
        pages.setdefault(key, []).append(int(found["page"]) if found else 0)
    out = []
    for key, numbers in pages.items():
        numbers = sorted(set(n for n in numbers if n))
        count = problems.count(key)
        if numbers:
            noun = "page" if len(numbers) == 1 else "pages"
            out.append(f"{noun} {number_ranges(numbers)}: {key}")
        else:
            out.append(key + (f" ({count} times)" if count > 1 else ""))
    return out


PAGE_PROBLEM = re.compile(r"^page (?P<page>\d+): (?P<rest>.*)$")


def number_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 as '1-3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def report(path: Path, variant: str, out: TextIO) -> int:
    """Print each problem once as ``FILE: error: problem``; 1 when there is one, 0 when the PDF holds up."""
    if not path.is_file():
        print(f"{path}: error: no such PDF", file=out)
        return 2
    problems = summarised(check_pdf(path, variant))
    for problem in problems:
        print(f"{path}: error: {problem}", file=out)
    vera = verapdf(path, variant)
    if vera is not None:
        print(vera.stdout, file=out)
        problems += [] if vera.returncode == 0 else ["veraPDF failed"]
    else:
        claim = f" as {variant}" if variant else ""
        print(
            f"{path}: structural checks{claim} {'failed' if problems else 'passed'} (veraPDF not installed)",
            file=out,
        )
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m thaibook.editions.validate FILE.pdf [VARIANT]`` (as ``thaibook validate``)."""
    parser = argparse.ArgumentParser(
        prog="python -m thaibook.editions.validate", description=__doc__.split("``")[0]
    )
    add_validate_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return report(args.pdf, args.variant, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
