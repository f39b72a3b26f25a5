"""The models: what walks over the data visit."""

from __future__ import annotations

from generator import translations, validate
from generator.build import Project
from generator.load import load_data
from generator.models import Criterion, Initiative, Text, walk_plan


def test_a_walk_for_references_visits_reference_fields_and_the_models_holding_them() -> None:
    plan = {name: (wanted, within) for name, wanted, within in walk_plan(Initiative, validate._names_or_sources)}
    assert plan["owner"] == (True, False)
    assert plan["goals"] == (True, False)
    assert plan["sources"] == (True, True)  # a source names its document
    assert plan["history"] == (False, True)  # each snapshot names its round and sources
    assert "name" not in plan and "description" not in plan and "report_number" not in plan


def test_a_walk_for_texts_goes_into_a_model_held_within_itself() -> None:
    plan = {name for name, _, _ in walk_plan(Criterion, translations._published_text)}
    assert {"label", "children"} <= plan
    assert "id" not in plan


def test_internal_notes_are_not_published_texts() -> None:
    assert not translations._published_text(Initiative, "internal_note", Text)
    assert translations._published_text(Initiative, "note", Text | None)


def test_the_translation_report_counts_the_labels_of_nested_criteria(project: Project) -> None:
    places = translations.text_places(load_data(project.data))
    assert any("children" in place.loc for place in places if place.kind == "prioritisations")
