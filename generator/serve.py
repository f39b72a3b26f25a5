"""`portefolje serve`: build, serve ``site/`` on localhost, rebuild when an editor saves a file.

The preview lives in ``docs_build/preview`` and is updated in place: only pages whose source
changed are rendered again, so an edit shows in seconds. A failed rebuild prints the problems
and keeps serving the last good preview; ``site/`` is only ever written by ``portefolje build``.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

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


def _rebuild(project: Project, site_dir: Path) -> None:
    started = time.perf_counter()
    try:
        build(project, site_dir, preview=True)
    except BuildError as error:
        for issue in error.issues:
            print(issue, file=sys.stderr)
        print(f"Build failed: {error}", file=sys.stderr, flush=True)
        return
    print(f"Rebuilt in {time.perf_counter() - started:.1f} s.", file=sys.stderr, flush=True)


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
