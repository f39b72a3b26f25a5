"""The project's MkDocs hooks without their shortcuts (for tests/test_mkdocs_hooks.py): every
part of a page rendered for every page, and every page converted by Python-Markdown."""

from __future__ import annotations

from typing import Any

# on_post_page and on_template_context: hooks MkDocs calls.
from generator.mkdocs_hooks import (  # noqa: F401
    add_filters,
    on_config,
    on_post_page,
    on_post_template,
    on_template_context,
    set_html_aside,
)


def on_env(env: Any, config: Any, files: Any) -> Any:
    env.globals["portefolje_once"] = lambda key, render: render()
    return add_filters(env)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return set_html_aside(markdown, page)
