"""The editors' translation workflow: what has no nynorsk yet, what has gone stale, and how much
of the published text is in each written form.

A translation record (``data/translations.yaml``) keeps, for each translated text, a fingerprint
of the bokmål it was translated from. When the bokmål changes, the fingerprint no longer fits
and the nynorsk is reported as stale. ``portefolje translations --stamp`` records the
fingerprints of translations that have none yet.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel

from generator.i18n import source_hash
from generator.load import LoadResult, Record, format_loc
from generator.models import Text, models_in, walk_plan

RECORDS_FILE = "translations.yaml"
WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)

# Folder under data/ → the section of the site its texts appear in.
SECTIONS = {
    "initiatives": "tiltak",
    "rounds": "portefolje",
    "goals": "mal",
    "strategies": "mal",
    "sdgs": "mal",
    "roadmap": "veikart",
    "meetings": "moter",
    "prioritisations": "moter",
    "bodies": "moter",
    "organisations": "aktorer",
    "documents": "kilder",
}


@dataclass(frozen=True)
class TextPlace:
    """One translatable text: which file, which field, and on which line."""

    kind: str
    entity: str
    record: Record
    loc: tuple
    text: Text

    @property
    def file(self) -> str:
        return self.record.display

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    @property
    def line(self) -> int:
        # Looked up only for the texts a report lists: finding lines means re-reading the YAML.
        return self.record.line_of(self.loc)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.entity}:{self.field}"


@dataclass
class TranslationReport:
    missing: list[TextPlace] = field(default_factory=list)
    stale: list[TextPlace] = field(default_factory=list)
    unrecorded: list[TextPlace] = field(default_factory=list)
    current: int = 0
    words: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Section → words published in ``nb`` and in ``nn`` (bokmål fallbacks on nn pages count as nb)."""

    def counts_per_kind(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(lambda: {"missing": 0, "stale": 0, "unrecorded": 0})
        for name in ("missing", "stale", "unrecorded"):
            for place in getattr(self, name):
                out[place.kind][name] += 1
        return dict(sorted(out.items()))

    def share(self, section: str | None = None) -> float:
        counts = Counter() if section else sum(self.words.values(), Counter())
        if section:
            counts = self.words[section]
        total = counts["nb"] + counts["nn"]
        return counts["nn"] / total if total else 0.0

    @property
    def ok(self) -> bool:
        return not self.missing and not self.stale

    def as_dict(self) -> dict:
        def places(items: list[TextPlace]) -> list[dict]:
            return [{"file": p.file, "line": p.line, "field": p.field, "nb": p.text.nb} for p in items]

        return {
            "missing": places(self.missing),
            "stale": places(self.stale),
            "unrecorded": places(self.unrecorded),
            "current": self.current,
            "per_kind": self.counts_per_kind(),
            "language_share": {
                "overall": {**self.total_words(), "nn_share": round(self.share(), 4)},
                "sections": {
                    s: {"nb": c["nb"], "nn": c["nn"], "nn_share": round(self.share(s), 4)}
                    for s, c in sorted(self.words.items())
                },
            },
        }

    def total_words(self) -> dict[str, int]:
        counts = sum(self.words.values(), Counter())
        return {"nb": counts["nb"], "nn": counts["nn"]}


def _texts(obj: object, loc: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    if isinstance(obj, Text):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name, _, _ in walk_plan(type(obj), _published_text):
            yield from _texts(getattr(obj, name), (*loc, name))
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from _texts(item, (*loc, index))


def _published_text(_model: type[BaseModel], name: str, annotation: object) -> bool:
    """A field that can hold a text pair and is published (internal notes are not)."""
    return not name.startswith("internal") and Text in models_in(annotation)


def text_places(result: LoadResult) -> list[TextPlace]:
    places = []
    for kind, records in result.records.items():
        for entity, record in sorted(records.items()):
            for loc, text in _texts(record.model):
                places.append(TextPlace(kind, entity, record, loc, text))
    return places


def load_records(data_dir: Path) -> dict[str, str]:
    path = data_dir / RECORDS_FILE
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def save_records(data_dir: Path, records: dict[str, str]) -> None:
    header = (
        "# Translation records: text → fingerprint of the bokmål its nynorsk was translated from.\n"
        "# Written by `portefolje translations --stamp`; do not edit by hand.\n"
    )
    body = yaml.safe_dump(dict(sorted(records.items())), allow_unicode=True, sort_keys=False, width=200)
    (data_dir / RECORDS_FILE).write_text(header + body, encoding="utf-8")


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def report(result: LoadResult, data_dir: Path, content_dir: Path | None = None) -> TranslationReport:
    records = load_records(data_dir)
    out = TranslationReport()
    for place in text_places(result):
        section = SECTIONS.get(place.kind, place.kind)
        nb_words = count_words(place.text.nb)
        out.words[section]["nb"] += nb_words
        if place.text.nn is None:
            out.missing.append(place)
            out.words[section]["nb"] += nb_words  # shown in bokmål on the nynorsk page too
            continue
        out.words[section]["nn"] += count_words(place.text.nn)
        recorded = records.get(place.key)
        if recorded is None:
            out.unrecorded.append(place)
        elif recorded != source_hash(place.text.nb):
            out.stale.append(place)
        else:
            out.current += 1
    if content_dir is not None:
        _content_words(content_dir, out)
    return out


def _content_words(content_dir: Path, out: TranslationReport) -> None:
    """Hand-written pages: a page missing in nynorsk is published in bokmål on both sites."""
    pages: dict[str, dict[str, str]] = defaultdict(dict)
    for lang in ("nb", "nn"):
        for path in sorted((content_dir / lang).rglob("*.md")) if (content_dir / lang).is_dir() else []:
            pages[path.relative_to(content_dir / lang).as_posix()][lang] = path.read_text(encoding="utf-8")
    for files in pages.values():
        nb_words = count_words(files.get("nb", ""))
        out.words["sider"]["nb"] += nb_words
        if "nn" in files:
            out.words["sider"]["nn"] += count_words(files["nn"])
        else:
            out.words["sider"]["nb"] += nb_words


def stamp(result: LoadResult, data_dir: Path, include_stale: bool = False) -> int:
    """Record the bokmål fingerprint of every nynorsk translation that has no record (and of
    stale ones, when the editor says they have been brought up to date). Returns how many."""
    records = load_records(data_dir)
    changed = 0
    for place in text_places(result):
        if place.text.nn is None:
            continue
        fingerprint = source_hash(place.text.nb)
        recorded = records.get(place.key)
        if recorded is None or (include_stale and recorded != fingerprint):
            records[place.key] = fingerprint
            changed += 1
    if changed:
        save_records(data_dir, records)
    return changed
