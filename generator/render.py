"""Jinja2 environment: templates turn page contexts into Markdown (with HTML blocks) per language.

Templates get data through filters that know the page's language; they hold no logic that
belongs in Python (sorting, grouping and counting happen in :mod:`generator.pages`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator import i18n
from generator.charts import period_text, phase_text
from generator.i18n import Lang
from generator.models import Level, Text
from generator.pages import FACETS

TEMPLATES = Path(__file__).with_name("templates")

# An ATX heading line. Markdown makes a heading only of a line that starts a block: written
# straight after an HTML block (as a template's ``{% endif %}`` easily leaves it), it becomes
# part of that block and is shown as "## Text". Found by its "\n#" prefix, which the regex
# engine searches for fast: generated pages can be megabytes long.
_HEADING_LINE = re.compile(r"\n(#{1,6}[ \t][^\n]*)")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


def md_escape(value: object) -> Markup:
    """Text safe inside a Markdown heading or front matter: HTML-escaped, Markdown-inert."""
    text = str(escape(str(value)))
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def split_front_matter(markdown: str) -> tuple[str, str]:
    """(the front matter with its ``---`` lines, the rest); ("", markdown) when there is none."""
    if not markdown.startswith("---\n"):
        return "", markdown
    end = markdown.index("\n---\n", 4) + 5
    return markdown[:end], markdown[end:]


def headings_apart(markdown: str) -> str:
    """Every ATX heading on a block of its own: a blank line before and after it."""
    front, body = split_front_matter(markdown)
    body = "\n" + body

    def apart(match: re.Match[str]) -> str:
        start, end = match.span()
        before = "\n" if start > 0 and body[start - 1] != "\n" else ""
        after = "\n" if body[end : end + 1] == "\n" and body[end + 1 : end + 2] not in ("", "\n") else ""
        return f"\n{before}{match.group(1)}{after}"

    return front + _HEADING_LINE.sub(apart, body)[1:]


def yaml_string(value: object) -> Markup:
    """A double-quoted YAML scalar (for page front matter)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(f'"{text}"')


def pagefind_pairs(pairs: list[tuple[str, object]]) -> str:
    """``[("type", "Tiltak"), ("eier", "KS")]`` → ``type:Tiltak, eier:KS`` for Pagefind's attributes.
    Pagefind splits on commas and the first colon, so values lose theirs."""
    return ", ".join(f"{key}:{str(value).replace(',', ' ')}" for key, value in pairs if value not in (None, ""))


def _show(value: object, lang: Lang) -> Markup:
    """A value of any kind in the page's language: a text pair, an enum, or a plain string."""
    if isinstance(value, Text):
        return i18n.inline(value, lang)
    if isinstance(value, StrEnum):
        return escape(i18n.label(value, lang))
    return escape(str(value))


def _bokmal(text: str, lang: Lang) -> Markup:
    """Bokmål text as it is shown on a page in ``lang``: marked as bokmål on a nynorsk page."""
    return escape(text) if lang == "nb" else Markup('<span lang="nb">{}</span>').format(text)


def _period_words(period: Any, lang: Lang) -> Markup:
    """A period in words; the source's own wording, quoted in it, marked as bokmål on nynorsk pages."""
    words = period_text(period, lang)
    quoted = f"«{period.text}»" if period.text else None
    if lang == "nb" or not quoted or quoted not in words:
        return escape(words)
    before, _, after = words.partition(quoted)
    return escape(before) + Markup("«") + _bokmal(period.text, lang) + Markup("»") + escape(after)


# Filters that speak the page's language: (language, value, *arguments) → output.
_LANGUAGE_FILTERS: dict[str, Callable[..., Any]] = {
    "ui": lambda lang, key: i18n.ui(key, lang),
    "count": lambda lang, n, key: i18n.count(key, n, lang),
    "label": lambda lang, value: i18n.label(value, lang),
    "inline": lambda lang, text: i18n.inline(text, lang),
    "block": lambda lang, text: i18n.block(text, lang),
    "plain": lambda lang, text: i18n.plain(text, lang),
    "number": lambda lang, value, places=None: i18n.number(value, lang, places),
    "mnok": lambda lang, value: i18n.money_mnok(value, lang),
    "date": lambda lang, value: i18n.date(value, lang),
    "period_point": lambda lang, value: i18n.period_point(value, lang),
    "period_text": lambda lang, period: _period_words(period, lang),
    "phase_text": lambda lang, activity: phase_text(activity, lang),
    "actor_group": lambda lang, group: i18n.ui(f"actor_group_{group}", lang),
    "show": lambda lang, value: _show(value, lang),
    # A plain string kept as the (bokmål) source writes it, such as a roadmap row's actor: on a
    # nynorsk page it is marked as bokmål, so that it is read as bokmål (WCAG 3.1.2).
    "cell": lambda lang, value: _bokmal(value, lang) if isinstance(value, i18n.InBokmal) and value else escape(value),
    "as_written": lambda lang, text: _bokmal(text, lang),
    "facet_name": lambda lang, key: i18n.ui(dict(FACETS)[key], lang),
    "iso_date": lambda lang, value: i18n.date(dt.date.fromisoformat(value), lang),
    "level_word": lambda lang, value: i18n.label(Level(value), lang) if value else "",
    # "Delmål 1.A": a goal as a search filter value (the number alone read as a count).
    "goal_label": lambda lang, goal: f"{i18n.label(goal.level, lang).capitalize()} {goal.number}",
}


def _in_page_language(function: Callable[..., Any]) -> Callable[..., Any]:
    @pass_context
    def bound(context: Context, value: Any, *args: Any) -> Any:
        return function(context["lang"], value, *args)

    return bound


def _macro_caches() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """Two ways of rendering a macro once and reusing its output, sharing one store:

    - ``cached_rows(macro, items)``: each item's table row (``macro(item)``, keyed by
      ``item.key``) rendered once per language and page depth and reused on every page that
      lists it (the initiative list and its filter pages), one row a line; joined here, not
      in a template loop, because a filter page can list thousands of rows;
    - ``once(macro, *args)``: a small macro whose output depends only on its arguments and the
      language (a status level in words)."""
    made: dict[tuple, Any] = {}

    def remember(key: tuple, make: Callable[[], Any]) -> Any:
        if key not in made:
            made[key] = make()
        return made[key]

    @pass_context
    def cached_rows(context: Context, macro: Callable[..., Any], items: list[Any]) -> Markup:
        part = ("part", context["lang"], context["page"].depth, macro.name)
        return Markup(
            "".join(remember((*part, item.key), lambda item=item: macro(item).strip()) + "\n" for item in items)
        )

    @pass_context
    def once(context: Context, macro: Callable[..., Any], *args: Any) -> Any:
        return remember(("snippet", context["lang"], macro.name, args), lambda: macro(*args))

    return cached_rows, once


def make_environment(cache_dir: Path | None = None) -> Environment:
    """One environment for both languages (templates compile once); ``lang`` is in the context."""
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(cache_dir), "portefolje-%s.cache")
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=cache,
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("j2",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update({name: _in_page_language(f) for name, f in _LANGUAGE_FILTERS.items()})
    env.globals["cached_rows"], env.globals["once"] = _macro_caches()
    env.filters.update(
        md=md_escape,
        pagefind_pairs=pagefind_pairs,
        pagefind_value=lambda value, key: (key, value),
        fmt=lambda text, **values: text.format(**values),
        yaml_string=yaml_string,
    )
    return env


class Renderer:
    """Renders page templates in either language with one shared environment."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._env = make_environment(cache_dir)

    def render(self, template: str, lang: Lang, context: dict[str, Any]) -> str:
        other = "nn" if lang == "nb" else "nb"
        markdown = self._env.get_template(template).render(**context, lang=lang, other_lang=other)
        return headings_apart(markdown)
