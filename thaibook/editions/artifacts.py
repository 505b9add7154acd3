"""Running headers and folios as pagination artifacts in a tagged PDF (PDF/UA-1 7.8, ISO 32000-1 14.8.2.2).

WeasyPrint tags the text of margin boxes as marked content with MCIDs, but links no
structure element to them: readers of the structure (screen readers, reflow, PDF/UA
checkers) meet content that belongs to nothing. Here every marked-content sequence
whose MCID the structure tree does not reach becomes /Artifact /Pagination, and the
page's entry for it in the parent tree is emptied.
"""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)


def mark_artifacts(pdf: pikepdf.Pdf) -> int:
    """Turn unreached tagged content into pagination artifacts; how many sequences changed."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    reached = set(_reached(root.get("/K"), None))
    changed = 0
    for page in pdf.pages:
        ops, unreached = _rewrite(page, {m for g, m in reached if g == page.obj.objgen})
        if unreached:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
            _empty_parent_entries(root, page.obj, unreached)
            changed += len(unreached)
    return changed


def _reached(node: object, page: object) -> Iterator[tuple[tuple[int, int], int]]:
    """(page, MCID) of every marked-content reference under a structure node."""
    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from _reached(item, page)
    elif isinstance(node, int) and page is not None:
        yield page.objgen, int(node)
    elif isinstance(node, pikepdf.Dictionary):
        page = node.get("/Pg", page)
        if "/MCID" in node and page is not None:
            yield page.objgen, int(node.MCID)
        elif node.get("/Type") != pikepdf.Name.OBJR:
            yield from _reached(node.get("/K"), page)


def _rewrite(page: pikepdf.Page, reached: set[int]) -> tuple[list, set[int]]:
    """The page's operators with unreached marked content made artifacts, and those MCIDs."""
    ops, unreached = [], set()
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) not in reached:
                unreached.add(int(mcid))
                operands = [pikepdf.Name.Artifact, PAGINATION]
        ops.append(pikepdf.ContentStreamInstruction(operands, operator))
    return ops, unreached


def _empty_parent_entries(root: pikepdf.Dictionary, page: pikepdf.Dictionary, mcids: set[int]) -> None:
    """Null the parent-tree entries of MCIDs that no longer exist (a flat /Nums tree, as WeasyPrint writes)."""
    key = page.get("/StructParents")
    nums = root.get("/ParentTree", {}).get("/Nums")
    if key is None or nums is None:
        return
    for i in range(0, len(nums) - 1, 2):
        if int(nums[i]) == int(key) and isinstance(nums[i + 1], pikepdf.Array):
            for mcid in mcids:
                if mcid < len(nums[i + 1]):
                    nums[i + 1][mcid] = pikepdf.Object.parse(b"null")
