"""Abbreviations explained where they are first used: in a finished page, the first use of each
known abbreviation in the main content becomes ``<abbr title="what it stands for">``.

Run on the HTML MkDocs writes (generator/mkdocs_hooks.py), so it sees the page as the reader
does: text from data, templates and hand-written pages alike. Only text between tags is
touched, never a tag or an attribute, and nothing inside code, scripts, SVG, headings' anchors
or an existing ``<abbr>``.
"""

from __future__ import annotations

import html
import re

_TOKEN = re.compile(r"(<[^>]*>)")
_SKIPPED = frozenset({"abbr", "code", "pre", "script", "style", "svg", "textarea", "title", "button", "label"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")

Glossary = dict[str, tuple[str, str | None]]
"""Abbreviation → (what it stands for, its language when not the page's)."""


def pattern(glossary: Glossary) -> re.Pattern[str] | None:
    if not glossary:
        return None
    names = sorted(glossary, key=len, reverse=True)
    # Whole words only: "PLL" but not "PLLs" or "E-PLL"; letters, digits and "-" join words.
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def mark_first_uses(page_html: str, glossary: Glossary, found: re.Pattern[str] | None) -> str:
    """``page_html`` with the first use of each abbreviation inside ``<main>`` marked."""
    if found is None:
        return page_html
    start = page_html.find("<main")
    end = page_html.rfind("</main>")
    if start < 0 or end < 0:
        return page_html
    used: set[str] = set()
    skipping: list[str] = []
    parts = _TOKEN.split(page_html[start:end])
    for index, part in enumerate(parts):
        if not part:
            continue
        if part[0] == "<":
            tag = _TAG.match(part)
            if tag and tag.group(2).lower() in _SKIPPED and not part.endswith("/>"):
                if tag.group(1):
                    if skipping and skipping[-1] == tag.group(2).lower():
                        skipping.pop()
                else:
                    skipping.append(tag.group(2).lower())
            continue
        if skipping or len(used) == len(glossary):
            continue

        def mark(match: re.Match[str]) -> str:
            word = match.group(1)
            if word in used:
                return word
            used.add(word)
            expansion, lang = glossary[word]
            lang_attribute = f' lang="{lang}"' if lang else ""
            # The expansion's language is the title's: a title cannot carry its own lang, so
            # the element does, and the abbreviation itself reads the same in both.
            return f'<abbr title="{html.escape(expansion, quote=True)}"{lang_attribute}>{word}</abbr>'

        parts[index] = found.sub(mark, part)
    return page_html[:start] + "".join(parts) + page_html[end:]
