"""Which pages of a built site the browser tests open: every page, or one of each type."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LANGS = ("nb", "nn")

# Debian's Chromium, started as the browser tests start it: headless, and with nothing that
# reaches out to Google's services (the machines have no network beyond package registries).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def all_paths(site: Path) -> list[str]:
    """Every page of the bokmål site, as paths under the site root (``""`` is the home page);
    the nynorsk site has the same paths under ``nn/``."""
    return sorted(
        p.parent.relative_to(site).as_posix().removeprefix(".").rstrip("/") + "/"
        for p in site.rglob("index.html")
        if p.relative_to(site).parts[0] not in ("nn", "pagefind", "assets")
    )


def one_of_each_type(site: Path) -> list[str]:
    """One page of every type: what ``make screenshots`` shows and the axe sample reads."""

    def first(pattern: str) -> str:
        found = sorted(site.glob(pattern))
        assert found, f"no page matches {pattern}"
        return found[0].parent.relative_to(site).as_posix() + "/"

    return [
        "/",
        "tiltak/",
        first("tiltak/*/index.html"),
        "tiltak/epj-loftet/",
        "portefolje/",
        first("portefolje/*/index.html"),
        "mal/",
        "mal/1/",
        "mal/1-a/",
        "veikart/",
        "veikart/mal-2/",
        first("veikart/aktor/*/index.html"),
        first("veikart/ar/*/index.html"),
        first("tiltak/status/*/index.html"),
        first("moter/*/*/*-prioritering/index.html"),
        "moter/",
        first("moter/*/*/index.html"),
        first("moter/*/*/*/index.html"),
        "vedtak/",
        "aktorer/",
        first("aktorer/*/index.html"),
        "sok/",
        "kilder/",
        "kilder/portefoljerapport-2023-05/",
        "data/",
        "om/",
        "begreper/",
        "tilgjengelighet/",
        "finnes-ikke/",  # the 404 page
    ]


def url(server: str, lang: str, path: str) -> str:
    path = path.lstrip("/")
    return f"{server}/{'nn/' if lang == 'nn' else ''}{path}"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers a missing page with the site's 404 page, as a web host
    configured for it does (the nynorsk one below ``/nn/``)."""

    def log_message(self, *args: object) -> None:
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        root = Path(self.directory)
        page = root / "nn" / "404.html" if self.path.startswith("/nn/") else root / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port> (Pagefind needs HTTP, not file://)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
