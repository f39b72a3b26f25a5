"""Rendering one Vega-Lite spec to SVG with vl-convert.

Kept apart from charts.py so that worker processes import only this (and i18n), not Altair:
a cold build renders its charts in one process per core.
"""

from __future__ import annotations

from generator import i18n

# d3-format and d3-time-format locales for Norwegian (vl-convert ships neither for nynorsk).
FORMAT_LOCALE = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}
TIME_FORMAT_LOCALE = {
    lang: {
        "dateTime": "%A %e. %B %Y kl. %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["", ""],
        "days": days,
        "shortDays": [d[:3] for d in days],
        "months": i18n.MONTHS[lang],
        "shortMonths": i18n.SHORT_MONTHS,
    }
    for lang, days in {
        "nb": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "nn": ["sundag", "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag"],
    }.items()
}


def render_svg(job: tuple[dict, str]) -> str:
    import vl_convert as vlc

    spec, lang = job
    return vlc.vegalite_to_svg(
        spec, vl_version="v5_21", format_locale=FORMAT_LOCALE, time_format_locale=TIME_FORMAT_LOCALE[lang]
    )
