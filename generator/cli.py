"""The `portefolje` command: validate, build, serve and the editors' tools.

Every command exits non-zero on any error and prints problems as ``file:line: field: message``;
no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
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
