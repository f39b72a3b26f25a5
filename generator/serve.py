"""`portefolje serve`: build, serve ``site/`` on localhost, rebuild when an editor saves a file.

The preview lives in ``docs_build/preview`` and is updated in place: only pages whose source
changed are rendered again, so an edit shows in seconds. A failed rebuild prints the problems
and keeps serving the last good preview; ``site/`` is only ever written by ``portefolje build``.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import BuildError, Project, build

WRITE_EVENTS = {"created", "modified", "deleted", "moved", "closed"}


class _Changes(FileSystemEventHandler):
    def __init__(self) -> None:
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(event.src_path)
        if event.is_directory or path.endswith((".tmp", "~", ".swp")) or "/." in path:
            return
        # Only changes: watchdog also reports files being opened and read, which every build
        # does to every data file, and which would set off another build.
        if event.event_type in WRITE_EVENTS:
            self.changed.set()


class _State:
    """What the last rebuild left to say: its problems, shown on every page of the preview
    until a rebuild succeeds."""

    problems: ClassVar[list[str]] = []


def _rebuild(project: Project, site_dir: Path) -> None:
    started = time.perf_counter()
    try:
        build(project, site_dir, preview=True)
    except BuildError as error:
        _State.problems = [*map(str, error.issues), f"Build failed: {error}"]
    except Exception as error:  # the preview must survive anything an editor saves
        _State.problems = [f"Build failed (unexpected {type(error).__name__}): {error}"]
    else:
        _State.problems = []
        print(f"Rebuilt in {time.perf_counter() - started:.1f} s.", file=sys.stderr, flush=True)
        return
    for line in _State.problems:
        print(line, file=sys.stderr)
    print("The preview shows the last good build; fix the problem and save again.", file=sys.stderr, flush=True)


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000) -> int:
    # The preview is its own folder, updated in place page by page; site/ is left to `build`.
    site_dir = project.docs_build / "preview"
    # Watch before the first build, so that a file saved while it runs is not missed.
    changes = _Changes()
    observer = Observer()
    for folder in (project.data, project.content, project.theme):
        if folder.is_dir():
            observer.schedule(changes, str(folder), recursive=True)
    observer.start()
    _rebuild(project, site_dir)
    if not site_dir.is_dir():
        observer.stop()
        return 1

    # The handler opens the preview by path on every request, so it always serves the newest pages.
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{host}:{port}/ (nynorsk: http://{host}:{port}/nn/). Ctrl+C stops.", file=sys.stderr)
    try:
        while True:
            changes.changed.wait()
            time.sleep(0.3)  # let an editor finish saving several files
            changes.changed.clear()
            _rebuild(project, site_dir)
    finally:
        observer.stop()
        server.shutdown()


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        """Pages carry a notice of the last failed rebuild, so an editor sees it in the browser."""
        if not _State.problems or not self.path.split("?")[0].endswith(("/", ".html")):
            super().do_GET()
            return
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        if not page.is_file():
            super().do_GET()
            return
        notice = (
            '<div role="alert" style="background:#fff3cd;color:#000;border:3px solid #b02a00;padding:1rem;'
            'font:16px/1.4 sans-serif;white-space:pre-wrap">'
            + html.escape("\n".join(_State.problems[-20:]))
            + "</div>"
        )
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + notice, page.read_text(encoding="utf-8"), count=1)
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
