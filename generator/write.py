"""Write generated files into ``docs_build/``: deterministic, and only what changed.

Files whose content is unchanged are not touched (MkDocs and editors' file watchers then see
no change); files that are no longer generated are removed.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class OutputTree:
    """The set of files one build generates, keyed by path relative to the output folder."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, relative: str, content: str | bytes) -> None:
        if relative in self.files:
            raise ValueError(f"two generated files want the same path: {relative}")
        self.files[relative] = content.encode("utf-8") if isinstance(content, str) else content

    def write_new(self, root: Path) -> None:
        """Write every file into a folder being built (nothing to compare with or remove)."""
        made: set[Path] = set()
        for relative, content in sorted(self.files.items()):
            path = root / relative
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(content)

    def write(self, root: Path) -> WriteStats:
        """Bring ``root`` to exactly these files: unchanged files are left alone (their times
        too, which MkDocs' dirty builds go by), others written, files no longer made removed."""
        stats = WriteStats()
        made: set[Path] = set()
        for relative, content in sorted(self.files.items()):
            path = root / relative
            try:
                if path.read_bytes() == content:
                    stats.unchanged += 1
                    continue
            except FileNotFoundError:
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
            path.write_bytes(content)
            stats.written += 1
        # Bottom-up, so that a folder emptied of old files can go too.
        for folder, _, names in os.walk(root, topdown=False):
            here = Path(folder)
            for name in names:
                if (here / name).relative_to(root).as_posix() not in self.files:
                    (here / name).unlink()
                    stats.removed += 1
            if here != root and not any(here.iterdir()):
                here.rmdir()
        return stats


def move_into(source: Path, target: Path) -> None:
    """Move everything under ``source`` into ``target``, merging folders both have (renames on
    one file system: nothing is copied)."""
    for entry in sorted(source.iterdir()):
        there = target / entry.name
        if entry.is_dir() and there.is_dir():
            move_into(entry, there)
        elif there.exists():
            raise FileExistsError(errno.EEXIST, "made twice", str(there))
        else:
            entry.rename(there)
