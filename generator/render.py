"""Jinja2 environment: templates turn page contexts into Markdown (with HTML blocks) per language.

Templates get data through filters that know the page's language; they hold no logic that
belongs in Python (sorting, grouping and counting happen in :mod:`generator.pages`).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator import i18n
from generator.charts import period_text, phase_text
from generator.i18n import Lang
from generator.models import Level, Text
from generator.pages import FACETS

TEMPLATES = Path(__file__).with_name("templates")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


def md_escape(value: object) -> Markup:
    """Text safe inside a Markdown heading or front matter: HTML-escaped, Markdown-inert."""
    text = str(escape(str(value)))
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


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


def make_environment(lang: Lang, cache_dir: Path | None = None) -> Environment:
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(cache_dir), f"portefolje-{lang}-%s.cache")
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=cache,
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("j2",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(lang=lang, other_lang="nn" if lang == "nb" else "nb")
    env.filters.update(
        ui=lambda key: i18n.ui(key, lang),
        label=lambda value: i18n.label(value, lang),
        inline=lambda text: i18n.inline(text, lang),
        block=lambda text: i18n.block(text, lang),
        plain=lambda text: i18n.plain(text, lang),
        number=lambda value, places=None: i18n.number(value, lang, places),
        mnok=lambda value: i18n.money_mnok(value, lang),
        date=lambda value: i18n.date(value, lang),
        period_point=lambda value: i18n.period_point(value, lang),
        period_text=lambda period: period_text(period, lang),
        phase_text=lambda activity: phase_text(activity, lang),
        actor_group=lambda group: i18n.ui(f"actor_group_{group}", lang),
        show=lambda value: _show(value, lang),
        facet_name=lambda key: i18n.ui(dict(FACETS)[key], lang),
        md=md_escape,
        pagefind_pairs=pagefind_pairs,
        pagefind_value=lambda value, key: (key, value),
        fmt=lambda text, **values: text.format(**values),
        iso_date=lambda value: i18n.date(dt.date.fromisoformat(value), lang),
        level_word=lambda value: i18n.label(Level(value), lang) if value else "",
        yaml_string=yaml_string,
    )
    return env


class Renderer:
    """Renders page templates for one language; environments are made once per language."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._envs = {lang: make_environment(lang, cache_dir) for lang in i18n.LANGS}

    def render(self, template: str, lang: Lang, context: dict[str, Any]) -> str:
        return self._envs[lang].get_template(template).render(**context)

    def bound(self, lang: Lang) -> partial[str]:
        return partial(self.render, lang=lang)
