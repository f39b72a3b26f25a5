"""`portefolje bench`: build a synthetic portfolio of a chosen size and time every stage.

The data set is made from the models (so it is valid), in both languages, with every kind of
entity and with charts, from a fixed seed (the same size gives the same data). With
``--baseline`` a plain MkDocs + Material build of as many trivial pages, with a small navigation,
is timed in the same run, as the floor to compare against.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import yaml

from generator import charts, load
from generator import models as m
from generator.build import Project, build

LEVELS = ["grønn", "gul", "rød", None]
WORDS = [
    "journal",
    "samhandling",
    "pasient",
    "helsepersonell",
    "legemiddel",
    "kommune",
    "region",
    "tjeneste",
    "plattform",
    "data",
    "register",
    "innføring",
    "utprøving",
    "digital",
    "løsning",
    "kjernejournal",
    "deling",
    "dokument",
    "prøvesvar",
    "velferdsteknologi",
]


def _text(rng: random.Random, words: int) -> dict[str, str]:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    nb = " ".join(chosen).capitalize() + "."
    return {"nb": nb, "nn": nb.replace("løsning", "løysing").replace("tjeneste", "teneste")}


def _dump(path: Path, model: m.Model) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["id"] = model.id  # always written, even where it equals a default
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_project(root: Path, initiatives: int, rounds: int, meetings: int, seed: int = 1) -> Project:
    """Write a synthetic but realistic project under ``root`` and return it."""
    rng = random.Random(seed)
    repo = Path(__file__).resolve().parents[1]
    for name in ("theme", "mkdocs.yml", "accessibility"):
        (root / name).symlink_to(repo / name)
    shutil.copytree(repo / "content", root / "content")
    data, sources = root / "data", root / "sources"
    sources.mkdir(parents=True)
    source_lines = 5000
    doc_ids = [f"rapport-{i}" for i in range(rounds)] + ["veikart", "motedokumenter"]
    for doc in doc_ids:
        (sources / f"{doc}.txt").write_text("\n".join(f"linje {n}" for n in range(source_lines)), encoding="utf-8")
        _dump(
            data / "documents" / f"{doc}.yaml",
            m.Document(
                id=doc,
                title=m.Text(nb=f"Dokument {doc}", nn=f"Dokument {doc}"),
                file=f"{doc}.txt",
                as_of="2025-08" if doc == "veikart" else None,
            ),
        )

    def src() -> list[m.Source]:
        start = rng.randint(1, source_lines - 10)
        return [m.Source(doc=rng.choice(doc_ids), lines=f"{start}-{start + 3}")]

    orgs = [f"aktor-{i}" for i in range(30)]
    for i, org in enumerate(orgs):
        _dump(
            data / "organisations" / f"{org}.yaml",
            m.Organisation(id=org, name=f"Aktør {i}", kind=rng.choice(list(m.OrganisationKind))),
        )
    _dump(
        data / "settings" / "site.yaml",
        m.SiteSettings(id="site", publisher=orgs[0], contact_email="post@example.org"),
    )
    for body in ("ehelseraad", "nuit", "nufa"):
        _dump(
            data / "bodies" / f"{body}.yaml",
            m.Body(id=body, name=m.Text(nb=body.upper(), nn=body.upper()), short_name=body.upper()),
        )
    phases = [m.PhaseDescription(phase=p, description=m.Text(**_text(rng, 8))) for p in m.Phase]
    _dump(
        data / "strategies" / "2023-2030.yaml",
        m.Strategy(
            id="2023-2030",
            title=m.Text(nb="Strategi", nn="Strategi"),
            start_year=2023,
            end_year=2030,
            current=True,
            phases=phases,
        ),
    )
    goals, sub_goals = [], []
    for g in range(1, 6):
        _dump(
            data / "goals" / f"{g}.yaml",
            m.Goal(
                id=str(g),
                strategy="2023-2030",
                level=m.GoalLevel.goal,
                number=str(g),
                title=m.Text(**_text(rng, 5)),
                lead=m.Text(**_text(rng, 30)),
            ),
        )
        goals.append(str(g))
        for letter in "abc":
            sid = f"{g}-{letter}"
            _dump(
                data / "goals" / f"{sid}.yaml",
                m.Goal(
                    id=sid,
                    strategy="2023-2030",
                    level=m.GoalLevel.sub_goal,
                    number=f"{g}.{letter.upper()}",
                    parent=str(g),
                    title=m.Text(**_text(rng, 8)),
                ),
            )
            sub_goals.append(sid)
    _dump(
        data / "sdgs" / "3.yaml",
        m.Sdg(id="3", number=3, title=m.Text(nb="God helse og livskvalitet", nn="God helse og livskvalitet")),
    )

    round_ids = []
    for r in range(rounds):
        rid = f"{2020 + r // 4}-{(r % 4) * 3 + 3:02d}"
        round_ids.append(rid)
        as_of = dt.date(2020 + r // 4, (r % 4) * 3 + 3, 28)
        cost = m.CostTable(
            title=m.Text(nb="Kostnader", nn="Kostnader"),
            years=[2024, 2025],
            rows=[
                m.CostRow(
                    solution="KJERNEJOURNAL",
                    initiative_text="Tiltak 1",
                    cells=[m.CostCell(year=2024, amount_mnok=Decimal(5))],
                )
            ],
        )
        _dump(
            data / "rounds" / f"{rid}.yaml",
            m.ReportingRound(
                id=rid,
                as_of=as_of,
                title=m.Text(nb=f"Runde {rid}", nn=f"Runde {rid}"),
                report=f"rapport-{r}",
                strategy="2023-2030",
                key_figures=[
                    m.KeyFigure(
                        id="tiltak",
                        label=m.Text(nb="Tiltak", nn="Tiltak"),
                        value=Decimal(initiatives),
                        unit=m.Unit.count,
                        sources=src(),
                    )
                ],
                topics=[m.Topic(title=m.Text(**_text(rng, 4)), body=m.Text(**_text(rng, 80)), sources=src())],
                cost_table=cost,
            ),
        )

    ids = [f"tiltak-{i:05d}" for i in range(initiatives)]
    for i, iid in enumerate(ids):
        history = []
        for rid in round_ids:
            if rng.random() < 0.15:
                continue
            deps = []
            if rng.random() < 0.3:
                counterpart = rng.choice(ids)
                if counterpart == iid:  # an initiative cannot depend on itself: take the next one
                    counterpart = ids[(i + 1) % len(ids)]
                deps.append(
                    m.Dependency(
                        description=m.Text(**_text(rng, 6)),
                        counterpart_initiative=counterpart,
                        criticality=rng.choice(list(m.Criticality)),
                        status=rng.choice([m.Level.yellow, m.Level.red]),
                        deadline=dt.date(2024, rng.randint(1, 12), 1),
                    )
                )
            status, risk = rng.choice(LEVELS), rng.choice(LEVELS)
            history.append(
                m.Snapshot(
                    round=rid,
                    owner=rng.choice(orgs),
                    status=status,
                    risk=risk,
                    lifecycle=rng.choice(list(m.Lifecycle)),
                    budget_mnok=Decimal(rng.randint(0, 4000)) / 10 if rng.random() < 0.7 else None,
                    reasons=m.Text(**_text(rng, 20)),
                    dependencies=deps,
                    sources=src(),
                )
            )
        parent = ids[i - 1] if i % 10 == 9 else None
        initiative = m.Initiative(
            id=iid,
            name=f"Tiltak {i} {rng.choice(WORDS)}",
            aliases=[f"T{i}"],
            kind=rng.choice(list(m.InitiativeKind)),
            parent=parent,
            owner=rng.choice(orgs),
            description=m.Text(**_text(rng, 60)),
            goals=[rng.choice(sub_goals)],
            main_goal=rng.choice(goals),
            sdgs=["3"],
            history=history,
            sources=src(),
        )
        _dump(data / "initiatives" / f"{iid}.yaml", initiative)

    for a in range(max(20, initiatives // 5)):
        goal = rng.choice(goals)
        start = rng.randint(2021, 2028)
        period = (
            m.Period(start=str(start), open_end=True, text=f"{start} →")
            if rng.random() < 0.2
            else m.Period(start=str(start), end=str(start + rng.randint(0, 3)))
        )
        _dump(
            data / "roadmap" / f"vk-{a:05d}.yaml",
            m.RoadmapActivity(
                id=f"vk-{a:05d}",
                source_set="veikart",
                goal=goal,
                sub_goal=f"{goal}-{rng.choice('abc')}",
                actor=f"Aktør {rng.randint(0, 29)}",
                actor_group=rng.choice(["region", "kommune", "nasjonal", "brukergruppe"]),
                service=rng.choice(WORDS).capitalize(),
                what=m.Text(**_text(rng, 25)),
                period=period,
                phase=rng.choice([*m.Phase, None]),
                certainty=rng.choice([*m.Certainty, None]),
                initiatives=[rng.choice(ids)],
                sources=src(),
            ),
        )

    day = dt.date(2021, 1, 1)
    counters: dict[tuple[str, int], int] = {}
    for k in range(meetings):
        body = ("ehelseraad", "nuit", "nufa")[k % 3]
        day += dt.timedelta(days=rng.randint(1, 5))
        year = day.year % 100
        agenda = []
        for _ in range(6):
            n = counters.get((body, year), 0) + 1
            counters[(body, year)] = n
            agenda.append(
                m.AgendaItem(
                    number=f"{n}/{year:02d}",
                    title=m.Text(**_text(rng, 6)),
                    purpose=rng.choice(list(m.Purpose)),
                    presenters=[m.Person(name="Navn Navnesen", organisation=rng.choice(orgs))],
                    start="10:00",
                    text=m.Text(**_text(rng, 40)),
                    proposed_decision=m.Text(**_text(rng, 25)),
                    adopted_decision=m.Text(**_text(rng, 25)) if rng.random() < 0.5 else None,
                    initiatives=[rng.choice(ids)],
                    goals=[rng.choice(goals)],
                    sources=src(),
                )
            )
        mid = f"{body}-{day.isoformat()}"
        _dump(
            data / "meetings" / f"{mid}.yaml",
            m.Meeting(id=mid, body=body, date=day, place="Oslo", agenda=agenda, sources=src()),
        )
    criteria = [
        m.Criterion(
            id="nytte",
            label=m.Text(nb="Nytte", nn="Nytte"),
            children=[
                m.Criterion(id="n1", label=m.Text(nb="N1", nn="N1")),
                m.Criterion(id="n2", label=m.Text(nb="N2", nn="N2")),
            ],
        )
    ]
    measures = [
        m.Measure(
            id=f"tiltak-{j}",
            name=f"Tiltak {j}",
            sheet="Ark",
            column="K",
            ranked=True,
            published_rank=j + 1,
            scores=[
                m.Score(criterion="n1", value=Decimal(rng.randint(0, 10))),
                m.Score(criterion="n2", value=Decimal(rng.randint(0, 10))),
            ],
        )
        for j in range(10)
    ]
    if meetings:
        first = sorted((data / "meetings").glob("*.yaml"))[0].stem
        _dump(
            data / "prioritisations" / "prioritering.yaml",
            m.Prioritisation(
                id="prioritering",
                title=m.Text(nb="Prioritering", nn="Prioritering"),
                meeting=first,
                scale=m.Text(nb="0–10", nn="0–10"),
                formula=m.Text(nb="Sum", nn="Sum"),
                criteria=criteria,
                measures=measures,
            ),
        )
    return Project(root)


class TreeMemory:
    """The peak memory of this process and all its descendants (MkDocs, Pagefind, the forked
    nynorsk build, chart workers) at one instant, sampled from /proc while the build runs.

    Two sums are kept: of the proportional set size (PSS: a page shared by two processes, like
    the memory a forked process shares with its parent, counts half in each), which is what
    the machine must hold; and of the resident set sizes (RSS), which counts shared pages once
    per process and so overstates. Adding each process's own peak would overstate further, by
    counting processes that never ran at the same time."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_pss = 0
        self.peak_rss = 0
        self.at_peak: list[tuple[str, int]] = []
        """(process, PSS in MB) at the moment of the peak, largest first."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue  # the process ended while we looked
            pid, ppid = int(stat.parent.name), int(text.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(pid)
        tree, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    @staticmethod
    def _memory(pid: int) -> tuple[int, int]:
        """(PSS, RSS) in bytes, from /proc/<pid>/smaps_rollup; zeros if the process has ended."""
        pss = rss = 0
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
        return pss, rss

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            tree = self._tree()
            sizes = [self._memory(pid) for pid in tree]
            total = sum(pss for pss, _ in sizes)
            if total > self.peak_pss:
                self.peak_pss = total
                self.at_peak = sorted(
                    ((self._name(pid), round(pss / 2**20)) for pid, (pss, _) in zip(tree, sizes, strict=True) if pss),
                    key=lambda part: -part[1],
                )
            self.peak_rss = max(self.peak_rss, sum(rss for _, rss in sizes))

    @staticmethod
    def _name(pid: int) -> str:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return "?"
        words = [w.decode(errors="replace") for w in command if w]
        # "python -m mkdocs build …" → "mkdocs"; the pagefind binary → its file name
        if "-m" in words[:-1]:
            return words[words.index("-m") + 1]
        return Path(words[0]).name if words else "?"

    @property
    def peak_mb(self) -> float:
        return round(self.peak_pss / 2**20, 1)

    @property
    def peak_rss_mb(self) -> float:
        return round(self.peak_rss / 2**20, 1)


def _own_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def baseline_seconds(pages: int, workdir: Path) -> float:
    """A plain MkDocs + Material build of ``pages`` trivial pages with a ten-item navigation."""
    docs = workdir / "docs"
    for i in range(pages):
        path = docs / f"p{i // 500}" / f"side-{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Side {i}\n\nEn kort side med litt tekst, nummer {i}.\n", encoding="utf-8")
    nav = [{f"Side {i}": f"p0/side-{i}.md"} for i in range(min(10, pages))]
    config = {
        "site_name": "Grunnlinje",
        "docs_dir": str(docs),
        "site_dir": str(workdir / "site"),
        "nav": nav,
        "theme": {"name": "material", "font": False, "language": "nb"},
        "plugins": [],
    }
    (workdir / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(workdir / "mkdocs.yml")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def run(initiatives: int, rounds: int, meetings: int | None, with_baseline: bool, repeat: int = 1) -> dict:
    """Build the synthetic project ``repeat`` times from cold (with the baseline after each
    build when asked). Timings on a shared machine vary by 10-25 % from minute to minute; the
    median of interleaved runs, and the ratio of each build to the baseline run beside it, are
    steadier than one run."""
    meetings = meetings if meetings is not None else max(3, initiatives // 25)
    with tempfile.TemporaryDirectory(prefix="portefolje-bench-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        started = time.perf_counter()
        project = make_project(root, initiatives, rounds, meetings)
        generated = time.perf_counter() - started
        runs = []
        for _ in range(repeat):
            # Cold: no page, chart or template cache on disk, no parsed file or chart in memory.
            for folder in (project.docs_build, root / "site"):
                shutil.rmtree(folder, ignore_errors=True)
            load.forget_loaded()
            charts.forget_made()
            with TreeMemory() as memory:
                report = build(project, root / "site")
            total = sum(report.seconds.values())
            one = {
                "pages_per_language": report.pages["nb"],
                "seconds": {k: round(v, 2) for k, v in report.seconds.items()},
                "languages": report.languages,
                "total_seconds": round(total, 2),
                "charts_rendered": report.charts_rendered,
                "peak_memory_mb": memory.peak_mb,
                "peak_memory_rss_sum_mb": memory.peak_rss_mb,
                "peak_memory_by_process_mb": memory.at_peak,
            }
            if with_baseline:
                pages = report.pages["nb"] + report.pages["nn"]
                base = baseline_seconds(pages, Path(tmp) / "baseline")
                one["baseline"] = {"pages": pages, "seconds": round(base, 2), "ratio": round(total / base, 2)}
            runs.append(one)
        middle = sorted(runs, key=lambda one: one["total_seconds"])[len(runs) // 2]
        result = {
            "initiatives": initiatives,
            "rounds": rounds,
            "meetings": meetings,
            **middle,
            "synthetic_data_seconds": round(generated, 2),
            "peak_memory_mb": max(one["peak_memory_mb"] for one in runs),
            "peak_memory_main_process_mb": _own_peak_mb(),
        }
        if repeat > 1:
            result["runs"] = runs
            result["total_seconds_median"] = middle["total_seconds"]
            if with_baseline:
                ratios = sorted(one["baseline"]["ratio"] for one in runs)
                result["baseline"] = {
                    "pages": middle["baseline"]["pages"],
                    "seconds_median": statistics.median(one["baseline"]["seconds"] for one in runs),
                    "ratio_median": statistics.median(ratios),
                    "ratios": ratios,
                }
        return result


def preview_seconds(repo: Path, edits: int = 5) -> dict:
    """Seconds from saving a data file to the changed page being served by `portefolje serve`,
    on a copy of the real project: the file watcher, the rebuild and the web server included."""
    with tempfile.TemporaryDirectory(prefix="portefolje-preview-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        for name in ("data", "content", "sources"):
            shutil.copytree(repo / name, root / name)
        for name in ("theme", "accessibility", "mkdocs.yml"):
            (root / name).symlink_to(repo / name)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stderr is not None
            said = []
            for line in server.stderr:  # the first build, then "Serving http://…"
                said.append(line)
                if line.startswith("Serving"):
                    break
            else:
                raise RuntimeError("`portefolje serve` did not start:\n" + "".join(said[-20:]))
            data_file = root / "data" / "initiatives" / "heliks.yaml"
            original = data_file.read_text(encoding="utf-8")
            times = []
            for n in range(1, edits + 1):
                marker = f"HELIKS prøve {n}"
                started = time.perf_counter()
                data_file.write_text(original.replace("\nname: HELIKS\n", f"\nname: {marker}\n", 1), encoding="utf-8")
                while marker not in _fetch(f"http://127.0.0.1:{port}/tiltak/heliks/"):
                    if time.perf_counter() - started > 60:
                        raise RuntimeError("the preview did not show the edit within 60 s")
                    time.sleep(0.05)
                times.append(round(time.perf_counter() - started, 2))
                time.sleep(1)  # let the server settle before the next edit
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"edits": times, "median_seconds": sorted(times)[len(times) // 2]}


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""
