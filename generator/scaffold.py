"""`portefolje new meeting`: a skeleton meeting file with the body's next case numbers.

The skeleton is valid as written, so a build right after it shows the meeting; the editor then
fills in the agenda. Its texts are the standing items every meeting of the council begins with.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.dataset import DataSet
from generator.load import load_file
from generator.models import Meeting

SKELETON = """\
# A new meeting of {body_name}, made by `portefolje new meeting`.
# Fill in what you know now; everything marked (optional) can wait. After the meeting, add the
# adopted decision of each case as `adopted_decision` (nb and nn): that is all it takes to
# publish it as adopted. The guide is on the site under /om/sekretariat/.
id: {id}
body: {body}
number: "{number}"
date: {date}
# place: Radisson Blu, Gardermoen            (optional)
# organiser: direktoratet-for-e-helse        (optional: an id in data/organisations/)
agenda:
  - number: "{first_case}"
    title:
      nb: Godkjenning av innkalling og dagsorden
      nn: Godkjenning av innkalling og dagsorden
    purpose: godkjenning
    # start: "10:00"                         (optional)
    # presenters: [{{name: Navn Navnesen, organisation: helse-sor-ost-rhf}}]
    proposed_decision:
      nb: {body_name} godkjenner innkalling og dagsorden.
      nn: {body_name} godkjenner innkalling og dagsorden.
  # Next case: copy the item above, with number "{second_case}", and so on without gaps.
  # Purposes: godkjenning, orientering, drofting, anbefaling, beslutning.
  # Link a case to what it concerns: initiatives: [epj-loftet], goals: ["2"].
  # Internal notes go in `internal_note`; they are never published.
"""


def next_numbers(ds: DataSet, body: str, date: dt.date) -> tuple[str, int]:
    """The meeting number ("n/yy") and the first free case number of the body in that year."""
    same_year = [mt for mt in ds.meetings.values() if mt.body == body and mt.date.year == date.year]
    earlier = [mt for mt in same_year if mt.date < date]
    used = [item.sequence for mt in same_year for item in mt.agenda]
    year = f"{date.year % 100:02d}"
    return f"{len(earlier) + 1}/{year}", max(used, default=0) + 1


def new_meeting(ds: DataSet, data_dir: Path, body: str, date: dt.date) -> Path:
    """Write ``data/meetings/<body>-<date>.yaml``; refuses to overwrite an editor's file."""
    if body not in ds.bodies:
        known = ", ".join(sorted(ds.bodies))
        raise ValueError(f"there is no body {body!r}; the bodies are: {known}")
    meeting_id = f"{body}-{date.isoformat()}"
    path = data_dir / "meetings" / f"{meeting_id}.yaml"
    if path.exists():
        raise FileExistsError(f"{path.relative_to(data_dir.parent)} exists already; edit it instead")
    number, first_case = next_numbers(ds, body, date)
    year = f"{date.year % 100:02d}"
    body_name = ds.bodies[body].name.nb
    text = SKELETON.format(
        body_name=body_name,
        id=meeting_id,
        body=body,
        number=number,
        date=date.isoformat(),
        first_case=f"{first_case}/{year}",
        second_case=f"{first_case + 1}/{year}",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    record, issues = load_file(path, Meeting, path.relative_to(data_dir.parent).as_posix())
    if record is None:  # the skeleton itself must always be valid; never leave a broken file
        path.unlink()
        raise RuntimeError("the skeleton did not validate: " + "; ".join(map(str, issues)))
    return path
