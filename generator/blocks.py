"""Keep generated HTML out of Markdown's way.

Our page templates produce Markdown whose bulk is ready HTML (tables, lists, figures). Python-
Markdown parses every raw HTML block with an HTML parser, which was most of MkDocs' time per page
(a 500-row table is 4,000 tags). So before MkDocs runs, each top-level HTML block is set aside
and replaced by a comment placeholder that Markdown passes through untouched; after MkDocs,
the placeholders in the built pages are replaced by the blocks again.

The placeholder carries a hash of its block, so a page's Markdown changes whenever its HTML
does, and MkDocs' dirty (preview) builds still re-render exactly the changed pages.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_BLOCK_START = re.compile(r"^<(div|table|ul|ol|dl|p|figure|nav|details|blockquote|section)[\s>]")
_PLACEHOLDER = re.compile(r"<!--pf-block:(\d+):[0-9a-f]{10}-->")


def extract(markdown: str) -> tuple[str, list[str]]:
    """Replace each top-level HTML block (a paragraph of lines that starts with a block tag)
    by a placeholder; returns the Markdown and the blocks in order."""
    blocks: list[str] = []
    out: list[str] = []
    for paragraph in re.split(r"\n{2,}", markdown):
        if _BLOCK_START.match(paragraph) and not paragraph.lstrip().startswith("<div lang"):
            digest = hashlib.sha256(paragraph.encode("utf-8")).hexdigest()[:10]
            out.append(f"<!--pf-block:{len(blocks)}:{digest}-->")
            blocks.append(paragraph)
        else:
            out.append(paragraph)
    return "\n\n".join(out) + ("\n" if markdown.endswith("\n") else ""), blocks


def fill(html_file: Path, blocks: list[str]) -> bool:
    """Put the blocks back into a built page; False when it has no placeholders (unchanged)."""
    text = html_file.read_text(encoding="utf-8")
    if "<!--pf-block:" not in text:
        return False
    filled = _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], text)
    html_file.write_text(filled, encoding="utf-8")
    return True
