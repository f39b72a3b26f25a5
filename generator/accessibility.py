"""The accessibility statement's facts: which WCAG 2.1 criteria are tested how, and what the
latest recorded test run found (``accessibility/latest-run.json``, written by ``make test-all``).

The statement page is generated from these files, so it says what was really tested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

AUTOMATED = (
    "axe",
    "vnu",
    "keyboard",
    "focus",
    "shortcuts",
    "status-messages",
    "forced-colours",
    "spacing",
    "reflow",
    "resize",
    "structure",
    "language",
)
"""Methods carried out by the tests (``tests/a11y_record.py`` names which test does which)."""

RESULTS = ("passed", "failed", "partial", "not-applicable")
"""A criterion's result: passed only when every method named for it has passed; failed when
any has failed; partial when none has failed but some method has not been carried out (its
``remaining`` methods); not-applicable when the site has no such content."""


@dataclass(frozen=True)
class Criterion:
    number: str
    level: str
    name_nb: str
    name_nn: str
    methods: tuple[str, ...]
    outcomes: dict[str, str]
    """Method → passed, failed or not-run (manual: its recorded result, or not-run)."""
    manual: dict | None = None

    def name(self, lang: str) -> str:
        return self.name_nb if lang == "nb" else self.name_nn

    @property
    def result(self) -> str:
        if self.methods == ("na",):
            return "not-applicable"
        if "failed" in self.outcomes.values():
            return "failed"
        return "passed" if all(o == "passed" for o in self.outcomes.values()) else "partial"

    @property
    def remaining(self) -> tuple[str, ...]:
        """The methods not yet carried out (or not in the last run)."""
        return tuple(m for m, o in self.outcomes.items() if o == "not-run")

    @property
    def note(self) -> dict[str, str] | None:
        """What the manual check found ({nb, nn}), when recorded with a note (a deviation's where)."""
        return (self.manual or {}).get("note")


@dataclass
class AccessibilityRecord:
    criteria: list[Criterion]
    run: dict = field(default_factory=dict)
    manual_checks: dict = field(default_factory=dict)
    """The manual results file's own facts: when, by whom, how."""

    @property
    def failed(self) -> list[Criterion]:
        return [c for c in self.criteria if c.result == "failed"]

    @property
    def partial(self) -> list[Criterion]:
        return [c for c in self.criteria if c.result == "partial"]

    def count(self, result: str) -> int:
        return sum(1 for c in self.criteria if c.result == result)

    @property
    def counts(self) -> dict[str, int]:
        """Criteria per result, computed from the table (never written by hand)."""
        return {result: self.count(result) for result in RESULTS}

    @property
    def applicable(self) -> int:
        return len(self.criteria) - self.count("not-applicable")

    @property
    def status(self) -> str:
        """The answer to "does the site comply?": partly (known deviations), not_fully_tested
        (none known, but not everything tested) or complies."""
        if self.failed:
            return "partly"
        return "not_fully_tested" if self.partial else "complies"


def _outcomes(methods: tuple[str, ...], run: dict, manual: dict | None) -> dict[str, str]:
    if methods == ("na",):
        return {}
    recorded = run.get("methods", {})
    outcomes = {}
    for method in methods:
        if method == "manual":
            outcomes[method] = manual.get("result", "not-run") if manual else "not-run"
        else:
            outcomes[method] = recorded.get(method, "not-run")
    return outcomes


def load(folder: Path) -> AccessibilityRecord:
    """The record; empty (nothing declared, nothing run) for a project without the folder."""
    criteria_file = folder / "criteria.yaml"
    if not criteria_file.is_file():
        return AccessibilityRecord([])
    run_file = folder / "latest-run.json"
    run = json.loads(run_file.read_text(encoding="utf-8")) if run_file.is_file() else {}
    manual_file = folder / "manual-results.yaml"
    manual = (yaml.safe_load(manual_file.read_text(encoding="utf-8")) or {}) if manual_file.is_file() else {}
    results = manual.get("results", {})
    criteria = []
    for number, level, name_nb, name_nn, methods in yaml.safe_load(criteria_file.read_text(encoding="utf-8")):
        methods = tuple(methods)
        checked = results.get(str(number))
        criteria.append(
            Criterion(str(number), level, name_nb, name_nn, methods, _outcomes(methods, run, checked), checked)
        )
    return AccessibilityRecord(criteria, run, {k: v for k, v in manual.items() if k != "results"})
