"""CSV files as spreadsheets open them, and safe to open.

Semicolons and a byte-order mark: what a spreadsheet with Norwegian settings reads correctly.
A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
read as a formula (``=HYPERLINK(…)`` in an initiative's name, say): such cells get a leading
``'``, as OWASP recommends for CSV injection, which spreadsheets show as plain text. Numbers
stay numbers (−4 is not a formula); the JSON files keep every text exactly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?\d[\d\u00a0 ]*([.,]\d+)?$")


def neutralise(cell: str) -> str:
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([neutralise(str(cell)) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()
