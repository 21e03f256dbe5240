"""Make the plain-text copies of sample pages in tests/data/text/ (run once; the output is committed).

It reads the pages with lxml, not with the reader's own HTML code, so the text layout's tests do not
rest on the reader's HTML extraction. Three forms, as people save pages as text:

- ``t1558711.txt``: the title, then paragraphs split by blank lines (Q:/A: era);
- ``t1761102.txt``: one paragraph per line, Windows line ends (outlet-labelled era);
- ``t1595274.txt``: paragraphs split by blank lines and hard-wrapped at 78 columns (a yearless page).

Usage: python tools/make_text_copies.py tests/data/fmprc-en tests/data/text
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import lxml.html


def page_text(path: Path) -> tuple[str, list[str]]:
    tree = lxml.html.fromstring(path.read_bytes())
    title = " ".join(tree.xpath("string(//h2[@class='title'])").split())
    for br in tree.xpath("//div[@class='content']//br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs: list[str] = []
    for p in tree.xpath("//div[@class='content']//p"):
        for line in p.text_content().split("\n"):
            text = " ".join(line.replace("\xa0", " ").split())
            if text:
                paragraphs.append(text)
    return title, paragraphs


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    title, paragraphs = page_text(source / "t1558711.html")
    (target / "t1558711.txt").write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    title, paragraphs = page_text(source / "t1761102.html")
    (target / "t1761102.txt").write_bytes(("\r\n".join([title, *paragraphs]) + "\r\n").encode("utf-8"))
    title, paragraphs = page_text(source / "t1595274.html")
    wrapped = [textwrap.fill(p, width=78) for p in [title, *paragraphs]]
    (target / "t1595274.txt").write_text("\n\n".join(wrapped) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
