"""The whole build, top to bottom: load → validate → generate → write → MkDocs ×2 → Pagefind → swap.

The site is built into a fresh folder next to ``site/`` and moved into place only when every
step succeeded, so a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import accessibility, blocks, exports, feeds, i18n, translations
from generator.charts import SvgRenderer
from generator.dataset import DataSet
from generator.i18n import Lang
from generator.load import Issue, LoadResult, load_data
from generator.models import KINDS
from generator.pages import SiteBuilder
from generator.render import Renderer
from generator.translations import TranslationReport
from generator.validate import validate
from generator.write import OutputTree

# (interface string key, page path) — the whole navigation. Generated detail pages stay out of
# it: Material renders the navigation into every page, so a long one makes builds quadratic.
NAVIGATION: list[tuple[str, str]] = [
    ("home", ""),
    ("initiatives", "tiltak/"),
    ("portfolio", "portefolje/"),
    ("goals", "mal/"),
    ("roadmap", "veikart/"),
    ("meetings", "moter/"),
    ("decisions", "vedtak/"),
    ("organisations", "aktorer/"),
    ("open_data", "data/"),
    ("search", "sok/"),
    ("about", "om/"),
    ("definitions", "begreper/"),
    ("accessibility", "tilgjengelighet/"),
]


class BuildError(Exception):
    """A build step failed; the message says which, in words for an editor."""

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


@dataclass
class Project:
    """Where a project's folders are."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def theme(self) -> Path:
        return self.root / "theme"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def docs_build(self) -> Path:
        return self.root / "docs_build"

    @property
    def mkdocs_base(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def chart_cache(self) -> Path:
        return self.docs_build / ".chart-cache"


@dataclass
class BuildReport:
    seconds: dict[str, float] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    charts_rendered: int = 0
    charts_cached: int = 0
    files_written: int = 0
    files_unchanged: int = 0

    def as_dict(self) -> dict:
        return {
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "total_seconds": round(sum(self.seconds.values()), 3),
            "pages": self.pages,
            "charts_rendered": self.charts_rendered,
            "charts_cached": self.charts_cached,
            "files_written": self.files_written,
            "files_unchanged": self.files_unchanged,
        }


Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


# --- 1. Load and validate --------------------------------------------------------------


def load_and_validate(project: Project, today: dt.date | None = None) -> tuple[DataSet | None, list[Issue]]:
    ds, _result, issues = load_checked(project, today)
    return ds, issues


def load_checked(project: Project, today: dt.date | None = None) -> tuple[DataSet | None, LoadResult, list[Issue]]:
    """Load and validate; also returns the raw result (files and lines) for editors' reports."""
    result = load_data(project.data)
    issues = sorted(set(result.issues)) + validate(result, project.sources, today)
    if issues:
        return None, result, sorted(set(issues))
    return DataSet.from_load(result), result, []


# --- 2. Generate the Markdown tree per language ---------------------------------------


def _content_pages(project: Project) -> dict[str, dict[Lang, Path]]:
    """Hand-written pages: relative path → the file per language that exists."""
    pages: dict[str, dict[Lang, Path]] = {}
    for lang in i18n.LANGS:
        folder = project.content / lang
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            pages.setdefault(path.relative_to(folder).as_posix(), {})[lang] = path
    return pages


def _fallback_markdown(markdown: str) -> str:
    """A bokmål page shown on the nynorsk site: marked as bokmål, with a notice in nynorsk."""
    front, body = "", markdown
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4) + 5
        front, body = markdown[:end], markdown[end:]
    not_translated = i18n.ui("not_translated", "nn")
    notice = f'<p class="pf-fallback-notice">Denne sida er {not_translated}. Teksten under er på bokmål.</p>'
    return f'{front}\n{notice}\n\n<div lang="nb" markdown>\n\n{body}\n\n</div>\n'


def generate(
    ds: DataSet,
    project: Project,
    svg: SvgRenderer,
    report: BuildReport,
    translation_report: TranslationReport | None = None,
    today: dt.date | None = None,
) -> dict[Lang, OutputTree]:
    pages = SiteBuilder(ds, today, translation_report, accessibility.load(project.root / "accessibility")).pages()
    renderer = Renderer(project.docs_build / ".template-cache")
    trees: dict[Lang, OutputTree] = {lang: OutputTree() for lang in i18n.LANGS}
    schemas = {
        kind: json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True)
        for kind, model in KINDS.items()
    }
    content = _content_pages(project)
    open_data = exports.files(ds)
    generated_paths = {page.source_name for page in pages}
    for relative in content:
        if relative in generated_paths:
            raise BuildError(f"content/{{nb,nn}}/{relative} has the same path as a generated page; rename it")

    svg.prepare([(chart.text(lang).spec, lang) for page in pages for chart in page.charts for lang in i18n.LANGS])
    for lang in i18n.LANGS:
        tree = trees[lang]
        for page in pages:
            markdown, page_blocks = blocks.extract(renderer.render(page.template, lang, {**page.context, "page": page}))
            tree.add(page.source_name, markdown)
            tree.blocks[page.source_name] = page_blocks
            for chart in page.charts:
                tree.add(f"{chart.path}.svg", svg.svg(chart.text(lang).spec, lang))
                tree.add(f"{chart.path}.csv", chart.csv(lang))
        for relative, files in content.items():
            if lang in files:
                tree.add(relative, files[lang].read_text(encoding="utf-8"))
            else:
                tree.add(relative, _fallback_markdown(files["nb"].read_text(encoding="utf-8")))
        for kind, schema in schemas.items():
            tree.add(f"data/schema/{kind}.json", schema)
        for path, text in {**open_data, **feeds.files(ds, lang, today)}.items():
            tree.add(path, text)
        report.pages[lang] = sum(1 for name in tree.files if name.endswith(".md"))
    report.charts_rendered, report.charts_cached = svg.rendered, svg.cached
    return trees


# --- 3. MkDocs configuration per language ---------------------------------------------


def mkdocs_config(project: Project, lang: Lang, docs_dir: Path, site_dir: Path, build_date: str) -> dict:
    base = _base_config(project)
    other = "nn" if lang == "nb" else "nb"
    config = {
        **base,
        "site_name": i18n.ui("site_name", lang),
        "site_description": i18n.ui("site_description", lang),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "nav": [{i18n.ui(key, lang): f"{path}index.md"} for key, path in NAVIGATION],
    }
    config["theme"] = {**base.get("theme", {}), "language": lang, "custom_dir": str(project.theme)}
    # Light and dark, following the reader's system setting, with a switch named in the page's language.
    config["theme"]["palette"] = [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "custom",
            "accent": "custom",
            "toggle": {"icon": "material/weather-night", "name": i18n.ui("to_dark", lang)},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "custom",
            "accent": "custom",
            "toggle": {"icon": "material/weather-sunny", "name": i18n.ui("to_light", lang)},
        },
    ]
    config["extra"] = {
        **base.get("extra", {}),
        "lang": lang,
        "other_lang": other,
        # From a page to the same page in the other language: the nynorsk site lives in nn/.
        "other_prefix": "nn/" if lang == "nb" else "../",
        "ui": {
            key: i18n.ui(key, lang)
            for key in (
                "other_language_link",
                "other_language_label",
                "search_label",
                "search_button",
                "search_placeholder",
                "header_label",
                "footer_label",
                "footer_licence",
                "nav_label",
                "skip_to_content",
            )
        },
        "build_date": build_date,
    }
    # Truthy but not a list: Material then includes our partials/alternate.html (the
    # page-to-page switch) without adding links to the language roots.
    config["extra"]["alternate"] = True
    return config


# --- 4. Run MkDocs and Pagefind -------------------------------------------------------


def _run(command: list[str], what: str, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if completed.returncode != 0:
        output = "\n".join(line for line in (completed.stdout + completed.stderr).splitlines() if line.strip())
        raise BuildError(f"{what} failed:\n{output[-4000:]}")
    return completed.stdout + completed.stderr


def run_mkdocs(config_paths: dict[Lang, Path], env: dict[str, str], dirty: bool = False) -> None:
    """Both languages at once, in separate processes (MkDocs itself is single-threaded).
    ``dirty`` (the preview) renders only pages whose source changed since the last build."""
    extra = ["--dirty"] if dirty else ["--clean"]
    with ThreadPoolExecutor(max_workers=len(config_paths)) as pool:
        futures = [
            pool.submit(
                _run,
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", *extra, "-f", str(path)],
                f"MkDocs ({lang})",
                env,
            )
            for lang, path in config_paths.items()
        ]
        for future in futures:
            future.result()


def fill_blocks(site_dir: Path, tree: OutputTree) -> None:
    """Put each page's HTML blocks back in place of the placeholders MkDocs passed through."""
    for source_name, page_blocks in tree.blocks.items():
        if page_blocks:
            blocks.fill(site_dir / source_name.removesuffix("index.md") / "index.html", page_blocks)


def run_pagefind(site_dir: Path) -> None:
    _run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_dir),
            "--exclude-selectors",
            ".headerlink",
            "--exclude-selectors",
            ".pf-sources",
            "--quiet",
        ],
        "Pagefind",
    )
    # Pagefind lists the languages in hash-map order; sort them so that builds are identical.
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def _base_config(project: Project) -> dict:
    return yaml.safe_load(project.mkdocs_base.read_text(encoding="utf-8")) or {}


def write_sitemap(site_dir: Path, site_url: str | None) -> None:
    """One sitemap for both languages, each page with its pair (hreflang), replacing MkDocs'
    one-per-language sitemaps. Without ``site_url`` the addresses are relative to the site root."""
    root = (site_url or "/").rstrip("/") + "/"
    paths = sorted(
        p.parent.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("index.html")
        if p.relative_to(site_dir).parts[0] not in ("nn", "pagefind", "assets")
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in paths:
        path = "" if path == "." else path + "/"
        nb, nn = f"{root}{path}", f"{root}nn/{path}"
        for own in (nb, nn):
            lines.append(f"  <url><loc>{own}</loc>")
            lines.append(f'    <xhtml:link rel="alternate" hreflang="nb" href="{nb}"/>')
            lines.append(f'    <xhtml:link rel="alternate" hreflang="nn" href="{nn}"/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    for stale in ("sitemap.xml.gz", "nn/sitemap.xml", "nn/sitemap.xml.gz"):
        (site_dir / stale).unlink(missing_ok=True)
    (site_dir / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames; the old site is removed last."""
    old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


# --- The whole build ------------------------------------------------------------------


def build(
    project: Project,
    site_dir: Path,
    progress: Progress = _quiet,
    today: dt.date | None = None,
    preview: bool = False,
) -> BuildReport:
    """Build the site into ``site_dir``. With ``preview`` (``portefolje serve``) the site is
    updated in place and MkDocs renders only the pages whose Markdown changed."""
    report = BuildReport()
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = now - clock
        clock = now

    progress("Reading and checking data/ …")
    ds, result, issues = load_checked(project, today)
    if ds is None:
        raise BuildError(f"{len(issues)} problem(s) in data/. Nothing was built; the last site is unchanged.", issues)
    step("validate")

    progress("Generating pages and charts …")
    svg = SvgRenderer(project.chart_cache)
    translation_report = translations.report(result, project.data, project.content)
    trees = generate(ds, project, svg, report, translation_report, today)
    step("generate")

    try:
        for lang, tree in trees.items():
            stats = tree.write(project.docs_build / lang)
            report.files_written += stats.written
            report.files_unchanged += stats.unchanged
    except OSError as error:
        raise BuildError(_disk_message("docs_build/", error)) from error
    step("write")

    site_dir = site_dir.resolve()
    staging = site_dir if preview else site_dir.with_name(f".{site_dir.name}-new-{os.getpid()}")
    if staging.exists() and not preview:
        shutil.rmtree(staging)
    try:
        progress(f"Building the site with MkDocs ({report.pages['nb']} pages per language) …")
        build_date = _build_date(ds)
        configs: dict[Lang, Path] = {}
        for lang in i18n.LANGS:
            target = staging if lang == "nb" else staging / "nn"
            config = mkdocs_config(project, lang, project.docs_build / lang, target, build_date)
            path = project.docs_build / f"mkdocs.{lang}.yml"
            text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            configs[lang] = path
        env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(build_date)}
        run_mkdocs(configs, env, dirty=preview)
        for lang, tree in trees.items():
            fill_blocks(staging if lang == "nb" else staging / "nn", tree)
        step("mkdocs")

        write_sitemap(staging, base.get("site_url") if (base := _base_config(project)) else None)
        # The preview keeps the search index of its first build: indexing is the slowest step
        # of a small edit, and the preview is for reading pages.
        if not (preview and (staging / "pagefind").is_dir()):
            progress("Indexing for search with Pagefind …")
            run_pagefind(staging)
        step("pagefind")

        if not preview:
            swap_into_place(staging, site_dir)
        step("swap")
    except OSError as error:
        raise BuildError(_disk_message(f"{site_dir.name}/", error)) from error
    finally:
        if staging.exists() and not preview:
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _disk_message(where: str, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"could not write {where} ({reason}: {error.filename or ''}). The last built site is unchanged."


def _build_date(ds: DataSet) -> str:
    """The newest date in the data: builds of the same data are identical, whenever they run."""
    dates = [r.as_of for r in ds.rounds.values()] + [mt.date for mt in ds.meetings.values()]
    dates = [d for d in dates if d <= dt.date.today()] or [dt.date(2020, 1, 1)]
    return max(dates).isoformat()


def _epoch(iso_date: str) -> str:
    return str(int(dt.datetime.fromisoformat(iso_date).replace(tzinfo=dt.UTC).timestamp()))
