"""Colours of the print editions: RGB rewritten as CMYK, and what PDF/X forbids.

PDF/X-1a wants every colour in DeviceCMYK or DeviceGray. RGB fill and stroke colours in
the content are rewritten to CMYK (black becomes pure K, as a printer wants for text);
what cannot be rewritten this simply (RGB images, ICC or Lab colours, shadings) makes
the book unfit for X-1a, and the build says so. Transparency, which X-3 and X-1a forbid,
is found here too."""

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


def transparency(pdf: pikepdf.Pdf) -> list[str]:
    """Transparency, which PDF/X-3 and X-1a forbid: soft masks, alpha below 1, groups."""
    kinds = set()
    for obj in _walk([page.obj for page in pdf.pages]):
        if "/SMask" in obj and obj.SMask != pikepdf.Name("/None"):
            kinds.add("a soft mask")
        if any(k in obj and float(obj[k]) < 1 for k in ("/CA", "/ca")):
            kinds.add("alpha below 1")
        if obj.get("/S") == pikepdf.Name.Transparency:
            kinds.add("a transparency group")
    return [f"transparency ({', '.join(sorted(kinds))})"] if kinds else []


def _walk(todo: list) -> list:
    """Every dictionary and stream reachable from the pages (pages' parents not followed)."""
    seen, found = set(), []
    while todo:
        obj = todo.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            found.append(obj)
            todo += [v for k, v in obj.items() if k != "/Parent" and isinstance(v, pikepdf.Object)]
        elif isinstance(obj, pikepdf.Array):
            todo += [v for v in obj if isinstance(v, pikepdf.Object)]
    return found
