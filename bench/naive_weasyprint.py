"""Single-pass baseline: a whole book folder as one HTML through WeasyPrint.

usage: naive_weasyprint.py BOOK_DIR OUT.pdf FONTS_DIR
python-markdown (tables) -> one HTML, A4, Sarabun from FONTS_DIR at 11pt,
running header and folio -> weasyprint.HTML.write_pdf.  What a user who
skips this project would write in twenty lines.  Same page geometry and
body size as the project's defaults (A4, 25/20/30/20 mm, 11pt, 1.6), so
both typeset the same number of pages.
"""

import glob
import os
import re
import sys

import markdown
import weasyprint


def font(fonts, pattern):
    hits = sorted(glob.glob(os.path.join(fonts, "**", pattern), recursive=True))
    return hits[0] if hits else None


def main(book, out, fonts):
    regular = font(fonts, "*Sarabun*Regular.ttf") or font(fonts, "*Regular*.ttf")
    bold = font(fonts, "*Sarabun*Bold.ttf") or regular
    css = f"""
@font-face {{ font-family: B; src: url("file://{regular}"); }}
@font-face {{ font-family: B; font-weight: bold; src: url("file://{bold}"); }}
@page {{ size: A4; margin: 25mm 20mm 20mm 30mm;
  @top-center {{ content: "รายงาน"; font-family: B; font-size: 11pt }}
  @bottom-center {{ content: counter(page); font-family: B; font-size: 11pt }} }}
html {{ font-family: B; font-size: 11pt; line-height: 1.6 }}
h1 {{ break-before: page }}
"""
    parts = []
    for path in sorted(glob.glob(os.path.join(book, "*.md"))):
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        parts.append(markdown.markdown(text, extensions=["tables"]))
    html = f'<html lang="th"><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(parts)}</body></html>'
    weasyprint.HTML(string=html, base_url=book).write_pdf(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
