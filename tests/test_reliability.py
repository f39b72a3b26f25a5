"""No way to break the site: fuzzed data ends in a message (never a traceback), hostile text is
shown as text, every internal link resolves, and failures leave the last site as it was."""

from __future__ import annotations

import errno
import html.parser
import os
import shutil
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build as build_module
from generator.build import BuildError, Project, build, load_and_validate
from generator.load import load_file
from generator.models import KINDS
from generator.write import OutputTree
from tests.helpers import INITIATIVE, valid_files, write_data

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {kind: sorted((ROOT / "data" / kind).glob("*.yaml"))[0] for kind in KINDS}


# --- Fuzzing the loader ----------------------------------------------------------------

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_mutated_real_files_end_in_messages_never_tracebacks(tmp_path: Path, kind: str, data: st.DataObject) -> None:
    original = SAMPLES[kind].read_bytes()
    mutation = data.draw(st.sampled_from(["bytes", "drop-line", "replace-value", "truncate"]))
    if mutation == "bytes":
        position = data.draw(st.integers(0, max(0, len(original) - 1)))
        content = original[:position] + data.draw(st.binary(min_size=1, max_size=4)) + original[position + 1 :]
    elif mutation == "truncate":
        content = original[: data.draw(st.integers(0, len(original)))]
    else:
        lines = original.decode("utf-8").splitlines(keepends=True)
        index = data.draw(st.integers(0, len(lines) - 1))
        if mutation == "drop-line":
            del lines[index]
        else:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {data.draw(st.text(max_size=15))!r}\n"
        content = "".join(lines).encode("utf-8")
    path = tmp_path / SAMPLES[kind].name
    path.write_bytes(content)
    record, issues = load_file(path, KINDS[kind], f"data/{kind}/{path.name}")
    assert (record is None) == bool(issues)
    for issue in issues:
        assert issue.file == f"data/{kind}/{path.name}" and issue.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(KINDS)), value=yaml_values)
def test_random_yaml_of_every_kind_ends_in_messages(tmp_path: Path, kind: str, value: object) -> None:
    import yaml

    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    record, issues = load_file(path, KINDS[kind], f"data/{kind}/x.yaml")
    assert record is None and issues


# --- Hostile text is shown as text ------------------------------------------------------

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 1">',
    "[klikk](javascript:window.__pwned=1)",
    "{{ config }} {% raw %} {%- endraw %} {# x #}",
    '"><svg onload="window.__pwned=1">',
    # (Bidirectional overrides and zero-width characters are refused: tests/test_hostile_input.py.)
    "𝕳𝖊𝖑𝖘𝖊 " + "lang tekst " * 200,
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import yaml

    root = tmp_path_factory.mktemp("hostile")
    data = yaml.safe_load(INITIATIVE)
    text = " ".join(HOSTILE)
    data.update(name=f"HELIKS {HOSTILE[0]}", aliases=[HOSTILE[1]], description={"nb": text, "nn": text})
    initiative = yaml.safe_dump(data, allow_unicode=True)
    write_data(root, {**valid_files(), "initiatives/heliks.yaml": initiative})
    for name in ("theme", "content", "accessibility", "mkdocs.yml"):
        (root / name).symlink_to(ROOT / name)
    build(Project(root), root / "site")
    return root / "site"


def test_hostile_text_is_escaped_in_the_html(hostile_site: Path) -> None:
    page = (hostile_site / "tiltak" / "heliks" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
    assert 'href="javascript:' not in page
    assert "{{ config }}" in page  # template syntax in data is text, not evaluated


@pytest.mark.browser
def test_no_script_from_data_runs_in_the_browser(browser, hostile_site: Path) -> None:
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in ("tiltak/heliks/", "nn/tiltak/heliks/", "tiltak/", "data/"):
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{path}")
            assert page.evaluate("() => window.__pwned") is None, path
        assert dialogs == []
    finally:
        page.close()
        httpd.shutdown()


# --- Every internal link and anchor resolves ---------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            value = attributes.get(name)
            if value and not (tag == "link" and attributes.get("rel") in ("canonical",)):
                self.links.append(value)


def test_no_broken_internal_link_or_anchor_in_either_language(site: Path) -> None:
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    broken = []
    for page in pages:
        for link in parse(page).links:
            target = urllib.parse.urlparse(link)
            if target.scheme or link.startswith(("//", "mailto:", "data:")):
                continue
            path_part = urllib.parse.unquote(target.path)
            resolved = (page.parent / path_part).resolve() if path_part else page
            if path_part.startswith("/"):
                resolved = (site / path_part.lstrip("/")).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} → {link}")
                continue
            if target.fragment and resolved.suffix == ".html" and target.fragment not in parse(resolved).ids:
                broken.append(f"{page.relative_to(site)} → {link} (no such anchor)")
    assert len(pages) > 100
    assert broken == [], "\n".join(broken[:40])


# --- Failures leave the last site as it was -----------------------------------------------


def _digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    write_data(tmp_path, valid_files())
    for name in ("theme", "content", "accessibility", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    build(Project(tmp_path), tmp_path / "site")
    return tmp_path


def test_a_full_disk_leaves_the_last_site_and_says_what_failed(small_project: Path, monkeypatch) -> None:
    before = _digest(small_project / "site")
    shutil.rmtree(small_project / "docs_build")

    def full_disk(self: OutputTree, root: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "tiltak" / "index.md"))

    monkeypatch.setattr(OutputTree, "write", full_disk)
    with pytest.raises(BuildError, match="No space left on device"):
        build(Project(small_project), small_project / "site")
    assert _digest(small_project / "site") == before


def test_a_crash_in_pagefind_leaves_the_last_site(small_project: Path, monkeypatch) -> None:
    before = _digest(small_project / "site")

    def broken_pagefind(site_root: Path, bundle: str = "pagefind", pages: list[str] | None = None) -> None:
        build_module._run([str(ROOT / "no-such-pagefind")], "Pagefind")

    monkeypatch.setattr(build_module, "run_pagefind", broken_pagefind)
    with pytest.raises((BuildError, OSError)):
        build(Project(small_project), small_project / "site")
    assert _digest(small_project / "site") == before
    assert not list(small_project.glob(".site-new-*"))


def test_a_full_disk_while_writing_the_site_leaves_the_last_site(small_project: Path, monkeypatch) -> None:
    before = _digest(small_project / "site")

    def full_disk(self: OutputTree, root: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "data" / "tiltak.json"))

    monkeypatch.setattr(OutputTree, "write_new", full_disk)
    with pytest.raises(BuildError, match="No space left on device"):
        build(Project(small_project), small_project / "site")
    assert _digest(small_project / "site") == before
    assert not list(small_project.glob(".site-new-*"))


@pytest.mark.parametrize("failing", ["nb", "nn"])
def test_a_failure_in_either_language_leaves_the_last_site_and_no_folder(
    small_project: Path, monkeypatch, failing: str
) -> None:
    """Nynorsk is built in a forked process; what fails there is reported like anything else,
    and a failure in bokmål waits for that process before the build's folders are removed."""
    before = _digest(small_project / "site")
    real_mkdocs = build_module.run_mkdocs

    def mkdocs_failing(config: Path, lang: str, env: dict, dirty: bool = False) -> None:
        if lang == failing:
            raise BuildError(f"MkDocs ({lang}) failed:\nsimulated")
        real_mkdocs(config, lang, env, dirty)

    monkeypatch.setattr(build_module, "run_mkdocs", mkdocs_failing)
    with pytest.raises(BuildError, match=rf"MkDocs \({failing}\) failed"):
        build(Project(small_project), small_project / "site")
    assert _digest(small_project / "site") == before
    assert not list(small_project.glob(".site-new-*"))


def test_a_killed_nynorsk_process_is_reported_not_waited_for(small_project: Path, monkeypatch) -> None:
    before = _digest(small_project / "site")
    real_build_language = build_module.build_language

    def killed_in_nynorsk(
        target: build_module.LanguageSite, inputs: build_module.SiteInputs, svg: object
    ) -> build_module.LanguageResult:
        if target.lang == "nn":
            os._exit(9)  # as if the process were killed: no result, no exception
        return real_build_language(target, inputs, svg)

    monkeypatch.setattr(build_module, "build_language", killed_in_nynorsk)
    with pytest.raises(BuildError, match="stopped without a result"):
        build(Project(small_project), small_project / "site")
    assert _digest(small_project / "site") == before


def test_serve_shows_a_saved_edit(tmp_path: Path) -> None:
    """`portefolje serve` on a copy of the real project: a data file is saved and the served
    page changes (the file watcher, the rebuild and the web server together). How fast is
    measured by `portefolje bench --preview`, not here."""
    from generator.bench import preview_seconds

    result = preview_seconds(ROOT, edits=1)
    assert len(result["edits"]) == 1


def test_serve_rebuilds_on_changes_not_on_reads() -> None:
    """Every build reads every data file; watchdog reports those reads, which must not set off
    yet another build."""
    from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent

    from generator.serve import _Changes

    changes = _Changes()
    for event in (FileOpenedEvent("/p/data/a.yaml"), FileClosedNoWriteEvent("/p/data/a.yaml")):
        changes.on_any_event(event)
    assert not changes.changed.is_set()
    changes.on_any_event(FileModifiedEvent("/p/data/a.yaml"))
    assert changes.changed.is_set()


def test_the_real_data_is_valid(project: Project) -> None:
    ds, issues = load_and_validate(project)
    assert issues == [] and ds is not None
