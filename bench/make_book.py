#!/usr/bin/env python3
"""Deterministic generator of a Thai reference book (Markdown chapters).

Usage: make_book.py --chapters N --out DIR [--page-file PATH]

Writes, for i = 1..N:
  DIR/chNNN.md   Markdown chapter: YAML front matter (title), "# " chapter
                 heading, "## " section headings numbered in Thai digits,
                 long Thai paragraphs, bulleted lists, one small table,
                 English words in parentheses, Thai numerals.
  DIR/chNNN.txt  the exact plain text of that chapter (what a reader sees:
                 headings, paragraphs, list item text without the bullet,
                 table cells row by row), one block per line group.
and DIR/book.json (book title, chapter files, total characters).

Running text comes from ../tests/data/page-011.txt (a Thai e-book page
extracted from PDF).  Its first 4 lines (page label, "P. n", two-line running header) and
its last line (page number) are dropped.  The extraction broke every SARA AM
(U+0E33 followed by a stray U+0E32): repaired to U+0E33.  The page's line
breaks are the original layout's line ends: lines are joined with no space
when both sides are Thai, with one space otherwise.

Only the standard library is used; output depends only on the arguments.
"""
import argparse
import json
import os
import random
import re

PAGE_DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "page-011.txt")
BOOK_TITLE = "รายงานสรุปผลการประชุมเชิงปฏิบัติการด้านการคุ้มครองทางสังคม"

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# Paragraph openers of the reference page (indentation was lost in extraction,
# so paragraph starts are recognised by their first words).
PARA_OPENERS = (
    "เพื่อให้บรรลุ",
    "ด้วยเหตุที่",
    "สภาพปัญหา",
    "ส่วนที่ ๑",
    "ส่วนที่ ๒",
    "เพื่อให้เวที",
    "สำหรับผลของ",
)

SECTION_TITLES = [
    "การออกแบบการประชุมปฏิบัติการ",
    "วัตถุประสงค์ของการประชุม",
    "กลุ่มเป้าหมายและผู้เข้าร่วมประชุม",
    "ขอบเขตของการคุ้มครองทางสังคม",
    "กลยุทธ์และแนวปฏิบัติที่ดี",
    "ผลการแลกเปลี่ยนเรียนรู้ระหว่างภาคี",
    "การจัดสรรทรัพยากรด้านการเงินภายในประเทศ",
    "ข้อเสนอแนะเชิงนโยบาย",
    "บทเรียนจากการถอดประสบการณ์",
    "แนวทางการพัฒนาสู่ฐานการคุ้มครองทางสังคม",
]

CHAPTER_TOPICS = [
    "บทนำและความเป็นมาของการประชุม",
    "การคุ้มครองทางสังคมในอาเซียน",
    "ระบบคุ้มครองทางสังคมของประเทศไทย",
    "กระบวนการถอดบทเรียน",
    "ผลการประชุมเชิงปฏิบัติการ",
    "กลยุทธ์การจัดสรรทรัพยากร",
    "บทสรุปและข้อเสนอแนะ",
]

# Thai term -> English gloss inserted in parentheses (the reference page itself has
# "(unit of operation)" and "(facilitator)").
GLOSSES = [
    ("การคุ้มครองทางสังคม", "social protection"),
    ("ภาคประชาสังคม", "civil society"),
    ("การถอดบทเรียน", "lessons learned"),
    ("ยุทธศาสตร์", "strategy"),
    ("พลวัต", "dynamics"),
    ("เครือข่ายพันธมิตร", "partnership network"),
    ("ผู้ทรงคุณวุฒิ", "experts"),
    ("ความตระหนัก", "awareness"),
]

TABLE_GROUPS = [
    "ผู้แทนภาคประชาสังคม",
    "ผู้แทนหน่วยงานภาครัฐ",
    "ผู้เชี่ยวชาญและผู้ทรงคุณวุฒิ",
    "ข้าราชการและเจ้าหน้าที่",
    "ผู้มีส่วนเกี่ยวข้องอื่น ๆ",
]


def is_thai(ch):
    return "\u0e00" <= ch <= "\u0e7f"


def thai_num(n):
    return str(n).translate(THAI_DIGITS)


def load_page(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    body = lines[4:-1]  # drop page label, "P. n", 2-line header, page number
    body = [l.replace("\u0e33\u0e32", "\u0e33").strip() for l in body]
    blocks = []  # (kind, text)
    for line in body:
        if not line:
            continue
        if line.startswith("•"):
            blocks.append(["li", line.lstrip("• ").strip()])
        elif re.match(r"^[๐-๙]+\.[๐-๙]+ ", line):
            blocks.append(["h2", line])
        elif line.startswith(PARA_OPENERS) or not blocks or blocks[-1][0] == "h2":
            blocks.append(["p", line])
        else:  # continuation of the previous block: join line ends
            prev = blocks[-1][1]
            sep = "" if (is_thai(prev[-1]) and is_thai(line[0])) else " "
            blocks[-1][1] = prev + sep + line
    return blocks


def split_phrases(text):
    """Split a paragraph at spaces, keeping (...) and “...” groups whole."""
    out, cur, depth = [], "", 0
    for ch in text:
        if ch in "(“":
            depth += 1
        elif ch in ")”":
            depth = max(0, depth - 1)
        if ch == " " and depth == 0:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    # keep "ต่าง ๆ", "ส่วนที่ ๑", "เป็น ๒ ส่วน" together: a phrase that is
    # only Thai digits or MAI YAMOK sticks to its neighbours
    merged = []
    for ph in out:
        if merged and (re.fullmatch(r"[๐-๙ๆ]+", ph) or re.fullmatch(r"[๐-๙ๆ]+", merged[-1].split(" ")[-1])):
            merged[-1] += " " + ph
        else:
            merged.append(ph)
    return merged


class Book:
    def __init__(self, page_path):
        blocks = load_page(page_path)
        self.paras = [split_phrases(t) for k, t in blocks if k == "p"]
        self.items = [t for k, t in blocks if k == "li"]
        self.page_heading = [t for k, t in blocks if k == "h2"][0]

    def paragraph(self, rng):
        """A long paragraph: two reference-page paragraphs, phrases rotated, numerals
        and (sometimes) an English gloss added."""
        a, b = rng.sample(range(len(self.paras)), 2)
        pa, pb = list(self.paras[a]), list(self.paras[b])
        starts = [i for i, ph in enumerate(pa) if ph[0] not in "(“"]
        k = rng.choice(starts)
        phrases = pa[k:] + pa[:k]
        cut = rng.randrange(1, len(pb) + 1)
        phrases += pb[:cut]
        # Thai numerals
        n1, n2 = rng.randrange(12, 480), rng.randrange(10, 99)
        num_phrase = rng.choice([
            "โดยมีผู้เข้าร่วมประชุมจำนวน %s คน" % thai_num(n1),
            "คิดเป็นร้อยละ %s.%s ของกลุ่มเป้าหมาย" % (thai_num(n2), thai_num(rng.randrange(10))),
            "ในปีงบประมาณ พ.ศ. %s" % thai_num(2560 + rng.randrange(8)),
            "ตามแผนระยะ %s ปี" % thai_num(rng.randrange(3, 21)),
        ])
        phrases.insert(rng.randrange(1, len(phrases) + 1), num_phrase)
        text = " ".join(phrases)
        if rng.random() < 0.6:
            term, gloss = rng.choice(GLOSSES)
            i = text.find(term)
            if i >= 0 and "(" not in text[i:i + len(term) + 3]:
                j = i + len(term)
                rest = text[j:].lstrip(" ")
                text = text[:j] + " (" + gloss + ") " + rest
        return text

    def chapter(self, n):
        rng = random.Random(1000003 * n + 17)
        title = "บทที่ %s %s" % (thai_num(n), CHAPTER_TOPICS[(n - 1) % len(CHAPTER_TOPICS)])
        blocks = [("h1", title)]
        n_sections = 4
        table_at = rng.randrange(n_sections)
        for s in range(n_sections):
            st = SECTION_TITLES[(n * 3 + s) % len(SECTION_TITLES)]
            if n == 1 and s == 3:
                st = self.page_heading.split(" ", 1)[1]
            blocks.append(("h2", "%s.%s %s" % (thai_num(n), thai_num(s + 1), st)))
            for _ in range(3):
                blocks.append(("p", self.paragraph(rng)))
            if s % 2 == 0:
                items = list(self.items)
                rng.shuffle(items)
                items.append("ผู้เข้าร่วมจาก %s หน่วยงาน (stakeholders)" % thai_num(rng.randrange(3, 40)))
                blocks.append(("ul", items))
                blocks.append(("p", self.paragraph(rng)))
            if s == table_at:
                rows = []
                total = 0
                for g in rng.sample(TABLE_GROUPS, 3):
                    c = rng.randrange(5, 60)
                    total += c
                    rows.append([g, c])
                body = [[g, thai_num(c), "%s.%s" % (thai_num(100 * c // total), thai_num((1000 * c // total) % 10))]
                        for g, c in rows]
                blocks.append(("table", [["กลุ่มผู้เข้าร่วม", "จำนวน (คน)", "ร้อยละ"]] + body))
                blocks.append(("p", self.paragraph(rng)))
        return title, blocks


def to_markdown(title, blocks):
    out = ["---", "title: \"%s\"" % title, "---", ""]
    for kind, val in blocks:
        if kind == "h1":
            out += ["# " + val, ""]
        elif kind == "h2":
            out += ["## " + val, ""]
        elif kind == "p":
            out += [val, ""]
        elif kind == "ul":
            out += ["- " + it for it in val] + [""]
        elif kind == "table":
            out.append("| " + " | ".join(val[0]) + " |")
            out.append("|" + "|".join(["---"] * len(val[0])) + "|")
            out += ["| " + " | ".join(r) + " |" for r in val[1:]]
            out.append("")
    return "\n".join(out)


def to_text(blocks):
    out = []
    for kind, val in blocks:
        if kind in ("h1", "h2", "p"):
            out.append(val)
        elif kind == "ul":
            out.append("\n".join(val))
        elif kind == "table":
            out.append("\n".join("\t".join(r) for r in val))
    return "\n\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chapters", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--page-file", default=PAGE_DEFAULT)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    book = Book(a.page_file)
    files, nchars = [], 0
    for n in range(1, a.chapters + 1):
        title, blocks = book.chapter(n)
        base = "ch%03d" % n
        with open(os.path.join(a.out, base + ".md"), "w", encoding="utf-8") as f:
            f.write(to_markdown(title, blocks))
        txt = to_text(blocks)
        nchars += len(txt)
        with open(os.path.join(a.out, base + ".txt"), "w", encoding="utf-8") as f:
            f.write(txt)
        files.append(base + ".md")
    with open(os.path.join(a.out, "book.json"), "w", encoding="utf-8") as f:
        json.dump({"title": BOOK_TITLE, "chapters": files, "chars": nchars}, f,
                  ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
