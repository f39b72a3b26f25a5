"""Bokmål and nynorsk as equals: Norwegian numbers and dates, marked fallbacks, stale
translations, and interface text that is always in the page's language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import i18n, translations
from generator.build import Project, build, load_checked
from generator.models import Text
from tests.helpers import INITIATIVE, valid_files, write_data

ROOT = Path(__file__).resolve().parents[1]


def test_numbers_have_decimal_comma_and_thousands_space() -> None:
    assert i18n.number(Decimal("1650.5"), "nb") == "1\u00a0650,5"
    assert i18n.money_mnok(Decimal("1650.5"), "nn") == "1\u00a0650,5\u00a0mill. kr"
    assert i18n.number(Decimal("-12"), "nb") == "−12"
    assert i18n.number(Decimal("18.25"), "nb", 1) == "18,3"  # half up, as in Excel


def test_dates_are_written_out_in_norwegian() -> None:
    assert i18n.date(dt.date(2023, 6, 23), "nb") == "23. juni 2023"
    assert i18n.date(dt.date(2023, 3, 30), "nn") == "30. mars 2023"
    assert i18n.period_point("2025-08", "nn") == "august 2025"
    assert i18n.period_point("2026-Q1", "nb") == "1. kvartal 2026"


def test_missing_nynorsk_is_shown_as_marked_bokmal() -> None:
    html = str(i18n.inline(Text(nb="Bare bokmål"), "nn"))
    assert html.startswith('<span lang="nb">Bare bokmål</span>')
    assert "ikkje omsett til nynorsk enno" in html
    assert str(i18n.inline(Text(nb="Bare bokmål"), "nb")) == "Bare bokmål"


def test_changing_the_bokmal_makes_its_nynorsk_stale(tmp_path: Path) -> None:
    with_nn = INITIATIVE.replace(
        "kind: prosjekt\n", "kind: prosjekt\ndescription: {nb: Gammel tekst, nn: Gamal tekst}\n"
    )
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": with_nn})
    _ds, result, issues = load_checked(Project(tmp_path))
    assert issues == []
    assert translations.stamp(result, tmp_path / "data") >= 1
    _ds, result, _ = load_checked(Project(tmp_path))
    assert translations.report(result, tmp_path / "data").stale == []

    (tmp_path / "data/initiatives/heliks.yaml").write_text(
        with_nn.replace("Gammel tekst", "Ny tekst"), encoding="utf-8"
    )
    _ds, result, _ = load_checked(Project(tmp_path))
    stale = translations.report(result, tmp_path / "data").stale
    assert [(p.file, p.line, p.field) for p in stale] == [("data/initiatives/heliks.yaml", 4, "description")]


def test_translations_check_fails_on_missing_and_reports_json(tmp_path: Path, capsys) -> None:
    from generator.cli import main

    without_nn = INITIATIVE.replace("kind: prosjekt\n", "kind: prosjekt\ndescription: Bare bokmål\n")
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": without_nn})
    assert main(["--root", str(tmp_path), "translations"]) == 0
    assert main(["--root", str(tmp_path), "translations", "--check"]) == 1
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "translations", "--format", "json"]) == 0
    report = yaml.safe_load(capsys.readouterr().out)
    assert report["missing"][0]["field"] == "description"
    assert report["per_kind"]["initiatives"]["missing"] >= 1


def test_the_real_data_is_fully_translated_and_over_25_percent_nynorsk() -> None:
    _ds, result, issues = load_checked(Project(ROOT))
    assert issues == []
    report = translations.report(result, ROOT / "data", ROOT / "content")
    assert report.missing == [] and report.stale == []
    assert all(report.share(section) >= 0.25 for section in report.words)


def test_fallback_text_renders_marked_on_the_nynorsk_page(tmp_path: Path) -> None:
    without_nn = INITIATIVE.replace("kind: prosjekt\n", "kind: prosjekt\ndescription: Bare på bokmål.\n")
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": without_nn})
    for name in ("theme", "content", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    build(Project(tmp_path), tmp_path / "site")
    nn_page = (tmp_path / "site/nn/tiltak/heliks/index.html").read_text(encoding="utf-8")
    assert '<div lang="nb"><p>Bare på bokmål.</p></div>' in nn_page
    assert "ikkje omsett til nynorsk enno" in nn_page
    nb_page = (tmp_path / "site/tiltak/heliks/index.html").read_text(encoding="utf-8")
    assert "<p>Bare på bokmål.</p>" in nb_page and "ikkje omsett" not in nb_page


class _VisibleText(HTMLParser):
    """The text a reader meets, minus parts marked as bokmål, code and scripts. With
    ``interface_only``, only the page's furniture: headings, table headers, captions, labels,
    buttons, the header, navigation and footer (data texts may quote names in bokmål)."""

    SKIP = frozenset({"script", "style", "code", "pre", "svg"})
    INTERFACE = frozenset(
        {"h1", "h2", "h3", "h4", "caption", "label", "button", "summary", "header", "nav", "footer", "thead"}
    )
    VOID = ("br", "img", "input", "meta", "link", "hr", "source")

    def __init__(self, interface_only: bool = False) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.interface: list[bool] = []
        self.interface_only = interface_only
        self.parts: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        skipping = bool(self.stack and self.stack[-1]) or tag in self.SKIP or attributes.get("lang") == "nb"
        if tag not in self.VOID:
            self.stack.append(skipping)
            self.interface.append(bool(self.interface and self.interface[-1]) or tag in self.INTERFACE)
        if not skipping:
            for name in ("aria-label", "title", "placeholder", "alt"):
                if attributes.get(name):
                    self.attributes.append(attributes[name])

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in self.VOID:
            self.stack.pop()
            self.interface.pop()

    def handle_data(self, data: str) -> None:
        if self.interface_only and not (self.interface and self.interface[-1]):
            return
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(self.parts + self.attributes)


ENGLISH = [
    "Skip to content",
    "Back to top",
    "Table of contents",
    "Search",
    "Previous",
    "Next",
    "Made with",
    "Header",
    "Footer",
    "Navigation",
    "Type to start searching",
    "Initializing search",
    "Copy to clipboard",
    "No results",
    "Last update",
    "Edit this page",
]


def visible_text(path: Path, interface_only: bool = False) -> str:
    parser = _VisibleText(interface_only)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.text()


def pages(site: Path, lang: str) -> list[Path]:
    folder = site / "nn" if lang == "nn" else site
    return [
        p
        for p in folder.rglob("index.html")
        if "pagefind" not in p.parts and (lang == "nn" or p.relative_to(site).parts[0] != "nn")
    ]


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_no_english_interface_text_on_any_page(site: Path, lang: str) -> None:
    for path in pages(site, lang):
        text = visible_text(path)
        for phrase in ENGLISH:
            assert not re.search(rf"\b{re.escape(phrase)}\b", text), f"{phrase!r} on {path}"


def test_no_bokmal_interface_text_on_nynorsk_pages(site: Path) -> None:
    strings = yaml.safe_load((ROOT / "generator/strings/ui.yaml").read_text(encoding="utf-8"))
    bokmal_only = sorted(
        {v["nb"] for v in strings.values() if v["nb"] != v["nn"] and len(v["nb"]) > 6 and "{" not in v["nb"]}
    )
    bokmal_only += ["Hopp til innhold ", "Innholdsfortegnelse", "Innholdsliste"]
    # Titles of documents are names and stay as the document has them (glossary.md).
    proper_names = ["Veikart for nasjonal e-helsestrategi"]
    for path in pages(site, "nn"):
        text = visible_text(path, interface_only=True)
        for name in proper_names:
            text = text.replace(name, "")
        for phrase in bokmal_only:
            assert phrase not in text, f"bokmål {phrase!r} on {path}"


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("nb", 0, "0 aktiviteter"),
        ("nb", 1, "1 aktivitet"),
        ("nb", 2, "2 aktiviteter"),
        ("nn", 0, "0 aktivitetar"),
        ("nn", 1, "1 aktivitet"),
        ("nn", 2, "2 aktivitetar"),
        ("nb", 1, "1 sak"),
        ("nn", 2, "2 saker"),
        ("nb", 1500, "1\u00a0500 aktiviteter"),
    ],
)
def test_counted_nouns_follow_the_plural_rules_of_each_language(lang: str, n: int, expected: str) -> None:
    key = "cases" if "sak" in expected else "activities"
    assert i18n.count(key, n, lang) == expected


def test_every_counted_noun_has_the_forms_both_languages_need() -> None:
    plurals = yaml.safe_load((ROOT / "generator/strings/plurals.yaml").read_text(encoding="utf-8"))
    for key, languages in plurals.items():
        assert set(languages) == {"nb", "nn"}, key
        for lang, forms in languages.items():
            assert set(forms) == {"one", "other"}, (key, lang)
            assert all("{n}" in text for text in forms.values()), (key, lang)


# Words that are bokmål and never nynorsk: one of them on a nynorsk page, outside lang="nb",
# means bokmål text that a screen reader would read with nynorsk rules (WCAG 3.1.2).
BOKMAL_MARKERS = re.compile(
    r"\b(ikke|hvordan|hvis|noen|mye|videre|tjenester|tjenesten|løsning|løsningen|løsninger|kommuner|utvalgte|"
    r"bare|fra|gjøre|blitt|ble|hennes)\b",
    re.IGNORECASE,
)


def test_bokmal_text_on_nynorsk_pages_is_marked_as_bokmal(site: Path, ds) -> None:
    # Names are proper nouns and stay as written (data/README.md); «quotes» are the source's
    # own words inside a nynorsk sentence.
    names = sorted(
        {i.name for i in ds.initiatives.values()}
        | {alias for i in ds.initiatives.values() for alias in i.aliases}
        | {s.name_in_round for i in ds.initiatives.values() for s in i.history if s.name_in_round}
        | {o.name for o in ds.organisations.values()}
        | {measure.name for p in ds.prioritisations.values() for measure in p.measures}
        | {i18n.plain(d.title, "nb") for d in ds.documents.values()},
        key=len,
        reverse=True,
    )
    problems = []
    for path in pages(site, "nn"):
        text = re.sub(r"«[^»]*»", " ", visible_text(path))
        for name in names:
            text = text.replace(name, " ")
        for match in BOKMAL_MARKERS.finditer(text):
            problems.append(f"{path.relative_to(site)}: …{text[max(0, match.start() - 50) : match.end() + 30]}…")
    assert not problems, f"{len(problems)} unmarked bokmål text(s):\n" + "\n".join(problems[:25])
