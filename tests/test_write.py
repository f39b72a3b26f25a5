"""Writing generated files: only what changed, and nothing left over."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.write import OutputTree, move_into


def _tree(files: dict[str, str]) -> OutputTree:
    tree = OutputTree()
    for relative, text in files.items():
        tree.add(relative, text)
    return tree


def test_a_new_folder_gets_every_file(tmp_path: Path) -> None:
    stats = _tree({"index.md": "forside", "tiltak/a/index.md": "A", "tiltak/b/index.md": "B"}).write(tmp_path / "nb")
    assert (stats.written, stats.unchanged, stats.removed) == (3, 0, 0)
    assert (tmp_path / "nb" / "tiltak" / "b" / "index.md").read_text(encoding="utf-8") == "B"


def test_unchanged_files_are_not_touched_and_changed_ones_are_rewritten(tmp_path: Path) -> None:
    _tree({"a/index.md": "A", "b/index.md": "B"}).write(tmp_path)
    old = 1_000_000_000
    for name in ("a", "b"):
        os.utime(tmp_path / name / "index.md", (old, old))
    stats = _tree({"a/index.md": "A", "b/index.md": "B2"}).write(tmp_path)
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (tmp_path / "a" / "index.md").stat().st_mtime == old  # MkDocs' dirty build skips it
    assert (tmp_path / "b" / "index.md").read_text(encoding="utf-8") == "B2"


def test_files_no_longer_generated_are_removed_with_their_empty_folders(tmp_path: Path) -> None:
    _tree({"index.md": "x", "tiltak/a/index.md": "A", "tiltak/b/index.md": "B", "moter/m/index.md": "M"}).write(
        tmp_path
    )
    stats = _tree({"index.md": "x", "tiltak/a/index.md": "A"}).write(tmp_path)
    assert stats.removed == 2
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == ["index.md", "tiltak", "tiltak/a", "tiltak/a/index.md"]


def test_two_files_for_one_path_is_an_error() -> None:
    tree = _tree({"a/index.md": "A"})
    with pytest.raises(ValueError, match=r"a/index\.md"):
        tree.add("a/index.md", "B")


def test_moving_a_tree_in_merges_folders_and_refuses_to_overwrite(tmp_path: Path) -> None:
    _tree({"data/index.html": "side"}).write_new(tmp_path / "site")
    _tree({"data/tiltak.json": "[]", "data/tiltak/a.json": "{}", "feeds/a.xml": "<feed/>"}).write_new(tmp_path / "new")
    move_into(tmp_path / "new", tmp_path / "site")
    made = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert made == ["data/index.html", "data/tiltak.json", "data/tiltak/a.json", "feeds/a.xml"]
    _tree({"data/index.html": "other"}).write_new(tmp_path / "again")
    with pytest.raises(FileExistsError):
        move_into(tmp_path / "again", tmp_path / "site")
    assert (tmp_path / "site" / "data" / "index.html").read_text(encoding="utf-8") == "side"
