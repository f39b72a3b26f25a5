"""MkDocs hooks: what they make without Python-Markdown is exactly what Python-Markdown makes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils import meta

from generator import blocks
from generator.build import Project
from generator.mkdocs_hooks import render_headings_and_blocks
from generator.render import headings_apart

PLACEHOLDER = "<!--pf-block:0-->"
# MkDocs hooks that do the same work the plain way: every part rendered for every page, and
# Python-Markdown for every page (HTML blocks are still set aside, as in the real hooks).
PLAIN_HOOKS = Path(__file__).with_name("mkdocs_hooks_plain.py")


def _python_markdown(project: Project, body: str) -> tuple[str, list, str | None]:
    """What MkDocs' Page.render makes of ``body`` with the project's Markdown settings."""
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings[name] = options or {}
    md = markdown.Markdown(extensions=names, extension_configs=settings)
    html = md.convert(body)
    title = html.split(">", 1)[1].split("</h1>", 1)[0] if html.startswith("<h1") else None
    return html, md.toc_tokens, title


def generated_pages(project: Project) -> Iterator[tuple[Path, str, list[str]]]:
    """Each generated page's Markdown in docs_build/, both languages, with its HTML blocks set
    aside as the hook sets them aside: (file, Markdown, blocks)."""
    for lang in ("nb", "nn"):
        for source in sorted((project.docs_build / lang).rglob("*.md")):
            body, front = meta.get_data(source.read_text(encoding="utf-8"))
            if front.get("generated"):
                yield (source, *blocks.extract(body))


def test_every_generated_page_of_the_real_site_gets_python_markdowns_exact_html(project: Project, site_build) -> None:
    """The fast path must be invisible: same HTML, same table of contents, same title."""
    fast = 0
    for source, body, _blocks in generated_pages(project):
        rendered = render_headings_and_blocks(body)
        if rendered is None:
            continue
        fast += 1
        html, tokens, title = _python_markdown(project, body)
        assert rendered.content == html, source
        assert rendered.toc_tokens == tokens, source
        assert rendered.title == title, source
    # Nearly every generated page takes the fast path (264 pages a language in all).
    assert fast > 2 * 240


@pytest.mark.parametrize(
    "heading",
    [
        "Tiltak A &amp; B",
        "Status \\- grønn \\(2023\\)",
        "Mål 3\\.A: Dele \\#1 \\| \\+ \\!",
        "Æøå ÆØÅ é",
        "Sitat &#39;x&#34; &lt;b&gt;",
        "Tilde \\~ og kolon: 5",
        "Samme",
    ],
)
def test_plain_headings_render_as_python_markdown_does(project: Project, heading: str) -> None:
    body = f"# {heading}\n\n{PLACEHOLDER}\n\n## {heading}\n\n## Samme\n\n### Under\n\n{PLACEHOLDER}\n"
    rendered = render_headings_and_blocks(body)
    assert rendered is not None
    html, tokens, title = _python_markdown(project, body)
    assert (rendered.content, rendered.toc_tokens, rendered.title) == (html, tokens, title)
    assert rendered.anchor_ids == {token["id"] for token in _flat(tokens)}


@pytest.mark.parametrize(
    "body",
    [
        "# Med *utheving*",
        "# Med `kode`",
        "# Med [lenke](../)",
        "# Med <b>tag</b>",
        "# A & B",
        "# Id {#egen}",
        "# Avsluttet ##",
        "# Tittel\n\nVanlig tekst.",
        "# Tittel\n\n- en liste",
        "# Tittel\nsom fortsetter",
        f"# Tittel\n\n{PLACEHOLDER} og mer",
    ],
)
def test_anything_else_is_left_to_python_markdown(body: str) -> None:
    assert render_headings_and_blocks(body) is None


def _flat(tokens: list) -> list:
    return [t for token in tokens for t in (token, *_flat(token["children"]))]


def test_the_hook_file_is_named_in_each_languages_mkdocs_configuration(project: Project, site_build) -> None:
    for lang in ("nb", "nn"):
        config = yaml.safe_load((project.docs_build / f"mkdocs.{lang}.yml").read_text(encoding="utf-8"))
        assert [Path(hook).name for hook in config["hooks"]] == ["mkdocs_hooks.py"]


def test_the_shortcuts_change_nothing_in_the_built_pages(project: Project, site_build, tmp_path: Path) -> None:
    """Bokmål built by MkDocs with the hooks and header of theme/, and with plain hooks and
    Material's own header: every page the same, but for white space between tags."""
    config = yaml.safe_load((project.docs_build / "mkdocs.nb.yml").read_text(encoding="utf-8"))
    plain_theme = tmp_path / "theme"
    shutil.copytree(project.theme, plain_theme)
    (plain_theme / "partials" / "header.html").unlink()
    variants = {
        "with": {"hooks": config["hooks"]},
        "plain": {"hooks": [str(PLAIN_HOOKS)], "theme": {**config["theme"], "custom_dir": str(plain_theme)}},
    }
    outputs = {}
    for name, changes in variants.items():
        variant = {**config, **changes, "site_dir": str(tmp_path / name)}
        path = tmp_path / f"mkdocs.{name}.yml"
        path.write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path)], check=True, capture_output=True
        )
        outputs[name] = {
            p.relative_to(tmp_path / name): re.sub(rb"\s+", b" ", p.read_bytes())
            for p in (tmp_path / name).rglob("*.html")
        }
    assert len(outputs["with"]) > 250
    assert outputs["with"] == outputs["plain"]
    assert not any(b"<!--pf-block:" in html for html in outputs["with"].values())


def test_every_heading_line_of_every_generated_page_becomes_a_heading(project: Project, site_build) -> None:
    """Proven right, not only equal: a "## " line written next to an HTML block used to become
    part of the block and show as text on 66 pages, by the fast path and Python-Markdown alike."""
    for source, body, html_blocks in generated_pages(project):
        for block in html_blocks:
            assert not re.search(r"^#{1,6} ", block, re.MULTILINE), f"{source}: a heading inside {block[:80]!r}"
        headings = re.findall(r"^#{1,6} ", body, re.MULTILINE)
        rendered = render_headings_and_blocks(body)
        html = rendered.content if rendered else _python_markdown(project, body)[0]
        assert len(re.findall(r"<h[1-6][ >]", html)) == len(headings), source


def test_a_heading_written_straight_after_an_html_block_is_set_apart(project: Project) -> None:
    markdown_text = headings_apart('<div class="pf-text"><p>Innledning.</p></div>\n## Tiltak\n<p>Ingen.</p>\n')
    assert markdown_text == '<div class="pf-text"><p>Innledning.</p></div>\n\n## Tiltak\n\n<p>Ingen.</p>\n'
    html, tokens, _ = _python_markdown(project, markdown_text)
    assert '<h2 id="tiltak">Tiltak</h2>' in html and [t["name"] for t in tokens] == ["Tiltak"]
    # Front matter is left as it is; a heading already apart is not changed.
    assert headings_apart("---\ntitle: x\n---\n\n# A\n\ntext\n") == "---\ntitle: x\n---\n\n# A\n\ntext\n"
