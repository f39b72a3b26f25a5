"""The `portefolje` command: validate, build, serve and the editors' tools.

Every command exits non-zero on any error and prints problems as ``file:line: field: message``;
no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from generator.build import BuildError, Project, build, load_and_validate


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_issues(issues: list) -> None:
    for issue in issues:
        print(issue, file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    project = Project(Path(args.root).resolve())
    ds, issues = load_and_validate(project)
    if ds is None:
        _print_issues(issues)
        print(f"\n{len(issues)} problem(s) found in data/. Nothing was built.", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(getattr(ds, kind))} {kind}"
        for kind in ("initiatives", "rounds", "goals", "roadmap", "meetings", "organisations")
    )
    print(f"data/ is valid: {counts}.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    project = Project(Path(args.root).resolve())
    site_dir = Path(args.site_dir) if args.site_dir else project.root / "site"
    try:
        report = build(project, site_dir, progress=_progress if not args.quiet else lambda _m: None)
    except BuildError as error:
        _print_issues(error.issues)
        print(f"\nBuild failed: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        total = sum(report.seconds.values())
        print(
            f"Built {report.pages['nb']} pages in bokmål and {report.pages['nn']} in nynorsk"
            f" in {total:.1f} s into {site_dir}/."
        )
        print("View it with: portefolje serve   (or: python -m http.server -d site)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    project = Project(Path(args.root).resolve())
    return serve(project, host=args.host, port=args.port)


EARLIEST_MEETING = dt.date(2000, 1, 1)
"""Before the councils existed: a date earlier than this is a typing error."""


def _meeting_date(text: str) -> dt.date | None:
    """A date written as YYYY-MM-DD (Python would also take 20230216), real and not too early."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return date if date >= EARLIEST_MEETING else None


def cmd_new_meeting(args: argparse.Namespace) -> int:
    from generator.scaffold import new_meeting

    project = Project(Path(args.root).resolve())
    ds, issues = load_and_validate(project)
    if ds is None:
        _print_issues(issues)
        print("\nFix these problems in data/ first; no meeting file was written.", file=sys.stderr)
        return 1
    date = _meeting_date(args.date)
    if date is None:
        print(
            f"--date {args.date!r} is not a meeting date: write it as YYYY-MM-DD (e.g. 2026-12-03), "
            f"a real date from {EARLIEST_MEETING.year} on",
            file=sys.stderr,
        )
        return 1
    try:
        path = new_meeting(ds, project.data, args.body, date)
    except (ValueError, FileExistsError) as error:
        print(f"No meeting file was written: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(project.root)}.")
    print("Fill in the agenda (one item per case, numbers without gaps), then run `portefolje build`.")
    print("After the meeting, add `adopted_decision` to each case that was decided.")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    from generator import translations
    from generator.build import load_checked

    project = Project(Path(args.root).resolve())
    ds, result, issues = load_checked(project)
    if ds is None:
        _print_issues(issues)
        print("\nFix these problems in data/ first.", file=sys.stderr)
        return 1
    if args.stamp:
        changed = translations.stamp(result, project.data, include_stale=args.include_stale)
        print(f"Recorded {changed} translation(s) in data/{translations.RECORDS_FILE}.")
        return 0
    report = translations.report(result, project.data, project.content)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for title, items in (("Missing nynorsk", report.missing), ("Stale nynorsk (the bokmål changed)", report.stale)):
            print(f"{title}: {len(items)}")
            for place in items:
                print(f"  {place.file}:{place.line}: {place.field}")
        print("\nPer kind (missing / stale / not recorded):")
        for kind, c in report.counts_per_kind().items():
            print(f"  {kind:16} {c['missing']:5} {c['stale']:5} {c['unrecorded']:5}")
        words = report.total_words()
        print(
            f"\nPublished words: bokmål {words['nb']}, nynorsk {words['nn']}; nynorsk share {report.share():.1%}"
            " (at least 25 % of each form is required)."
        )
        for section, counts in sorted(report.words.items()):
            flag = "  below 25 %" if report.share(section) < 0.25 else ""
            print(f"  {section:12} nb {counts['nb']:7} nn {counts['nn']:7}  {report.share(section):6.1%}{flag}")
        if report.unrecorded:
            print(
                f"\n{len(report.unrecorded)} translation(s) have no record of the bokmål they came from;"
                " run `portefolje translations --stamp` after checking them."
            )
    if args.check and not report.ok:
        return 1
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from generator.bench import run

    if args.preview:
        from generator.bench import preview_seconds

        result = preview_seconds(Path(args.root).resolve())
    else:
        result = run(args.initiatives, args.rounds, args.meetings, args.baseline, args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portefolje", description="Publish the portfolio as a bilingual static site.")
    parser.add_argument("--root", default=".", help="project folder with data/, content/, theme/ (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check data/; build nothing")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, generate, build both languages and index for search")
    p.add_argument("--site-dir", help="where the site goes (default: site/)")
    p.add_argument("--json", action="store_true", help="print timings as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build, serve on localhost and rebuild when data/, content/ or theme/ change")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("translations", help="report missing and stale nynorsk, and the language share")
    p.add_argument("--check", action="store_true", help="exit non-zero when anything is missing or stale")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--stamp", action="store_true", help="record the bokmål of translations that have no record")
    p.add_argument("--include-stale", action="store_true", help="with --stamp: also re-record stale ones")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("bench", help="build a synthetic portfolio of a given size and time every stage")
    p.add_argument("--initiatives", type=int, default=500)
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--meetings", type=int, default=None, help="default: one per 25 initiatives")
    p.add_argument("--baseline", action="store_true", help="also time plain MkDocs + Material on as many pages")
    p.add_argument(
        "--repeat", type=int, default=1, help="build (and baseline) this many times, interleaved; report medians"
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help="instead: time from saving a data file to the page changing in `portefolje serve` (real data)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("new", help="make a new data file from a skeleton")
    new_sub = p.add_subparsers(dest="what", required=True)
    p = new_sub.add_parser("meeting", help="a meeting with the body's next case numbers")
    p.add_argument("--body", required=True, help="the body's id: ehelseraad, nuit, nufa")
    p.add_argument("--date", required=True, help="the meeting's date, YYYY-MM-DD")
    p.set_defaults(func=cmd_new_meeting)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the user gets a sentence, not a traceback
        if os.environ.get("PORTEFOLJE_DEBUG"):
            raise
        print(f"portefolje {args.command} stopped because of an unexpected error: {error!r}", file=sys.stderr)
        print("The last built site is unchanged. Run again with PORTEFOLJE_DEBUG=1 for details.", file=sys.stderr)
        return 2
