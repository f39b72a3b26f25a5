"""The whole build, top to bottom: load → validate → generate → write → MkDocs ×2 → Pagefind → swap.

The site is built into a fresh folder next to ``site/`` and moved into place only when every
step succeeded, so a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import gc
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import accessibility, exports, feeds, i18n, translations
from generator.charts import SvgRenderer
from generator.dataset import DataSet
from generator.i18n import Lang
from generator.load import Issue, LoadResult, load_data
from generator.models import KINDS
from generator.pages import Page, SiteBuilder
from generator.render import Renderer, split_front_matter
from generator.translations import TranslationReport
from generator.validate import validate
from generator.write import OutputTree, move_into

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
    """Wall-clock phases, one after the other, adding up to the total: validate, generate (what
    both languages are made from: pages, charts' data, open data), languages (both languages
    built side by side) and swap."""
    languages: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per language, the seconds of its render, MkDocs, files and Pagefind steps."""
    pages: dict[str, int] = field(default_factory=dict)
    charts_rendered: int = 0
    charts_cached: int = 0
    files_written: int = 0
    files_unchanged: int = 0

    def as_dict(self) -> dict:
        return {
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "total_seconds": round(sum(self.seconds.values()), 3),
            "languages": self.languages,
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
    issues = sorted(set(result.issues)) + validate(result, project.sources, today) + _missing_logo(project, result)
    if issues:
        return None, result, sorted(set(issues))
    return DataSet.from_load(result), result, []


def _missing_logo(project: Project, result: LoadResult) -> list[Issue]:
    record = result.records.get("settings", {}).get("site")
    logo = record.model.logo if record else None
    if logo is None or (project.theme / logo).is_file():
        return []
    return [record.issue(("logo",), f"names theme/{logo}, which does not exist: put the logo there or remove the line")]


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
    front, body = split_front_matter(markdown)
    not_translated = i18n.ui("not_translated", "nn")
    notice = f'<p class="pf-fallback-notice">Denne sida er {not_translated}. Teksten under er på bokmål.</p>'
    return f'{front}\n{notice}\n\n<div lang="nb" markdown>\n\n{body}\n\n</div>\n'


@dataclass
class LanguageOutput:
    """One language's site before MkDocs has run."""

    docs: OutputTree
    """The Markdown MkDocs builds (``docs_build/<lang>/``)."""
    files: OutputTree
    """Files that go into the built site as they are: feeds, calendars, chart tables. They are
    written there after MkDocs, so MkDocs neither scans nor copies thousands of them."""


def plan_pages(
    ds: DataSet, project: Project, translation_report: TranslationReport | None, today: dt.date | None
) -> list[Page]:
    texts = {
        doc.id: path.read_text(encoding="utf-8").splitlines()
        for doc in ds.documents.values()
        if (path := project.sources / doc.file).is_file()
    }
    record = accessibility.load(project.root / "accessibility")
    pages = SiteBuilder(ds, today, translation_report, record, texts).pages()
    generated_paths = {page.source_name for page in pages if not page.insert}
    for relative in _content_pages(project):
        if relative in generated_paths:
            raise BuildError(f"content/{{nb,nn}}/{relative} has the same path as a generated page; rename it")
    return pages


def shared_files(ds: DataSet) -> OutputTree:
    """Files that are the same in both languages: the open data and its schemas."""
    tree = OutputTree()
    for kind, model in KINDS.items():
        tree.add(
            f"data/schema/{kind}.json",
            json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True),
        )
    for path, text in exports.files(ds).items():
        tree.add(path, text)
    return tree


def render_language(
    lang: Lang, ds: DataSet, project: Project, pages: list[Page], renderer: Renderer, today: dt.date | None
) -> LanguageOutput:
    out = LanguageOutput(OutputTree(), OutputTree())
    inserts: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        rendered = renderer.render(page.template, lang, {**page.context, "page": page})
        if page.insert:
            inserts.setdefault(page.source_name, []).append((page.marker, rendered))
            continue
        out.docs.add(page.source_name, rendered)
        for chart in page.charts:
            out.files.add(f"{chart.path}.csv", chart.csv(lang))  # its SVG: see write_charts
    for relative, files in _content_pages(project).items():
        text = files[lang].read_text(encoding="utf-8") if lang in files else None
        if text is None:
            text = _fallback_markdown(files["nb"].read_text(encoding="utf-8"))
        for marker, rendered in inserts.get(relative, []):
            text = text.replace(marker, split_front_matter(rendered)[1])
        out.docs.add(relative, text)
    for path, text in feeds.files(ds, lang, today).items():
        out.files.add(path, text)
    return out


# --- 3. MkDocs configuration per language ---------------------------------------------


def footer_facts(ds: DataSet, lang: Lang) -> dict[str, str | None]:
    """What every page's footer says of the site (theme/partials/footer.html)."""
    settings = ds.site
    newest = ds.newest_source
    return {
        "publisher": ds.publisher.name,
        "organisation_number": settings.organisation_number,
        "contact_email": settings.contact_email,
        "contact_url": settings.contact_url,
        "sources_until": i18n.ui("footer_sources_until", lang).format(when=i18n.period_point(newest, lang))
        if newest
        else None,
    }


def mkdocs_config(
    project: Project, ds: DataSet, lang: Lang, docs_dir: Path, site_dir: Path, build_date: str
) -> dict:
    base = _base_config(project)
    other = "nn" if lang == "nb" else "nb"
    config = {
        **base,
        "site_url": ds.public_url(lang),
        "site_name": i18n.ui("site_name", lang),
        "site_description": i18n.ui("site_description", lang),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "nav": [{i18n.ui(key, lang): f"{path}index.md"} for key, path in NAVIGATION],
    }
    config["theme"] = {**base.get("theme", {}), "language": lang, "custom_dir": str(project.theme)}
    if ds.site.logo:
        config["theme"]["logo"] = ds.site.logo  # a file under theme/, which MkDocs copies into the site
    config["hooks"] = [*base.get("hooks", []), str(Path(__file__).with_name("mkdocs_hooks.py"))]
    # Light or dark as the reader's system says (assets/portefolje.js sets the scheme): one
    # palette, so Material draws no switch of its own.
    config["theme"]["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
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
                "footer_published_by",
                "footer_organisation_number",
                "footer_contact",
                "footer_email",
                "footer_links",
                "external_link",
                "accessibility",
                "open_data",
                "about",
                "not_found_title",
                "not_found_text",
                "not_found_home",
                "not_found_search",
                "nav_label",
                "skip_to_content",
            )
        },
        "build_date": build_date,
        "site": footer_facts(ds, lang),
        "abbreviations": {key: list(value) for key, value in ds.glossary(lang).items()},
    }
    # Truthy but not a list: Material then includes our partials/alternate.html (the
    # page-to-page switch) without adding links to the language roots.
    config["extra"]["alternate"] = True
    return config


# --- 4. Run MkDocs and Pagefind -------------------------------------------------------


def _run(command: list[str], what: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if completed.returncode != 0:
        raise BuildError(f"{what} failed: {_failure_in_words(completed.stdout + completed.stderr)}")
    return completed.stdout + completed.stderr


# What a tool's failure output says, in words for an editor: (pattern, message).
_FAILURES = [
    (re.compile(r"No space left on device|\bENOSPC\b", re.I), "the disk is full: free some space and build again"),
    (
        re.compile(r"Permission denied|\bEACCES\b|Read-only file system|\bEROFS\b", re.I),
        "it may not write to the project folder (permission denied): check who owns the folder",
    ),
]


def _failure_in_words(output: str) -> str:
    """One line, never a traceback: a known cause in plain words, or the tool's own last line
    of error (MkDocs and Pagefind end with it)."""
    for pattern, message in _FAILURES:
        if pattern.search(output):
            return message
    lines = [line.strip() for line in output.splitlines() if line.strip() and not line.startswith(" ")]
    errors = [line for line in lines if re.match(r"^(ERROR|Error|[A-Za-z]*Error\b|Aborted|error)", line)]
    last = (errors or lines or ["no message"])[-1]
    return last if len(last) <= 300 else f"{last[:299]}…"


def run_mkdocs(config_path: Path, lang: Lang, env: dict[str, str], dirty: bool = False) -> None:
    """One language's MkDocs build, in its own process (MkDocs is single-threaded; the two
    languages run side by side). ``dirty`` (the preview) renders only pages whose source changed."""
    extra = ["--dirty"] if dirty else ["--clean"]
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", *extra, "-f", str(config_path)]
    _run(command, f"MkDocs ({lang})", env)


_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")


def run_pagefind(site_root: Path, bundle: str = "pagefind", pages: list[str] | None = None) -> None:
    """Index the pages under ``site_root`` into ``site_root/bundle``. Each language has its own
    bundle (``pagefind/`` and ``nn/pagefind/``), so each can be indexed as soon as its pages exist.
    ``pages`` (paths under ``site_root``) names the pages to read; Pagefind otherwise parses
    every HTML file, also the filter pages it would leave out of the index."""
    with tempfile.TemporaryDirectory(prefix="portefolje-pagefind-") as folder:
        if pages and all(_PLAIN_PATH.fullmatch(path) for path in pages):
            # In a configuration file: a command-line argument cannot hold thousands of paths.
            glob = "{" + ",".join(sorted(pages)) + "}"
            (Path(folder) / "pagefind.json").write_text(json.dumps({"glob": glob}), encoding="utf-8")
        _run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(site_root),
                "--output-subdir",
                bundle,
                "--exclude-selectors",
                ".headerlink",
                "--exclude-selectors",
                ".pf-sources",
                "--quiet",
            ],
            "Pagefind",
            cwd=Path(folder),
        )
    # Pagefind lists the languages in hash-map order; sort them so that builds are identical.
    entry = site_root / bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def indexed_pages(docs: OutputTree) -> list[str]:
    """The built pages (``x/index.html``) of the Markdown in ``docs`` that are searchable: all
    but those whose front matter says ``pagefind: false`` (filter pages, which repeat what other
    pages hold; the theme gives them no ``data-pagefind-body``)."""
    pages = []
    for name, content in docs.files.items():
        if not name.endswith(".md"):
            continue
        front = content.split(b"\n---", 2)[0] if content.startswith(b"---\n") else b""
        if b"\npagefind: false" in front:
            continue
        stem = name.removesuffix(".md")
        pages.append(f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html")
    return pages


class Stopwatch:
    """Seconds per named step, each counted from the end of the step before."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self._clock = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self._clock, 3)
        self._clock = now


@dataclass
class LanguageSite:
    """Where one language's site is built, and how it is indexed."""

    lang: Lang
    site: Path
    """The language's site folder: the site root for bokmål, ``nn/`` below a root for nynorsk."""

    @property
    def index_root(self) -> Path:
        """The folder Pagefind reads, so that nynorsk URLs start with nn/."""
        return self.site if self.lang == "nb" else self.site.parent


@dataclass
class LanguageResult:
    pages: int
    written: int
    unchanged: int
    seconds: dict[str, float]
    indexed: list[str] = field(default_factory=list)
    """The built pages to index, relative to the language's site folder."""


@dataclass
class SiteInputs:
    """Everything both languages are built from, made once before they part."""

    project: Project
    ds: DataSet
    pages: list[Page]
    shared: OutputTree | None
    """The open data (the same in both languages), for the preview to write with the pages; a
    normal build has it written by a process of its own (:func:`write_open_data`)."""
    renderer: Renderer
    env: dict[str, str]
    build_date: str
    today: dt.date | None
    preview: bool


def build_language(target: LanguageSite, inputs: SiteInputs, svg: SvgRenderer | None) -> LanguageResult:
    """Render → docs_build → MkDocs → files, for one language (Pagefind follows:
    :func:`index_language`). Chart SVGs are written only when ``svg`` is given."""
    seconds: dict[str, float] = {}
    step = Stopwatch(seconds).lap
    project, lang = inputs.project, target.lang
    output = render_language(lang, inputs.ds, project, inputs.pages, inputs.renderer, inputs.today)
    try:
        stats = output.docs.write(project.docs_build / lang)
    except OSError as error:
        raise BuildError(_disk_message("docs_build/", error)) from error
    config = _write_config(project, inputs.ds, lang, target.site, inputs.build_date)
    step("render")
    run_mkdocs(config, lang, inputs.env, dirty=inputs.preview)
    step("mkdocs")
    if inputs.shared is not None:
        inputs.shared.write_new(target.site)
    output.files.write_new(target.site)
    if svg is not None:
        write_charts(target.site, inputs.pages, lang, svg)
    step("files")
    pages = sum(1 for name in output.docs.files if name.endswith(".md"))
    return LanguageResult(pages, stats.written, stats.unchanged, seconds, indexed_pages(output.docs))


def index_language(target: LanguageSite, preview: bool, pages: list[str] | None = None) -> float:
    """Pagefind over one language's finished pages (``pages``: the searchable ones, relative
    to the language's site); returns the seconds it took. The preview keeps the search index
    of its first build: indexing is the slowest step of a small edit, and the preview is for
    reading pages."""
    started = time.perf_counter()
    folder = target.site.relative_to(target.index_root).as_posix()  # "." or "nn"
    under = "" if folder == "." else f"{folder}/"
    bundle = f"{under}pagefind"
    if not (preview and (target.index_root / bundle).is_dir()):
        run_pagefind(target.index_root, bundle, None if pages is None else [under + path for path in pages])
    return round(time.perf_counter() - started, 3)


def build_and_index(target: LanguageSite, inputs: SiteInputs, svg: SvgRenderer) -> LanguageResult:
    outcome = build_language(target, inputs, svg)
    outcome.seconds["pagefind"] = index_language(target, inputs.preview, outcome.indexed)
    return outcome


def write_charts(site: Path, pages: list[Page], lang: Lang, svg: SvgRenderer) -> None:
    for page in pages:
        for chart in page.charts:
            (site / f"{chart.path}.svg").write_text(svg.svg(chart.text(lang).spec, lang), encoding="utf-8")


class Forked:
    """A step run in a forked process, so that it uses the other core. The child inherits
    everything (the data, the pages: nothing is copied over a pipe) and sends back only its
    result, or its error, which the parent raises as its own."""

    def __init__(self, task: Callable[[], Any], what: str) -> None:
        self.what = what
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)

        def child() -> None:
            try:
                outcome: tuple[str, Any] = ("ok", task())
            except BuildError as error:
                outcome = ("build", str(error))
            except OSError as error:
                outcome = ("os", (error.errno, error.strerror, error.filename))
            except BaseException as error:  # reported in the parent, never lost
                outcome = ("error", f"{type(error).__name__}: {error}")
            send.send(outcome)
            send.close()

        # Objects that exist now are left out of later garbage collections, in the child (which
        # then shares their memory instead of copying it) and in the parent (which then does
        # not walk the data and pages again in every collection while it renders thousands of
        # pages). The build unfreezes them when it ends.
        gc.freeze()
        self._process = context.Process(target=child, daemon=True)
        self._process.start()
        send.close()

    def abandon(self) -> None:
        """After a failure elsewhere: let the child finish (its MkDocs would otherwise go on
        writing into a folder being removed), and drop its result."""
        if self._process.exitcode is not None:
            return
        try:
            self._receive.recv()
        except EOFError:
            pass
        finally:
            self._process.join()

    def result(self) -> Any:
        try:
            kind, value = self._receive.recv()
        except EOFError:
            kind, value = "build", f"{self.what} stopped without a result (killed, or out of memory?)"
        finally:
            self._process.join()
        if kind == "ok":
            return value
        if kind == "os":
            raise OSError(*value)
        raise BuildError(value)


def write_open_data(ds: DataSet, folders: list[Path]) -> None:
    """The open data, one copy per language's site (it is the same in both)."""
    tree = shared_files(ds)
    for folder in folders:
        tree.write_new(folder)


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


@contextlib.contextmanager
def one_build_at_a_time(project: Project) -> Iterator[None]:
    """Hold the project's build lock (``docs_build/.lock``) while the block runs. Two builds of
    one project would write the same docs_build/ and site folders; the second is told to wait.
    The lock goes with the process, so a killed build never leaves it held."""
    try:
        project.docs_build.mkdir(parents=True, exist_ok=True)
        lock = (project.docs_build / ".lock").open("a")
    except OSError as error:
        raise BuildError(_disk_message("docs_build/", error)) from error
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                "another build of this project is running (portefolje build or serve): wait for it to finish, "
                "then build again. The last site is unchanged."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def remove_leftovers(site_dir: Path) -> None:
    """Folders a killed build left next to the site (``.site-new-*``, ``.site-old-*``). Only
    called while holding the lock, so no running build owns them."""
    for kind in ("new", "old"):
        for leftover in site_dir.parent.glob(f".{site_dir.name}-{kind}-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def build(
    project: Project,
    site_dir: Path,
    progress: Progress = _quiet,
    today: dt.date | None = None,
    preview: bool = False,
) -> BuildReport:
    """Build the site into ``site_dir``, one build of a project at a time. With ``preview``
    (``portefolje serve``) the site is updated in place and MkDocs renders only the pages
    whose Markdown changed."""
    with one_build_at_a_time(project):
        if not preview:
            remove_leftovers(site_dir.resolve())
        return _build(project, site_dir, progress, today, preview)


def _build(project: Project, site_dir: Path, progress: Progress, today: dt.date | None, preview: bool) -> BuildReport:
    report = BuildReport()
    step = Stopwatch(report.seconds).lap

    progress("Reading and checking data/ …")
    ds, result, issues = load_checked(project, today)
    if ds is None:
        raise BuildError(f"{len(issues)} problem(s) in data/. Nothing was built; the last site is unchanged.", issues)
    step("validate")

    site_dir = site_dir.resolve()
    # A normal build goes to fresh folders next to site/ and is swapped in when all went well;
    # the nynorsk pages are built under a folder of their own, so that each language's search
    # index can be made as soon as its pages are done, and the open data is written into a
    # third while the pages are planned.
    staging = site_dir if preview else site_dir.with_name(f".{site_dir.name}-new-{os.getpid()}")
    staging_nn = staging if preview else site_dir.with_name(f".{site_dir.name}-new-{os.getpid()}-nn")
    open_data_folder = site_dir.with_name(f".{site_dir.name}-new-{os.getpid()}-data")
    new_folders = [] if preview else [staging, staging_nn, open_data_folder]
    running: list[Forked] = []
    svg = SvgRenderer(project.chart_cache)
    try:
        for folder in new_folders:
            if folder.exists():
                shutil.rmtree(folder)
        if not preview:
            # It depends on the data alone, so it is made on the core that would otherwise wait.
            running.append(
                Forked(
                    functools.partial(write_open_data, ds, [open_data_folder / "nb", open_data_folder / "nn"]),
                    "writing the open data",
                )
            )
            open_data = running[-1]

        progress("Generating pages and charts …")
        pages = plan_pages(ds, project, translations.report(result, project.data, project.content), today)
        build_date = _build_date(ds)
        inputs = SiteInputs(
            project,
            ds,
            pages,
            shared_files(ds) if preview else None,
            Renderer(project.docs_build / ".template-cache"),
            {**os.environ, "SOURCE_DATE_EPOCH": _epoch(build_date)},
            build_date,
            today,
            preview,
        )
        targets = {"nb": LanguageSite("nb", staging), "nn": LanguageSite("nn", staging_nn / "nn")}
        chart_jobs = [(chart.text(lang).spec, lang) for page in pages for chart in page.charts for lang in i18n.LANGS]
        step("generate")

        progress(f"Building both languages with MkDocs and Pagefind ({len(pages)} generated pages each) …")
        if preview:
            # Small and frequent: both languages in threads of this process (serve's file
            # watcher and web server run in threads too, which a fork would copy mid-step).
            svg.start(chart_jobs)
            with ThreadPoolExecutor(max_workers=len(targets)) as pool:
                futures = {lang: pool.submit(build_and_index, target, inputs, svg) for lang, target in targets.items()}
                results = {lang: future.result() for lang, future in futures.items()}
        else:
            # No charts in the forked process: vl-convert's engine must not run in one; the
            # parent renders them and writes the nynorsk SVGs when that process is done. It
            # also ends before its pages are indexed (the parent starts that Pagefind run), so
            # its memory is free again while the two Pagefind runs need theirs.
            running.append(Forked(functools.partial(build_language, targets["nn"], inputs, None), "the nynorsk build"))
            nynorsk = running[-1]
            svg.start(chart_jobs)
            results = {"nb": build_language(targets["nb"], inputs, svg)}
            with ThreadPoolExecutor(max_workers=1) as pool:
                nb_index = pool.submit(index_language, targets["nb"], preview, results["nb"].indexed)
                results["nn"] = nynorsk.result()
                write_charts(targets["nn"].site, pages, "nn", svg)
                results["nn"].seconds["pagefind"] = index_language(targets["nn"], preview, results["nn"].indexed)
                results["nb"].seconds["pagefind"] = nb_index.result()
        for lang, outcome in results.items():
            report.pages[lang] = outcome.pages
            report.languages[lang] = outcome.seconds
            report.files_written += outcome.written
            report.files_unchanged += outcome.unchanged
        report.charts_rendered, report.charts_cached = svg.rendered, svg.cached
        step("languages")

        if not preview:
            open_data.result()
            move_into(open_data_folder / "nb", staging)
            move_into(open_data_folder / "nn", staging_nn / "nn")
            (staging_nn / "nn").rename(staging / "nn")
        write_sitemap(staging, ds.site.site_url)
        if not preview:
            swap_into_place(staging, site_dir)
        step("swap")
    except OSError as error:
        raise BuildError(_disk_message(f"{site_dir.name}/", error)) from error
    finally:
        for process in running:  # after a failure: wait for them before their folders go
            process.abandon()
        gc.unfreeze()
        for folder in new_folders:
            shutil.rmtree(folder, ignore_errors=True)
    return report


def _write_config(project: Project, ds: DataSet, lang: Lang, site: Path, build_date: str) -> Path:
    """docs_build/mkdocs.<lang>.yml, rewritten only when it changed."""
    config = mkdocs_config(project, ds, lang, project.docs_build / lang, site, build_date)
    path = project.docs_build / f"mkdocs.{lang}.yml"
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


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
