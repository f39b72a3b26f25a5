"""The project's MkDocs hooks without their shortcuts (for tests/test_mkdocs_hooks.py): every
part of a page rendered for every page, and every page converted by Python-Markdown."""

from __future__ import annotations

from typing import Any

from generator.mkdocs_hooks import on_post_page, set_html_aside  # noqa: F401 (on_post_page: a hook MkDocs calls)


def on_env(env: Any, config: Any, files: Any) -> Any:
    env.globals["portefolje_once"] = lambda key, render: render()
    return env


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return set_html_aside(markdown, page)
