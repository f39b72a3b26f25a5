"""MkDocs hooks (named in the generated MkDocs configurations): work MkDocs need not repeat.

- **Parts of a page rendered once.** Material renders the whole navigation sidebar into every
  page. For a page that is not in the navigation (all generated detail pages) that sidebar is
  the same for every page in the same folder: no item is active and the links are relative to
  the folder. The stylesheet links, scripts, footer and the JSON configuration depend only on
  the page's depth. ``theme/main.html`` renders each once per key through :func:`on_env`.
- **HTML kept out of Markdown's way.** A generated page (``generated: true`` in its front
  matter) is mostly ready HTML. Each of its top-level HTML blocks is set aside for a placeholder
  before Markdown (:mod:`generator.blocks`) and put back into the finished page before MkDocs
  writes it, so no HTML parser walks thousands of tags and no page is written twice.
- **No Markdown pass for pages that are then headings and placeholders.** That is nearly every
  generated page. Python-Markdown would cost about a third of MkDocs' time per page (a new
  parser per page, every tree- and postprocessor) to make ``<hN id>`` tags.
  :func:`on_page_markdown` makes them itself, exactly as Python-Markdown and its ``toc``
  extension would (a test compares the two on every page), and leaves any other page, or any
  heading with inline Markdown in it, to MkDocs.
"""

from __future__ import annotations

import html
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from mkdocs.structure.toc import get_toc

from generator import abbreviations, blocks

_HEADING = re.compile(r"(#{1,6})[ \t]+(.+)")
# Python-Markdown's backslash escapes (with the tables extension's "|"); ">" is left out
# because the serializer would write it as "&gt;".
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|")
# Text that Python-Markdown's inline patterns could turn into markup: the fast path declines it.
_INLINE_SYNTAX = re.compile(r"[`*_{}\[\]!<>#&]|\\$")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+);")
_ESCAPE = re.compile(r"\\(.)")


def on_env(env: Any, config: Any, files: Any) -> Any:
    parts: dict[str, str] = {}

    def once(key: str, render: Callable[[], str]) -> str:
        if key not in parts:
            parts[key] = render()
        return parts[key]

    env.globals["portefolje_once"] = once
    return add_filters(env)


def add_filters(env: Any) -> Any:
    """Filters the theme's templates use (``theme/``)."""
    # base_url is "." or ".." on a page, "/" or "/nn" on the 404 page: one form, ending in "/".
    env.filters["site_root"] = lambda base_url: base_url.rstrip("/") + "/"
    return env


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """The 404 page is served at any address, so its links start from the language's root.
    MkDocs takes that from ``site_url``; without one it would send nynorsk readers to "/"."""
    if template_name == "404.html" and not config.site_url and config.extra.get("lang") == "nn":
        context["base_url"] = "/nn"
    return context


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    markdown = set_html_aside(markdown, page)
    rendered = render_headings_and_blocks(markdown) if page.meta.get("generated") else None
    if rendered is not None:
        page.render = types.MethodType(rendered.apply, page)
    return markdown


def set_html_aside(markdown: str, page: Any) -> str:
    """A generated page's Markdown with its HTML blocks replaced by placeholders; the blocks
    are kept on the page for :func:`on_post_page`."""
    if not page.meta.get("generated"):
        return markdown
    markdown, page.portefolje_blocks = blocks.extract(markdown)
    return markdown


def on_config(config: Any) -> Any:
    # What each abbreviation stands for in this language (the build writes it into
    # config.extra), and the pattern that finds them, made once per build.
    global _glossary, _abbreviation_pattern
    _glossary = {key: (value[0], value[1]) for key, value in config.extra.get("abbreviations", {}).items()}
    _abbreviation_pattern = abbreviations.pattern(_glossary)
    return config


_glossary: abbreviations.Glossary = {}
_abbreviation_pattern: re.Pattern[str] | None = None


def on_post_page(output: str, page: Any, config: Any) -> str:
    page_blocks = getattr(page, "portefolje_blocks", None)
    output = one_main(blocks.fill(output, page_blocks) if page_blocks else output)
    return abbreviations.mark_first_uses(output, _glossary, _abbreviation_pattern)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return one_main(output_content) if template_name == "404.html" else output_content


_MATERIAL_MAIN = '<main class="md-main" data-md-component="main">'


def one_main(html_page: str) -> str:
    """Material's <main> (around the sidebars and the content) as a <div>: the content has a
    <main> of its own (theme/main.html), and the menu belongs outside it."""
    if _MATERIAL_MAIN not in html_page:
        return html_page
    html_page = html_page.replace(_MATERIAL_MAIN, '<div class="md-main" data-md-component="main">', 1)
    before, _, after = html_page.rpartition("</main>")  # Material's: the last one on the page
    return f"{before}</div>{after}"


@dataclass
class RenderedPage:
    """What MkDocs' ``Page.render`` would have set, made without Python-Markdown."""

    content: str
    toc_tokens: list[dict[str, Any]]
    title: str | None
    anchor_ids: set[str]

    def apply(self, page: Any, config: Any, files: Any) -> None:
        page.content = self.content
        page.toc = get_toc(self.toc_tokens)
        page._title_from_render = self.title
        page.present_anchor_ids = self.anchor_ids
        page.links_to_anchors = {}


def render_headings_and_blocks(markdown: str) -> RenderedPage | None:
    """The HTML of a page made only of ATX headings and block placeholders; None for any other."""
    parts: list[str] = []
    tokens: list[dict[str, Any]] = []
    ids: set[str] = set()
    counters: dict[str, int] = {}
    title: str | None = None
    for chunk in re.split(r"\n[ \t]*\n", markdown.strip("\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if blocks.PLACEHOLDER.fullmatch(chunk):
            parts.append(chunk + "\n\n")
            continue
        heading = _HEADING.fullmatch(chunk)
        if heading is None:
            return None
        inner = _inline_html(heading.group(2).strip())
        if inner is None:
            return None
        level = len(heading.group(1))
        anchor = unique(slugify(html.unescape(inner), "-"), ids, counters)
        parts.append(f'<h{level} id="{anchor}">{inner}</h{level}>\n')
        tokens.append({"level": level, "id": anchor, "name": inner, "html": inner, "data-toc-label": ""})
        if not parts[:-1] and level == 1:
            title = inner
    return RenderedPage("".join(parts).strip(), nest_toc_tokens(tokens), title, set(ids))


def _inline_html(text: str) -> str | None:
    """A heading's text as Python-Markdown renders it, when it holds nothing but text, entities
    and backslash escapes; None when inline Markdown could apply."""
    plain = _ENTITY.sub("", _ESCAPE.sub(lambda m: "" if m.group(1) in _ESCAPABLE else m.group(0), text))
    if _INLINE_SYNTAX.search(plain):
        return None
    return _ESCAPE.sub(lambda m: m.group(1) if m.group(1) in _ESCAPABLE else m.group(0), text)
