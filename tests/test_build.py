"""The real site, built end to end from the repository's data: both languages at the same
paths, page-to-page language links, search index per language, and a build that never damages
the last good site."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import BuildError, Project, build, indexed_pages
from generator.write import OutputTree
from tests.helpers import INITIATIVE, valid_files, write_data

ROOT = Path(__file__).resolve().parents[1]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "pagefind" not in p.parts)


def nb_pages(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if p.relative_to(site).parts[0] != "nn"]


def test_every_bokmal_page_has_its_nynorsk_pair_and_back(site: Path) -> None:
    nb = {p.relative_to(site).as_posix() for p in nb_pages(site)}
    nn = {p.relative_to(site / "nn").as_posix() for p in html_pages(site / "nn")}
    assert len(nb) > 20
    assert nb == nn


def test_html_lang_is_the_page_language(site: Path) -> None:
    for path in nb_pages(site):
        assert '<html lang="nb"' in path.read_text(encoding="utf-8"), path
    for path in html_pages(site / "nn"):
        assert '<html lang="nn"' in path.read_text(encoding="utf-8"), path


def test_hreflang_and_switch_point_at_the_same_page_in_the_other_language(site: Path) -> None:
    page = (site / "tiltak" / "heliks" / "index.html").read_text(encoding="utf-8")
    nn_page = (site / "nn" / "tiltak" / "heliks" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" hreflang="nn" href="[./]*/nn/tiltak/heliks/"', page)
    assert re.search(r'<link rel="alternate" hreflang="nb" href="[./]*/\.\./tiltak/heliks/"', nn_page)
    # The visible switch is a plain link (works without JavaScript).
    assert re.search(r'<a href="[./]*/nn/tiltak/heliks/" hreflang="nn"', page)
    assert re.search(r'<a href="[./]*/\.\./tiltak/heliks/" hreflang="nb"', nn_page)


class _Addresses(HTMLParser):
    """Every address a page links to, loads or sends a form to: (tag, attribute, value, rel)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src", "action"):
            if values.get(name) is not None:
                self.found.append((tag, name, values[name] or "", values.get("rel") or ""))


def test_no_page_loads_from_or_links_unmarked_to_another_site(site: Path) -> None:
    """Resources come from the site itself; a link to another site says so (rel="external");
    no address starts with "//", which a browser reads as another host (it did on the 404 pages)."""
    pages = [*html_pages(site), site / "404.html", site / "nn" / "404.html"]
    problems = []
    for path in pages:
        parser = _Addresses()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, attribute, value, rel in parser.found:
            where = f"{path.relative_to(site)}: <{tag} {attribute}={value!r}>"
            if value.startswith("//"):
                problems.append(f"{where} points at another host")
            elif re.match(r"https?://", value) and (tag != "a" or "external" not in rel.split()):
                problems.append(f"{where} {'leaves the site unmarked' if tag == 'a' else 'loads from another site'}")
    assert not problems, "\n".join(problems[:20])


def test_each_language_has_its_own_search_index(site: Path) -> None:
    nb = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    nn = json.loads((site / "nn" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(nb["languages"]) == {"nb"} and set(nn["languages"]) == {"nn"}
    assert nb["languages"]["nb"]["page_count"] == nn["languages"]["nn"]["page_count"] > 20


def test_build_reports_pages_per_language_and_timings(site_build) -> None:
    _site, report = site_build
    assert report.pages["nb"] == report.pages["nn"] > 20
    assert list(report.seconds) == ["validate", "generate", "languages", "swap"]
    for lang in ("nb", "nn"):
        assert list(report.languages[lang]) == ["render", "mkdocs", "files", "pagefind"]


def test_editors_do_not_see_material_end_of_life_banner(project: Project, tmp_path: Path, capfd) -> None:
    write_data(tmp_path, valid_files())
    _link_theme(tmp_path)
    build(Project(tmp_path), tmp_path / "site")
    out, err = capfd.readouterr()
    assert "end of life" not in (out + err).lower()


def _link_theme(root: Path) -> None:
    for name in ("theme", "content", "accessibility", "mkdocs.yml"):
        target = root / name
        if not target.exists():
            target.symlink_to(ROOT / name)


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _pagefind_unstable(path: str) -> bool:
    """Pagefind's filter and metadata indexes (and the entry file naming them) are written in
    hash-map order, so they differ between runs of the same input (Pagefind#638: the maintainer
    made the fragments stable in 1.3, "other files will still change, such as the
    filter/metadata indexes"). Everything else must be identical."""
    path = path.removeprefix("nn/")
    return path.startswith("pagefind/filter/") or path.endswith(".pf_meta") or path == "pagefind/pagefind-entry.json"


def test_same_input_gives_the_same_site_byte_for_byte(tmp_path: Path) -> None:
    write_data(tmp_path, valid_files())
    _link_theme(tmp_path)
    build(Project(tmp_path), tmp_path / "a")
    shutil.rmtree(tmp_path / "docs_build")
    build(Project(tmp_path), tmp_path / "b")
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert {k: v for k, v in a.items() if not _pagefind_unstable(k)} == {
        k: v for k, v in b.items() if not _pagefind_unstable(k)
    }
    assert len(a) == len(b)
    for bundle in ("pagefind/", "nn/pagefind/"):
        assert any(k.startswith(f"{bundle}fragment/") for k in a), "the search fragments are compared too"


def _built_small_site(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A small project built once; returns its site folder and the digest of every file."""
    write_data(tmp_path, valid_files())
    _link_theme(tmp_path)
    site = tmp_path / "site"
    build(Project(tmp_path), site)
    return site, _digest(site)


def test_failed_build_leaves_the_last_site_exactly_as_it_was(tmp_path: Path) -> None:
    site, before = _built_small_site(tmp_path)

    (tmp_path / "data" / "initiatives" / "heliks.yaml").write_text(INITIATIVE.replace("gul", "lilla"), encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(Project(tmp_path), site)
    assert "data/initiatives/heliks.yaml:7: history[0].status" in str(failure.value.issues[0])
    assert _digest(site) == before
    assert not list(tmp_path.glob(".site-*")), "no half-built folder is left behind"


def test_crash_in_mkdocs_leaves_the_last_site_intact(tmp_path: Path) -> None:
    site, before = _built_small_site(tmp_path)
    # A theme template with a syntax error makes MkDocs fail after our own steps succeeded.
    (tmp_path / "theme").unlink()
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    (tmp_path / "theme" / "main.html").write_text("{% block extrahead %}{% if %}{% endblock %}", encoding="utf-8")
    with pytest.raises(BuildError, match="MkDocs"):
        build(Project(tmp_path), site)
    assert _digest(site) == before


def test_search_indexes_every_page_marked_for_it_and_reads_only_those(site: Path) -> None:
    """Pagefind is told which pages to read (generator.build.indexed_pages); none may be missed."""
    for root, bundle in ((site, site / "pagefind"), (site / "nn", site / "nn" / "pagefind")):
        pages = [p for p in root.rglob("*.html") if root != site or p.relative_to(site).parts[0] != "nn"]
        marked = [p for p in pages if "data-pagefind-body" in p.read_text(encoding="utf-8")]
        assert len(marked) > 150
        assert len(list((bundle / "fragment").iterdir())) == len(marked)


def test_filter_pages_are_not_given_to_the_search_index() -> None:
    docs = OutputTree()
    docs.add("tiltak/heliks/index.md", "---\ntitle: HELIKS\ngenerated: true\n---\n\n# HELIKS\n")
    docs.add("tiltak/status/gul/index.md", "---\ntitle: Gul\ngenerated: true\npagefind: false\n---\n\n# Gul\n")
    docs.add("index.md", "# Forside\n")
    docs.add("om/kontakt.md", "---\ntitle: Kontakt\n---\n\nTekst med pagefind: false i teksten.\n")
    assert sorted(indexed_pages(docs)) == ["index.html", "om/kontakt/index.html", "tiltak/heliks/index.html"]


def test_with_site_url_links_for_other_sites_are_absolute(tmp_path: Path) -> None:
    """Canonical links, hreflang pairs, the sitemap, feeds and calendars: with the site's public
    address in the settings, what other sites and programs read carries absolute addresses."""
    files = valid_files()
    files["settings/site.yaml"] += "site_url: https://portefolje.example.no/\n"
    write_data(tmp_path, files)
    _link_theme(tmp_path)
    site = tmp_path / "site"
    build(Project(tmp_path), site)
    page = (site / "nn" / "tiltak" / "heliks" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://portefolje.example.no/nn/tiltak/heliks/">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://portefolje.example.no/tiltak/heliks/</loc>" in sitemap
    assert 'hreflang="nn" href="https://portefolje.example.no/nn/tiltak/heliks/"' in sitemap
    feed = (site / "nn" / "feeds" / "tiltak" / "heliks.xml").read_text(encoding="utf-8")
    assert '<link rel="self" href="https://portefolje.example.no/nn/feeds/tiltak/heliks.xml" />' in feed
    assert '<link rel="alternate" type="text/html" href="https://portefolje.example.no/nn/" />' in feed
    not_found = (site / "nn" / "404.html").read_text(encoding="utf-8")
    assert 'href="/nn/tiltak/"' in not_found and 'href="//' not in not_found


def test_every_page_names_its_publisher_and_how_to_reach_them(site: Path) -> None:
    for path in [*html_pages(site), site / "404.html", site / "nn" / "404.html"]:
        text = path.read_text(encoding="utf-8")
        footer = text[text.index('<footer class="md-footer pf-footer">') :]
        nynorsk = path.relative_to(site).parts[0] == "nn"
        published = "Nettstaden blir publisert av" if nynorsk else "Nettstedet publiseres av"
        assert f"{published} Direktoratet for e-helse." in footer, path
        assert 'href="https://www.ehelse.no/" rel="external"' in footer, path
        assert "tilgjengelighet/" in footer and "data/" in footer and "nlod" in footer, path
        # How current the facts are, from the newest source document (not the build's clock).
        assert "til og med august 2025." in footer, path


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_404_page_is_in_the_sites_language_and_stays_on_it(site: Path, lang: str) -> None:
    text = (site / ("nn/404.html" if lang == "nn" else "404.html")).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in text
    assert "Not found" not in text
    assert ("Fann ikkje sida" if lang == "nn" else "Fant ikke siden") in text
    prefix = "/nn/" if lang == "nn" else "/"
    assert f'href="{prefix}tiltak/"' in text and f'action="{prefix}sok/"' in text


def test_table_cells_and_terms_are_apart_so_search_excerpts_keep_words_apart(site: Path) -> None:
    """Pagefind reads "<dt>Eier</dt><dd>KS</dd>" as "EierKS"; white space between them (which
    the browser does not show) keeps the words of search excerpts apart."""
    glued = re.compile(r"</(th|td|dt|dd)><(th|td|dt|dd)\b")
    for path in html_pages(site):
        match = glued.search(path.read_text(encoding="utf-8"))
        assert match is None, f"{path}: {match.group(0) if match else ''}"
