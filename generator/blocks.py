"""Keep generated HTML out of Markdown's way.

Our page templates produce Markdown whose bulk is ready HTML (tables, lists, figures). Python-
Markdown parses every raw HTML block with an HTML parser, which was most of MkDocs' time per page
(a 500-row table is 4,000 tags). So in MkDocs (``generator/mkdocs_hooks.py``), before a
generated page's Markdown is converted, each top-level HTML block is set aside and replaced by a
comment placeholder that Markdown passes through untouched; the placeholders in the finished
page are replaced by the blocks again before MkDocs writes it.
"""

from __future__ import annotations

import re

_BLOCK_START = re.compile(r"^<(div|table|ul|ol|dl|p|figure|nav|details|blockquote|section)[\s>]")
PLACEHOLDER = re.compile(r"<!--pf-block:(\d+)-->")


def extract(markdown: str) -> tuple[str, list[str]]:
    """Replace each top-level HTML block (a paragraph of lines that starts with a block tag)
    by a placeholder; returns the Markdown and the blocks in order."""
    blocks: list[str] = []
    out: list[str] = []
    for paragraph in re.split(r"\n{2,}", markdown):
        if _BLOCK_START.match(paragraph) and not paragraph.lstrip().startswith("<div lang"):
            out.append(f"<!--pf-block:{len(blocks)}-->")
            blocks.append(paragraph)
        else:
            out.append(paragraph)
    return "\n\n".join(out) + ("\n" if markdown.endswith("\n") else ""), blocks


def fill(html: str, blocks: list[str]) -> str:
    """Put the blocks back into a finished page."""
    return PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html)
