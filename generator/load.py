"""Read ``data/`` into models, collecting every problem with its file, line and field.

Nothing here raises on bad input: each problem becomes an :class:`Issue`, and all of them are
reported together so an editor can fix a whole batch in one go.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.models import KINDS, Model


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in the data, located as precisely as we can."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"


@dataclass
class Record:
    """A loaded entity with where it came from, so later checks can point at lines too."""

    model: Any
    path: Path
    display: str
    text: str
    """The file's text as it was read; its YAML node tree (for line numbers) is rebuilt from
    it only when a later check has something to report, which keeps loading fast."""

    @cached_property
    def node(self) -> yaml.Node:
        node = _compose(self.text)
        assert node is not None  # the text composed to a mapping when it was loaded
        return node

    def line_of(self, loc: Sequence[str | int]) -> int:
        return _line_of(self.node, loc)

    def issue(self, loc: Sequence[str | int], message: str) -> Issue:
        return Issue(self.display, self.line_of(loc), format_loc(loc), message)


@dataclass
class LoadResult:
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: dict[str, set[str]] = field(default_factory=dict)
    """Kind → ids of files that exist but could not be loaded."""


def format_loc(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML with line numbers ------------------------------------------------------------


# libyaml's parser when PyYAML has it (the wheels do): the same documents and line marks, faster.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, with YAML 1.2's plain numbers: no base-60 numbers (``15:14`` was read
    as 914) and no octal from a leading zero (``010`` was 8); those stay text. Duplicate keys
    are found on the node tree (see _duplicate_keys)."""


def _yaml_1_2_numbers(resolvers: dict) -> dict:
    int_tag, float_tag = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
    kept = {
        first: [(tag, regexp) for tag, regexp in entries if tag not in (int_tag, float_tag)]
        for first, entries in resolvers.items()
    }
    numbers = [
        (int_tag, re.compile(r"^[-+]?(0|[1-9][0-9]*)$"), "-+0123456789"),
        (float_tag, re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"), "-+.0123456789"),
    ]
    for tag, regexp, first_characters in numbers:
        for first in first_characters:
            kept.setdefault(first, []).append((tag, regexp))
    return kept


_Loader.yaml_implicit_resolvers = _yaml_1_2_numbers(_Base.yaml_implicit_resolvers)


# --- Limits at the door ------------------------------------------------------------------

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A data file describes one entity; the largest real one is about 85 kB."""
MAX_DEPTH = 40
"""Lists and fields within each other; real files use under 10."""
MAX_ALIASES = 20
"""YAML aliases (``*name``): each repeats a part of the file, so a few can make billions."""

# Characters that no text in the data may hold: control characters (but tab and line breaks),
# bidirectional overrides and zero-width characters. They come in through escapes such as
# "\x0b" or "\u202e", break feeds (XML does not allow them) and can make text read other
# than it is shown.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _character_name(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else " (a control character)")


def _screen(text: str, display: str) -> list[Issue]:
    """What the YAML's events show before anything is built from them: nesting too deep,
    too many aliases, YAML tags, and forbidden characters in any text. Read with the C parser,
    which, unlike building the tree, neither recurses nor expands aliases."""
    depth, aliases = 0, 0
    for event in yaml.parse(text, Loader=_Base):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [Issue(display, line, "", f"nests lists and fields more than {MAX_DEPTH} deep")]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                message = f"uses more than {MAX_ALIASES} YAML aliases (*name); write the values out"
                return [Issue(display, line, "", message)]
        tag = getattr(event, "tag", None)  # only a tag written in the file: "!!python/object", "!!str"
        if tag:
            return [Issue(display, line, "", f"uses the YAML tag {tag!r}, which data files may not use: remove it")]
        if isinstance(event, yaml.ScalarEvent) and (bad := _FORBIDDEN.search(event.value)):
            return [
                Issue(
                    display,
                    line,
                    "",
                    f"contains a character that is not allowed in text ({_character_name(bad.group())}): "
                    "remove it (it may come from an escape such as \\x0b or \\u202e)",
                )
            ]
    return []


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _construct(node: yaml.Node) -> Any:
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _construction_problem(node: yaml.Node, display: str, error: Exception) -> Issue:
    """Where building values failed: an impossible date such as 2023-02-30 (YAML reads an
    unquoted date as a date), found by building each date on its own."""
    for loc, scalar in _scalars(node):
        if scalar.tag == "tag:yaml.org,2002:timestamp":
            try:
                _construct(scalar)
            except (ValueError, OverflowError):
                return Issue(
                    display,
                    scalar.start_mark.line + 1,
                    format_loc(loc),
                    f"is not a real date ({scalar.value}): write an existing date as YYYY-MM-DD",
                )
    mark = getattr(error, "problem_mark", None) or node.start_mark
    return Issue(display, mark.line + 1, "", f"is not valid YAML: {_shown(str(error), 200)}")


def _scalars(node: yaml.Node, loc: tuple = ()) -> Iterator[tuple[tuple, yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        yield loc, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, (*loc, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars(item, (*loc, index))


def _shown(value: object, limit: int = 80) -> str:
    """A value as an editor sees it in a message: quoted, and cut when long."""
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= limit else f"{text[: limit - 1]}…"
    return repr(text) if isinstance(value, str) else text


def _duplicate_keys(node: yaml.Node, loc: tuple = ()) -> Iterator[tuple[tuple, int, str]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                yield (*loc, name), key.start_mark.line + 1, name
            seen.add(name)
            yield from _duplicate_keys(value, (*loc, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*loc, index))


def _line_of(node: yaml.Node, loc: Sequence[str | int]) -> int:
    """The line (1-based) of the deepest node along ``loc`` that exists in the YAML."""
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    child, line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


# --- Plain-words messages for Pydantic errors -----------------------------------------

_EXPECTED = {
    "date_from_datetime_parsing": "is not a date: write it as YYYY-MM-DD, e.g. 2023-06-23",
    "date_parsing": "is not a date: write it as YYYY-MM-DD, e.g. 2023-06-23",
    "date_type": "is not a date: write it as YYYY-MM-DD, e.g. 2023-06-23",
    "decimal_parsing": "is not a number: write digits with a decimal point, e.g. 31.5",
    "decimal_type": "is not a number: write digits with a decimal point, e.g. 31.5",
    "int_parsing": "is not a whole number",
    "int_type": "is not a whole number",
    "int_from_float": "is not a whole number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "list_type": "must be a list (lines starting with '- ')",
    "dict_type": "must be a set of fields (key: value lines)",
    "model_type": "must be a set of fields (key: value lines)",
    "string_type": "must be text",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
    "model_attributes_type": "must be a set of fields (key: value lines)",
}


def _plain_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    got = error.get("input")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field (a typo?); see data/README.md for the fields of this kind"
    if kind == "enum":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"has the value {_shown(got)}, but must be one of {allowed}"
    if kind == "literal_error":
        return f"has the value {_shown(got)}, but must be {error.get('ctx', {}).get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"has the value {_shown(got)}, which is not in the expected form ({error['ctx']['pattern']})"
    if kind in ("value_error", "assertion_error"):
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"has the value {_shown(got)}: {error['msg'].lower()}"
    if kind in _EXPECTED:
        found = got is not None and not isinstance(got, dict)
        return f"{_EXPECTED[kind]} (found {_shown(got)})" if found else _EXPECTED[kind]
    return error["msg"]


def _strip_union_noise(loc: tuple) -> tuple:
    # Pydantic adds the branch name of a union or a function validator to the location.
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in ("function-after", "str", "int"))))


# --- Loading ---------------------------------------------------------------------------


def load_file(
    path: Path, model: type[Model], display: str, raw: bytes | None = None
) -> tuple[Record | None, list[Issue]]:
    """Read and validate one YAML file (``raw``: its bytes, if already read). Returns the record
    (or None) and its issues."""
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Issue(display, line, "", "is not valid UTF-8 text: save the file as UTF-8")]
    if not text.strip():
        return None, [Issue(display, 1, "", "is empty: a data file must describe one entity")]
    try:
        screened = _screen(text, display)
        if screened:
            return None, screened
        node = _compose(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        character = repr(chr(exc.character)) if isinstance(exc.character, int) else repr(exc.character)
        return None, [
            Issue(display, line, "", f"contains a character that is not allowed in a data file ({character})")
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or "could not be read"
        return None, [Issue(display, line, "", f"is not valid YAML: {problem}")]
    if node is None:
        return None, [Issue(display, 1, "", "is empty: a data file must describe one entity")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Issue(display, node.start_mark.line + 1, "", "must be a set of fields (key: value lines)")]

    issues = [
        Issue(display, line, format_loc(loc), f"the field {name!r} is given twice")
        for loc, line, name in _duplicate_keys(node)
    ]
    try:
        data = _construct(node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        return None, [*issues, _construction_problem(node, display, exc)]

    try:
        model_obj = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = _strip_union_noise(tuple(error["loc"]))
            issues.append(Issue(display, _line_of(node, loc), format_loc(loc), _plain_message(error)))
        return None, issues

    record = Record(model_obj, path, display, text)
    if model_obj.id != path.stem:
        issues.append(record.issue(("id",), f"is {model_obj.id!r}, but must equal the file name {path.stem!r}"))
    return (None if issues else record), issues


# From this many files on, two processes read them (parsing YAML is most of the time of
# ``validate`` on a large portfolio); below it, starting them costs more than it saves.
PARALLEL_FROM = 1500


Job = tuple[str, Path, str, bytes]
"""(kind, path, path as shown to editors, the file's bytes)"""
Loaded = tuple[Record | None, list[Issue]]

# What each file gave when last loaded, by path, with the bytes it was loaded from: a
# long-running `portefolje serve` then parses only the files an editor has changed.
_last_loaded: dict[Path, tuple[bytes, Loaded]] = {}


def forget_loaded() -> None:
    """Parse every file again on the next load (a cold benchmark run)."""
    _last_loaded.clear()


def _load_files(jobs: list[Job]) -> list[Loaded]:
    return [load_file(path, KINDS[kind], display, raw) for kind, path, display, raw in jobs]


def _load_all(jobs: list[Job]) -> list[Loaded]:
    global _last_loaded
    known = {job[1]: entry[1] for job in jobs if (entry := _last_loaded.get(job[1])) and entry[0] == job[3]}
    todo = [job for job in jobs if job[1] not in known]
    workers = min(2, os.cpu_count() or 1)
    # Forking is safe only before vl-convert has started its JavaScript engine in this process
    # (a long-running `portefolje serve` may have); otherwise read in this process.
    if len(todo) < PARALLEL_FROM or workers < 2 or "vl_convert" in sys.modules:
        fresh = _load_files(todo)
    else:
        size = -(-len(todo) // (workers * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            fresh = [loaded for chunk in pool.map(_load_files, chunks) for loaded in chunk]
    known.update((job[1], loaded) for job, loaded in zip(todo, fresh, strict=True))
    _last_loaded = {job[1]: (job[3], known[job[1]]) for job in jobs}
    return [known[job[1]] for job in jobs]


def read_data_file(path: Path, data_dir: Path, display: str) -> bytes | Issue:
    """A data file's bytes, if it is a regular file inside ``data_dir`` (a link may point to
    one) and no larger than :data:`MAX_FILE_BYTES`; otherwise the problem. A device, a FIFO or
    a link out of data/ could hang the build or read what is not data."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return Issue(display, 0, "", "is a link to a file that does not exist: remove it or fix the link")
    except (OSError, RuntimeError) as error:
        return Issue(display, 0, "", f"cannot be read ({getattr(error, 'strerror', None) or error})")
    if not target.is_relative_to(data_dir.resolve()):
        return Issue(display, 0, "", "is a link to a file outside data/: data files must be in data/")
    try:
        info = target.stat()
    except OSError as error:
        return Issue(display, 0, "", f"cannot be read ({error.strerror})")
    if not stat.S_ISREG(info.st_mode):
        return Issue(display, 0, "", "is not a regular file (a device, a folder or a pipe): remove it")
    if info.st_size > MAX_FILE_BYTES:
        size = f"{info.st_size / 1024 / 1024:.1f} MB"
        return Issue(display, 0, "", f"is {size}; a data file may be at most {MAX_FILE_BYTES // 1024 // 1024} MB")
    try:
        with target.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return Issue(display, 0, "", f"cannot be read ({error.strerror})")
    if len(raw) > MAX_FILE_BYTES:  # it grew after stat
        return Issue(display, 0, "", f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    return raw


def load_data(data_dir: Path) -> LoadResult:
    """Load every kind under ``data_dir``; report YAML files that nothing reads."""
    result = LoadResult()
    root = data_dir.parent
    jobs: list[Job] = []
    for kind in KINDS:
        result.records[kind] = {}
        folder = data_dir / kind
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                display = path.relative_to(root).as_posix()
                raw = read_data_file(path, data_dir, display)
                if isinstance(raw, Issue):
                    result.issues.append(raw)
                    result.failed.setdefault(kind, set()).add(path.stem)
                else:
                    jobs.append((kind, path, display, raw))
    for (kind, path, _display, _raw), (record, issues) in zip(jobs, _load_all(jobs), strict=True):
        result.issues.extend(issues)
        if record is not None:
            result.records[kind][path.stem] = record
        else:
            result.failed.setdefault(kind, set()).add(path.stem)

    for path in sorted(data_dir.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or path.suffix.lower() == ".md":
            continue
        relative = path.relative_to(data_dir)
        known_place = (len(relative.parts) == 2 and relative.parts[0] in KINDS and path.suffix == ".yaml") or (
            relative.as_posix() == "translations.yaml"  # the translation records, read by translations.py
        )
        if not known_place:
            display = path.relative_to(root).as_posix()
            if path.suffix.lower() in (".yaml", ".yml"):
                folders = ", ".join(KINDS)
                message = (
                    f"is not read by anything: data files must be data/<kind>/<id>.yaml with kind one of: {folders}"
                )
            else:
                message = "is not a data file (only .yaml files belong under data/)"
            result.issues.append(Issue(display, 0, "", message))
    return result
