"""MkDocs hooks (named in the generated MkDocs configurations): a cache for the navigation.

Material renders the whole navigation sidebar into every page. For a page that is not in the
navigation (all generated detail pages) that sidebar is the same for every page in the same
folder: no item is active and the links are relative to the folder. Rendering it once per
folder, not once per page, takes about a seventh off each language's MkDocs build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def on_env(env: Any, config: Any, files: Any) -> Any:
    parts: dict[str, str] = {}

    def once_per_folder(folder: str, render: Callable[[], str]) -> str:
        if folder not in parts:
            parts[folder] = render()
        return parts[folder]

    env.globals["portefolje_once_per_folder"] = once_per_folder
    return env
