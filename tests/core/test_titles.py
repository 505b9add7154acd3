"""A chapter's title when its front matter has none, in the shapes of the real-book corpus."""

from __future__ import annotations

import pytest

from thaibook.core.titles import derived_title


@pytest.mark.parametrize(
    ("body", "title"),
    [
        # twelve-factor-heroku-th's intro.md: a setext heading.
        ("บทนำ\n============\n\nในยุคสมัยใหม่\n", ("บทนำ", "h1")),
        # md2docx-manual-th's ch05: an id; powerbi-visuals-th: an anchor before the Thai text.
        ("# Configuration Reference {#ch05}\n", ("Configuration Reference", "h1")),
        ('# <a name="create-card"></a>สร้าง**การ์ด** `Card`\n', ("สร้างการ์ด Card", "h1")),
        # A page that starts at '##' (react-main-concepts-th without its front matter).
        ("คอมโพเนนท์ช่วยให้คุณ\n\n## ฟังก์ชันและคลาส {#function}\n\n# ต่อมา\n", ("ต่อมา", "h1")),
        ("คอมโพเนนท์ช่วยให้คุณ\n\n## ฟังก์ชันและคลาส {#function}\n", ("ฟังก์ชันและคลาส", "heading")),
        # A comment in a code block is no heading; a page marker is no text.
        ("<!-- page 9 -->\n```bash\n# install\n```\n\n### ขั้นตอน\n", ("ขั้นตอน", "heading")),
        # md2docx-manual-th's cover.md: text only, its first words.
        (
            "A Rust-based tool for converting Markdown documentation to professional Microsoft Word documents.\n",
            ("A Rust-based tool for converting Markdown documentation to…", "text"),
        ),
        # pdpa-th's articles without their front matter: Thai with no space to cut at, cut after a whole letter.
        (
            "&emsp; พระราชบัญญัตินี้ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศในราชกิจจานุเบกษาเป็นต้นไปเว้นแต่บทบัญญัติ\n",
            ("พระราชบัญญัตินี้ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศในราชกิ…", "text"),
        ),
        ("| ก | ข |\n|---|---|\n\n- รายการ\n", ("ch01 introduction", "file")),
        ("", ("ch01 introduction", "file")),
    ],
)
def test_derived_title(body: str, title: tuple[str, str]) -> None:
    assert derived_title(body, "ch01_introduction") == title
