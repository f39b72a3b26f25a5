"""Atom feeds (decisions, meetings, status changes, one per initiative and per body) and iCalendar
files of meetings, so readers can follow what changes.

Each language has its own feeds at the same paths (``/feeds/…`` and ``/nn/feeds/…``). Links in a
feed are absolute when the site settings give the site's address (``site_url``), and otherwise
relative to the feed's own address. Dates come from the data, so the same data gives
the same files.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from icalendar import Calendar, Event

from generator import i18n
from generator.dataset import CaseRef, DataSet
from generator.exports import changes
from generator.i18n import Lang
from generator.models import Level, Meeting

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("5f2c7a8e-4f0b-4a53-9a8e-2b1d6c3e9f10")


@dataclass(frozen=True)
class Entry:
    path: str
    title: str
    updated: dt.date
    summary: str


def _uid(lang: Lang, path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{lang}:{path}')}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(value: str) -> str:
    return xml_escape(value)


def _attr(value: str) -> str:
    return xml_escape(value, {'"': "&quot;", "\n": "&#10;"})


def atom(
    feed_path: str, title: str, entries: list[Entry], lang: Lang, fallback_updated: dt.date, root: str | None = None
) -> str:
    """``root``: the language's public address, when known."""
    # Written as text rather than with ElementTree: one feed per initiative and language makes
    # this a hot path at scale, and a fixed shape needs no tree. Tests parse every feed.
    up = root or "../" * feed_path.count("/")
    updated = max((e.updated for e in entries), default=fallback_updated)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="{lang}">',
        f"  <id>{_uid(lang, feed_path)}</id>",
        f"  <title>{_text(title)}</title>",
        f"  <updated>{_stamp(updated)}</updated>",
        "  <author>",
        f"    <name>{_text(i18n.ui('site_name', lang))}</name>",
        "  </author>",
        f'  <link rel="self" href={_quote(root + feed_path if root else feed_path.rsplit("/", 1)[-1])} />',
        f'  <link rel="alternate" type="text/html" href={_quote(up or "./")} />',
    ]
    for entry in sorted(entries, key=lambda e: (e.updated, e.path), reverse=True):
        lines += [
            "  <entry>",
            f"    <id>{_uid(lang, entry.path)}</id>",
            f"    <title>{_text(entry.title)}</title>",
            f"    <updated>{_stamp(entry.updated)}</updated>",
            f'    <link rel="alternate" type="text/html" href={_quote(up + entry.path.split("#")[0])} />',
            f"    <summary>{_text(entry.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return f'"{_attr(value)}"'


def _body_name(ds: DataSet, body: str, lang: Lang) -> str:
    return ds.bodies[body].short_name or i18n.plain(ds.bodies[body].name, lang)


def decision_entry(ds: DataSet, case: CaseRef, lang: Lang) -> Entry:
    item = case.item
    decision = item.adopted_decision or item.proposed_decision
    state = i18n.label(item.effective_state, lang) if item.effective_state else ""
    return Entry(
        f"moter/{case.meeting.body}/{case.meeting.date.isoformat()}/{item.slug}/",
        f"{_body_name(ds, case.meeting.body, lang)}, {i18n.ui('case', lang).lower()} {item.number}: "
        f"{i18n.plain(item.title, lang)}",
        case.meeting.date,
        f"{state.capitalize()}: {i18n.plain(decision, lang)}" if decision else state,
    )


def meeting_entry(ds: DataSet, meeting: Meeting, lang: Lang) -> Entry:
    titles = "; ".join(f"{i.number} {i18n.plain(i.title, lang)}" for i in meeting.agenda)
    number = f" {meeting.number}" if meeting.number else ""
    return Entry(
        f"moter/{meeting.body}/{meeting.date.isoformat()}/",
        f"{i18n.plain(ds.bodies[meeting.body].name, lang)}, {i18n.ui('meeting', lang).lower()}{number}, "
        f"{i18n.date(meeting.date, lang)}",
        meeting.date,
        titles or (meeting.place or ""),
    )


def change_entries(ds: DataSet, lang: Lang) -> list[Entry]:
    out = []
    for c in changes(ds):
        round_ = ds.rounds[c.to_round]
        if c.what in ("status", "risiko"):
            what = i18n.ui("status" if c.what == "status" else "risk", lang)
            old = i18n.label(_level(c.old), lang)
            new = i18n.label(_level(c.new), lang)
            text = i18n.ui("status_changed", lang).format(what=what, old=old, new=new)
        else:
            text = i18n.ui("entered_round" if c.what == "inn" else "left_round", lang)
        out.append(
            Entry(
                f"tiltak/{c.initiative.id}/#{c.to_round}-{c.what}",
                f"{c.initiative.name}: {text}",
                round_.as_of,
                f"{text} ({i18n.ui('as_of', lang)} {i18n.date(round_.as_of, lang)}).",
            )
        )
    return out


def _level(value: str | None) -> Level | None:
    return Level(value) if value else None


def calendar(ds: DataSet, meetings: list[Meeting], lang: Lang, name: str, root: str | None = None) -> str:
    cal = Calendar()
    cal.add("prodid", "-//portefolje//NONSGML portefolje//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in sorted(meetings, key=lambda mt: (mt.date, mt.id)):
        event = Event()
        event.add("uid", f"{uuid.uuid5(NAMESPACE, meeting.id)}@portefolje")
        event.add("dtstamp", dt.datetime.combine(meeting.date, dt.time(0, 0), tzinfo=dt.UTC))
        event.add("dtstart", meeting.date)
        event.add("dtend", (meeting.end_date or meeting.date) + dt.timedelta(days=1))
        event.add("summary", meeting_entry(ds, meeting, lang).title)
        if meeting.place:
            event.add("location", meeting.place)
        if root:
            event.add("url", root + meeting_entry(ds, meeting, lang).path)
        agenda = "\n".join(f"{i.number} {i18n.plain(i.title, lang)}" for i in meeting.agenda)
        if agenda:
            event.add("description", agenda)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def files(ds: DataSet, lang: Lang, today: dt.date | None = None) -> dict[str, str]:
    """Every feed and calendar of one language, by path under that language's site root."""
    fallback = max(
        [r.as_of for r in ds.rounds.values()] + [mt.date for mt in ds.meetings.values()], default=dt.date(2020, 1, 1)
    )
    site = i18n.ui("site_name", lang)
    root = ds.public_url(lang)
    atom_ = functools.partial(atom, lang=lang, fallback_updated=fallback, root=root)
    decision_cases = [c for c in ds.cases if c.item.proposed_decision or c.item.adopted_decision]
    decisions = [decision_entry(ds, c, lang) for c in decision_cases]
    meetings = [meeting_entry(ds, mt, lang) for mt in ds.meetings_newest_first]
    status = change_entries(ds, lang)
    out = {
        "feeds/vedtak.xml": atom_("feeds/vedtak.xml", f"{site}: {i18n.ui('decisions', lang)}", decisions),
        "feeds/moter.xml": atom_("feeds/moter.xml", f"{site}: {i18n.ui('meetings', lang)}", meetings),
        "feeds/status.xml": atom_("feeds/status.xml", f"{site}: {i18n.ui('status_changes', lang)}", status),
        "moter.ics": calendar(ds, list(ds.meetings.values()), lang, f"{site}: {i18n.ui('meetings', lang)}", root),
    }
    for body in ds.bodies.values():
        entries = [e for e, mt in zip(meetings, ds.meetings_newest_first, strict=True) if mt.body == body.id]
        entries += [decision_entry(ds, c, lang) for c in decision_cases if c.meeting.body == body.id]
        name = i18n.plain(body.name, lang)
        out[f"feeds/moter/{body.id}.xml"] = atom_(f"feeds/moter/{body.id}.xml", name, entries)
        out[f"moter/{body.id}.ics"] = calendar(ds, ds.meetings_of(body.id), lang, name, root)
    status_by_initiative: dict[str, list[Entry]] = {}
    for entry in status:
        status_by_initiative.setdefault(entry.path.split("/")[1], []).append(entry)
    for initiative in ds.initiatives.values():
        entries = status_by_initiative.get(initiative.id, []) + [
            decision_entry(ds, c, lang) for c in ds.cases_by_initiative.get(initiative.id, [])
        ]
        out[f"feeds/tiltak/{initiative.id}.xml"] = atom_(
            f"feeds/tiltak/{initiative.id}.xml", f"{site}: {initiative.name}", entries
        )
    return out
