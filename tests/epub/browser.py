#!/usr/bin/env python3
"""A chapter of an EPUB in a real browser engine: headless Chromium (Debian's `chromium`).

    PYTHONPATH=. python tests/epub/browser.py dist/book.epub [chapter-1.xhtml] [--width 360] [--out DIR]

writes DIR/<chapter>-<width>px.png (Chromium's own line breaking, its Thai dictionary and the
EPUB's <wbr>) and DIR/<chapter>-<width>px-wbr-only.png (a reading system without a Thai
dictionary: lines break only at spaces and <wbr>), and prints where each line starts.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--virtual-time-budget=10000",
]  # fmt: skip


# The chapter is shown in a frame as wide as a phone's screen: the frame is the chapter's
# viewport. (Desktop Chromium, headless too, makes no window narrower than 500 pixels.)
FRAME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"/><style>html, body {{ margin: 0; background: #fff; }}
iframe {{ border: 0; display: block; width: {width}px; height: {height}px; }}</style></head>
<body><pre id="thaibook-lines" hidden="hidden"></pre><script>
addEventListener('message', e => {{ document.getElementById('thaibook-lines').textContent = e.data; }});
const frame = document.createElement('iframe');
frame.src = {page!r} + location.hash;
document.body.prepend(frame);
</script></body></html>
"""


HEIGHT = 2400


# Run in the chapter: with '#wbr-only' in the URL, every run of text between two places where our
# rule lets a line break (a space, a <wbr>) is made unbreakable, as a reading system without a
# Thai dictionary would have it. Then, per block, where each line starts (offsets into the
# block's text), the <wbr> offsets, and whether the block overflows its width.
SCRIPT = r"""
const XHTML = 'http://www.w3.org/1999/xhtml';
const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd';
function leaves() {
  return [...document.querySelectorAll(BLOCKS)].filter(b => !b.querySelector(BLOCKS));
}
function wbrOnly() {
  for (const block of leaves()) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const parts = node.data.split(/(\s+)/).filter(s => s.length);
      const frag = document.createDocumentFragment();
      for (const part of parts) {
        if (/^\s+$/.test(part)) { frag.appendChild(document.createTextNode(part)); continue; }
        const span = document.createElementNS(XHTML, 'span');
        span.setAttribute('style', 'white-space: nowrap');
        span.textContent = part;
        frag.appendChild(span);
      }
      node.parentNode.replaceChild(frag, node);
    }
  }
}
function measure() {
  const out = [];
  const range = document.createRange();
  for (const block of leaves()) {
    let text = '', top = null;
    const wbr = [], starts = [], nobr = [];
    const walk = (el) => {
      for (const n of el.childNodes) {
        if (n.nodeType === 1) {
          if (n.localName === 'wbr') wbr.push(text.length);
          const from = text.length;
          walk(n);
          if (n.classList && n.classList.contains('nobr')) nobr.push([from, text.length]);
          continue;
        }
        if (n.nodeType !== 3) continue;
        for (let i = 0; i < n.data.length; i++) {
          if (!/\s/.test(n.data[i])) {
            range.setStart(n, i); range.setEnd(n, i + 1);
            const r = range.getClientRects();
            if (r.length && r[0].width > 0) {
              if (top !== null && r[0].top > top + 4) starts.push(text.length);
              top = r[0].top;
            }
          }
          text += n.data[i];
        }
      }
    };
    walk(block);
    out.push({text, wbr, nobr, starts, overflow: block.scrollWidth > block.clientWidth + 1});
  }
  return out;
}
document.fonts.ready.then(() => {
  if (location.hash === '#wbr-only') wbrOnly();
  const faces = [...document.fonts].map(f => [f.family, f.weight, f.style, f.status]);
  const used = document.fonts.check('16px "Sarabun"', 'ก');
  const width = document.documentElement.clientWidth;
  parent.postMessage(JSON.stringify({width, faces, used, blocks: measure()}), '*');
});
"""


def chromium() -> str:
    """The Chromium binary (Debian: apt-get install chromium)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("chromium not found: apt-get install chromium (see the README's test command)")
    return found


def unpack(epub: Path, folder: Path, document: str) -> Path:
    """The EPUB unzipped in ``folder``, and a copy of ``document`` that runs SCRIPT."""
    with zipfile.ZipFile(epub) as z:
        z.extractall(folder)
    source = folder / "EPUB" / document
    measured = source.with_name(f"measure-{source.name}")
    xhtml = source.read_text(encoding="utf-8")
    script = f"<script><![CDATA[{SCRIPT}]]></script>"
    measured.write_text(xhtml.replace("</body>", script + "</body>", 1), encoding="utf-8")
    return measured


def run(page: Path, width: int, profile: Path, *args: str, wbr_only: bool = False) -> str:
    """Chromium's output for the page framed ``width`` CSS pixels wide (a fresh profile, no network)."""
    frame = page.with_name(f"frame-{width}.html")
    frame.write_text(FRAME.format(width=width, height=HEIGHT, page=page.name), encoding="utf-8")
    url = frame.resolve().as_uri() + ("#wbr-only" if wbr_only else "")
    window = f"--window-size={width},{HEIGHT}"
    cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", window, *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def lines(page: Path, width: int, profile: Path, *, wbr_only: bool = False) -> dict:
    """Where each line of each block starts, as the page's script measured it."""
    dom = run(page, width, profile, "--dump-dom", wbr_only=wbr_only)
    found = re.search(r'<pre id="thaibook-lines"[^>]*>(.*?)</pre>', dom, re.S)
    if not found:
        raise AssertionError(f"the page's script did not report (Chromium's DOM: {dom[:500]!r})")
    from html import unescape

    return json.loads(unescape(found.group(1)))


def screenshot(page: Path, width: int, profile: Path, png: Path, *, wbr_only: bool = False) -> Path:
    """A PNG of the page at ``width`` CSS pixels."""
    png.parent.mkdir(parents=True, exist_ok=True)
    run(page, width, profile, f"--screenshot={png.resolve()}", wbr_only=wbr_only)
    return png


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("epub", type=Path)
    ap.add_argument("document", nargs="?", default="chapter-1.xhtml")
    ap.add_argument("--width", type=int, default=360)
    ap.add_argument("--out", type=Path, default=Path("dist"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = unpack(a.epub, Path(tmp) / "book", a.document)
        stem = f"{Path(a.document).stem}-{a.width}px"
        for wbr_only, suffix in ((False, ""), (True, "-wbr-only")):
            png = screenshot(
                page, a.width, Path(tmp) / "profile", a.out / f"{stem}{suffix}.png", wbr_only=wbr_only
            )
            report = lines(page, a.width, Path(tmp) / "profile", wbr_only=wbr_only)
            print(f"wrote {png}: fonts {report['faces']}")
            for block in report["blocks"]:
                text, cuts = block["text"], [0, *block["starts"], len(block["text"])]
                for a_, b_ in zip(cuts, cuts[1:], strict=False):
                    print(f"  {text[a_:b_].strip()}")
                print()


if __name__ == "__main__":
    main()
