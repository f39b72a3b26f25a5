"""The accessibility statement's facts: which WCAG 2.1 criteria are tested how, and what the
latest recorded test run found (``accessibility/latest-run.json``, written by ``make test-all``).

The statement page is generated from these files, so it says what was really tested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

AUTOMATED = ("axe", "vnu", "keyboard", "reflow", "resize", "structure", "language")


@dataclass(frozen=True)
class Criterion:
    number: str
    level: str
    name_nb: str
    name_nn: str
    methods: tuple[str, ...]
    result: str  # passed, passed-manual-pending, failed, manual, not-applicable, not-run
    manual: dict | None = None

    def name(self, lang: str) -> str:
        return self.name_nb if lang == "nb" else self.name_nn


@dataclass
class AccessibilityRecord:
    criteria: list[Criterion]
    run: dict = field(default_factory=dict)

    @property
    def failed(self) -> list[Criterion]:
        return [c for c in self.criteria if c.result == "failed"]

    @property
    def manual_pending(self) -> list[Criterion]:
        return [c for c in self.criteria if "manual" in c.methods and not c.manual]

    def count(self, result: str) -> int:
        return sum(1 for c in self.criteria if c.result.startswith(result))


def _result(methods: tuple[str, ...], run: dict, manual: dict | None) -> str:
    if methods == ("na",):
        return "not-applicable"
    outcomes = [run.get("methods", {}).get(m, "not-run") for m in methods if m in AUTOMATED]
    if (manual and manual.get("result") == "failed") or "failed" in outcomes:
        return "failed"
    if outcomes and all(o == "passed" for o in outcomes):
        return "passed-manual-pending" if "manual" in methods and not manual else "passed"
    if not outcomes:
        return "passed" if manual and manual.get("result") == "passed" else "manual"
    return "not-run"


def load(folder: Path) -> AccessibilityRecord:
    """The record; empty (nothing declared, nothing run) for a project without the folder."""
    criteria_file = folder / "criteria.yaml"
    if not criteria_file.is_file():
        return AccessibilityRecord([])
    run_file = folder / "latest-run.json"
    run = json.loads(run_file.read_text(encoding="utf-8")) if run_file.is_file() else {}
    manual_file = folder / "manual-results.yaml"
    manual = (yaml.safe_load(manual_file.read_text(encoding="utf-8")) or {}) if manual_file.is_file() else {}
    criteria = []
    for number, level, name_nb, name_nn, methods in yaml.safe_load(criteria_file.read_text(encoding="utf-8")):
        methods = tuple(methods)
        checked = manual.get(str(number))
        criteria.append(
            Criterion(str(number), level, name_nb, name_nn, methods, _result(methods, run, checked), checked)
        )
    return AccessibilityRecord(criteria, run)
