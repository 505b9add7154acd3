"""What a process forked from a warm one keeps (weasy/reuse.py): the style sheets and fonts it
inherits, and faces of its own loaded apart from its siblings'."""

from __future__ import annotations

import os
import pickle

from thaibook.core.files import FONTS_DIR
from thaibook.weasy import reuse
from thaibook.weasy.render import collect_warnings, pdf_bytes, render

PAGE = '<style>@font-face {{ font-family: {family}; src: url("{url}") }} p {{ font-family: {family} }}</style><p>ไทย</p>'


def page(family: str, font: str) -> str:
    return PAGE.format(family=family, url=(FONTS_DIR / font).as_uri())


def in_child(html: str) -> tuple[list[bytes], list[str]]:
    """Typeset ``html`` in a process forked from this one, as a served worker: the fonts its PDF
    draws with, and what was warned."""
    read, write = os.pipe()
    if (pid := os.fork()) == 0:
        try:
            reuse.inherit()
            with collect_warnings() as warned:
                document = render(html, "file:///", font_config=reuse.font_config())
                pdf_bytes(document)  # drawing fills document.fonts
            names = sorted(font.name.split(b"+", 1)[1] for font in document.fonts.values())
            os.write(write, pickle.dumps((names, [str(w) for w in warned])))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        result = pickle.loads(answer.read())
    os.waitpid(pid, 0)
    return result


def test_siblings_each_load_a_face_new_to_their_parent() -> None:
    reuse.install()
    try:
        with collect_warnings():
            render(page("warm", "Sarabun-Regular.ttf"), "file:///", font_config=reuse.font_config())
        new = page("probe", "Sarabun-Bold.ttf")  # a face the parent never loaded
        # The second child once found the first one's file in the folder they shared, and skipped
        # loading the face: its text was drawn in the placeholder.
        assert in_child(new) == in_child(new) == ([b"probe-Bold"], [])
    finally:
        reuse.forget()
