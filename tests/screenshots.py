"""``make screenshots``: one page of every type, at 320 and 1280 px, in both languages, as PNG
files in ``screenshots/`` (ignored by git), so that a person can look at the whole site in a
minute. Long pages are cut after their first few screens; the file name says the full height.

    python -m tests.screenshots [--site site] [--out screenshots]
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from tests.site_pages import CHROMIUM, CHROMIUM_ARGS, LANGS, one_of_each_type, serve, url

WIDTHS = (320, 1280)
MAX_HEIGHT = 4000  # px of a page that are kept: the first screens are what a reader meets


def file_name(lang: str, width: int, path: str, height: int) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", path.strip("/").lower()).strip("-") or "forside"
    return f"{lang}-{width}-{name}-h{height}.png"


def take(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written: list[Path] = []
    with serve(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            for lang in LANGS:
                for path in one_of_each_type(site):
                    target = url(server, lang, path) + ("?q=kjernejournal" if path == "sok/" else "")
                    page.goto(target)
                    if path == "sok/":
                        page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
                    height = page.evaluate("document.documentElement.scrollHeight")
                    shot = out / file_name(lang, width, path, height)
                    page.screenshot(
                        path=str(shot),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)},
                    )
                    written.append(shot)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site}/ holds no built site: run `portefolje build` first")
    shots = take(args.site, args.out)
    print(f"{len(shots)} screenshots in {args.out}/")


if __name__ == "__main__":
    main()
