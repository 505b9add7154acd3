"""PDF/X-1a wants every colour in DeviceCMYK or DeviceGray. RGB fill and stroke colours in
the content are rewritten to CMYK (black becomes pure K, as a printer wants for text);
what cannot be rewritten this simply (RGB images, ICC or Lab colours, shadings) makes
the book unfit for X-1a, and the build says so."""

from __future__ import annotations

import pikepdf

from thaibook.fonts.embedded import content_owners

DEVICE = {"/DeviceCMYK", "/DeviceGray", "/Pattern"}


RGB_OPS = {"rg": "k", "RG": "K"}


SPACE_OPS = {"cs", "CS"}


def rgb_to_cmyk(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """The naive conversion (no profile): grey and black go to the K plate alone."""
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return (round(c, 4), round(m, 4), round(y, 4), round(k, 4))


def convert_to_cmyk(pdf: pikepdf.Pdf) -> list[str]:
    """Rewrite RGB colours as CMYK in place; return what could not be converted."""
    for owner, _ in content_owners(pdf):
        instructions = []
        for operands, operator in pikepdf.parse_content_stream(owner):
            if str(operator) in RGB_OPS:
                values = rgb_to_cmyk(*(float(v) for v in operands))
                operands, operator = list(values), pikepdf.Operator(RGB_OPS[str(operator)])
            instructions.append((operands, operator))
        data = pikepdf.unparse_content_stream(instructions)
        if isinstance(owner, pikepdf.Stream):
            owner.write(data)
        else:
            owner.Contents = pdf.make_stream(data)
    problems = colour_problems(pdf)
    if not problems:
        _drop_named_spaces(pdf)
    return problems


def colour_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every use of a colour other than DeviceCMYK or DeviceGray, once each."""
    problems: list[str] = []
    for owner, resources in content_owners(pdf):
        for operands, operator in pikepdf.parse_content_stream(owner):
            op = str(operator)
            if op in RGB_OPS:
                problems.append("RGB colour")
            elif op in SPACE_OPS and str(operands[0]) not in DEVICE:
                problems.append(f"colour space {operands[0]} (ICC or Lab colour)")
            elif op == "sh":
                problems.append("a shading (gradient)")
            elif op == "Do":
                problems += _image_problem(resources, str(operands[0]))
    return sorted(set(problems))


def _image_problem(resources: pikepdf.Dictionary, name: str) -> list[str]:
    xobject = resources.get("/XObject", {}).get(name)
    if xobject is None or xobject.get("/Subtype") != pikepdf.Name.Image:
        return []
    space = xobject.get("/ColorSpace")
    if xobject.get("/ImageMask", False) or str(space) in ("/DeviceCMYK", "/DeviceGray"):
        return []
    return [f"an image in {space if isinstance(space, pikepdf.Name) else 'a non-CMYK colour space'}"]


def _drop_named_spaces(pdf: pikepdf.Pdf) -> None:
    """Remove the named (Lab, ICC) colour spaces, which content in device colours never uses."""
    for _, resources in content_owners(pdf):
        if "/ColorSpace" in resources:
            del resources["/ColorSpace"]
