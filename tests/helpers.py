"""Small builders for test projects: a data folder with a few real-shaped files."""

from __future__ import annotations

from pathlib import Path

ORGANISATION = "id: helse-vest-rhf\nname: Helse Vest RHF\nkind: rhf\n"
SETTINGS = "id: site\npublisher: helse-vest-rhf\ncontact_email: post@example.org\n"
DOCUMENT = "id: rapport\ntitle: {nb: Rapport, nn: Rapport}\nfile: rapport.txt\n"
ROUND = "id: 2023-03\nas_of: 2023-03-30\ntitle: {nb: Runde, nn: Runde}\nreport: rapport\n"
INITIATIVE = """\
id: heliks
name: HELIKS
kind: prosjekt
owner: helse-vest-rhf
history:
  - round: 2023-03
    status: gul
    sources: [{doc: rapport, lines: "2"}]
"""


def write_data(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path under data/ → content) plus a source text; returns the project root."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "rapport.txt").write_text("linje 1\nlinje 2\nlinje 3\n", encoding="utf-8")
    for relative, content in files.items():
        path = root / "data" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def valid_files() -> dict[str, str | bytes]:
    return {
        "organisations/helse-vest-rhf.yaml": ORGANISATION,
        "settings/site.yaml": SETTINGS,
        "documents/rapport.yaml": DOCUMENT,
        "rounds/2023-03.yaml": ROUND,
        "initiatives/heliks.yaml": INITIATIVE,
    }
