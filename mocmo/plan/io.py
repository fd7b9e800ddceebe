"""Plan files: the safe YAML reader (its alias budget, depth and size limits), parsing plain
data into a :class:`~mocmo.plan.models.Plan`, and writing a plan as YAML (atomically, under the
plan file's lock)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mocmo.files import FileRefused, read_bytes_limited, write_text_atomic
from mocmo.plan.fields import SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS
from mocmo.plan.models import Plan
from mocmo.plan.roster import roster_name_problem
from mocmo.plan.validate import SHOWN_CHARS, PlanError, Problem, _problems_from_validation, _show

# --------------------------------------------------------------------------- reading and writing


def _supported_versions_text() -> str:
    return ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)


def _kind_of(value: Any) -> str:
    """A short type description of a YAML value (never the value itself)."""
    names = {str: "text", list: "list", int: "number", float: "number", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def parse_plan(data: Any, source: str | None = None) -> Plan:
    """Validate plain data (as read from YAML) into a :class:`Plan`, or raise :class:`PlanError`."""
    if data is None:
        raise PlanError(
            [Problem("", "the plan is empty: expected a YAML mapping with meta, legacy_roles, …")],
            source,
        )
    if not isinstance(data, Mapping):
        raise PlanError(
            [Problem("", f"got a {_kind_of(data)}, the plan must be a YAML mapping")], source
        )
    if data and not any(isinstance(k, str) and k in Plan.model_fields for k in data):
        # Nothing of a file that is not a plan is echoed: its keys may be names or secrets.
        raise PlanError(
            [
                Problem(
                    "",
                    f"this is not a mocmo plan: none of its {len(data)} top-level keys is a "
                    "plan section (meta, assumptions, legacy_roles, …)",
                )
            ],
            source,
        )
    version = data.get("schema_version", SCHEMA_VERSION)
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise PlanError(
            [
                Problem(
                    "schema_version",
                    f"got {_show(version)}, this mocmo reads schema_version "
                    f"{_supported_versions_text()} only; upgrade mocmo or convert the file",
                )
            ],
            source,
        )
    try:
        return Plan.model_validate(dict(data))
    except ValidationError as err:
        raise PlanError(_problems_from_validation(err), source) from None


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (about ten times faster), else PyYAML's."""

ALIAS_BUDGET = 100_000
"""The most values aliases (``*name``) and merge keys (``<<:``) may add to a document once
expanded. A plan that reuses a band or a list here and there adds hundreds; a "billion laughs"
file adds billions, and is refused before any of it is built."""
MAX_DEPTH = 64
"""The deepest a plan document may nest (a real plan nests fewer than ten levels)."""

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key written twice in one mapping (its message is mocmo's own, safe to show)."""


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, except that a key written twice in one mapping is an error (the
    plain loader silently keeps the last one, hiding a typo), merge keys (``<<: *base``) work,
    an impossible date (``2027-02-30``) stays text so validation names its field, and integers
    too long for Python to read stay text for the same reason."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue  # '<<': merged below by flatten_mapping; later keys may override
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                continue  # unhashable: PyYAML itself reports it
            if key in seen:
                raise _DuplicateKey(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {_show(key)} twice; keep one",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than int() reads (sys.get_int_max_str_digits)
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _expansion_problem(root: yaml.Node) -> str | None:
    """Why the composed document ``root`` is refused before it is built, or None.

    Walks the node graph once (each node once, however many aliases point at it) and counts the
    values the document would hold with every alias and merge key expanded.
    """
    sizes: dict[int, int] = {}
    cap = ALIAS_BUDGET * 1000 + 1
    unique = 0
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    depth = 0
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            depth -= 1
            total = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[key] = min(total, cap)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "an alias refers to a value that contains it (a recursive alias)"
        unique += 1
        depth += 1
        if depth > MAX_DEPTH:
            return f"the document is nested more than {MAX_DEPTH} levels deep"
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return "an alias refers to a value that contains it (a recursive alias)"
            if id(child) not in sizes:
                stack.append((child, False))
    if sizes[id(root)] - unique > ALIAS_BUDGET:
        return (
            f"its aliases (*name) and merge keys (<<) would expand it by more than "
            f"{ALIAS_BUDGET:,} values (a YAML alias bomb?); write the values out instead"
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


_MAY_HAVE_ANCHOR = re.compile(r"&[^\s]")
"""Text that may hold a YAML anchor; a plan without one has no alias (``R&D`` also matches)."""

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _yaml_problem(err: yaml.MarkedYAMLError) -> str:
    """PyYAML's description of a syntax problem, without any text of the file (quoted tokens
    and tags are replaced by '…', so a foreign file's content never reaches the screen)."""
    if isinstance(err, _DuplicateKey):
        return err.problem or "a key written twice"
    if isinstance(err, yaml.constructor.ConstructorError) and "constructor for the tag" in str(
        err.problem
    ):
        found = re.search(r"'tag:yaml\.org,2002:([\w/.:-]{1,40})", str(err.problem))
        shown = f" (!!{found.group(1)})" if found else ""  # YAML's own tags only, never others
        return f"a '!' tag{shown}, which plan files do not use (plain YAML only)"
    text = _QUOTED.sub("'…'", err.problem or "malformed YAML")
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _read_yaml(text: str) -> Any:
    """The one YAML document in ``text`` as plain data, refused (ValueError) if it would expand
    beyond :data:`ALIAS_BUDGET` or nest beyond :data:`MAX_DEPTH` — checked before it is built."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise ValueError(f"the document is nested more than {MAX_DEPTH} levels deep") from None
        if node is None:
            return None
        # Without an anchor (&name) there is no alias or merge to expand (libyaml and the
        # composer then guard the depth themselves): skip the walk, a second on a 2,000-person plan.
        why = _expansion_problem(node) if _MAY_HAVE_ANCHOR.search(text) else None
        if why:
            raise ValueError(why)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def plan_from_yaml(
    text: str, source: str | None = None, folder: str | os.PathLike[str] | None = None
) -> Plan:
    """Parse YAML text (safely) into a validated :class:`Plan`.

    A plan that names a roster file (``roster: plan.roster.yaml``) has its people read from
    that file in ``folder`` (the plan file's folder); without ``folder`` such a plan is refused
    (its legacy cost needs the people). People written into the plan text itself
    (``roster_people``) are refused: the plan file stays free of names and salaries.
    """
    if not text.strip():
        raise PlanError([Problem("", "the file is empty: expected a YAML plan")], source)
    try:
        data = _read_yaml(text)  # a SafeLoader: no arbitrary objects
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise PlanError(
            [Problem("", f"malformed YAML at {where}: {_yaml_problem(err)}")], source
        ) from None
    except yaml.YAMLError as err:
        what = _QUOTED.sub("'…'", " ".join(str(err).split()))[:SHOWN_CHARS]
        raise PlanError([Problem("", f"malformed YAML: {what}")], source) from None
    except ValueError as err:
        raise PlanError([Problem("", f"refused: {err}")], source) from None
    if isinstance(data, Mapping) and data.get("roster_people") is not None:
        raise PlanError(
            [
                Problem(
                    "roster_people",
                    "people are never kept in the plan file; import them with `mocmo "
                    "import-roster`, which writes them to the roster file next to the plan",
                )
            ],
            source,
        )
    if isinstance(data, Mapping) and isinstance(data.get("roster"), str) and folder is not None:
        data = {**data, "roster_people": _read_roster(Path(folder), data["roster"], source)}
    return parse_plan(data, source)


def _read_roster(folder: Path, name: str, source: str | None) -> Any:
    """The plain data of the roster file ``name`` in ``folder`` (validated with the plan), or
    :class:`PlanError` naming the ``roster`` field when it cannot be read."""
    why = roster_name_problem(name)
    if why:
        raise PlanError([Problem("roster", why)], source)
    path = folder / name
    try:
        raw = read_bytes_limited(path, what="roster file")
    except FileNotFoundError:
        raise PlanError(
            [
                Problem(
                    "roster",
                    f"the roster file {name!r} is not in the plan's folder ({folder}); put it "
                    "back, import the roster again, or remove the plan's roster line",
                )
            ],
            source,
        ) from None
    except FileRefused as err:
        raise PlanError([Problem("roster", f"{name}: {err.reason}")], source) from None
    try:
        data = _read_yaml(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise PlanError(
            [Problem("roster", f"{name}: not a UTF-8 text file ({err.reason})")], source
        ) from None
    except yaml.YAMLError:
        raise PlanError([Problem("roster", f"{name}: malformed YAML")], source) from None
    except ValueError as err:
        raise PlanError([Problem("roster", f"{name}: refused: {err}")], source) from None
    if not isinstance(data, Mapping):
        raise PlanError(
            [Problem("roster", f"{name}: not a roster file (expected a mapping with people)")],
            source,
        )
    return dict(data)


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read and validate a plan file. Raises :class:`PlanError` for invalid or malformed plans,
    and for paths that are not a regular file of at most 20 MB (folders, FIFOs, devices,
    symlink loops), which are refused without being read."""
    return load_plan_bytes(path)[0]


def load_plan_bytes(path: str | os.PathLike[str]) -> tuple[Plan, bytes]:
    """:func:`load_plan`, also returning the exact bytes the plan was read from (so a caller
    fingerprints what it read, not a second read that another writer may have changed)."""
    p = Path(path)
    try:
        raw = read_bytes_limited(p)
    except FileNotFoundError:
        raise PlanError([Problem("", f"no plan file at {p}")], str(p)) from None
    except FileRefused as err:
        raise PlanError([Problem("", err.reason)], str(p)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PlanError([Problem("", f"not a UTF-8 text file ({err.reason})")], str(p)) from None
    return plan_from_yaml(text, str(p), p.parent), raw


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


class _Dumper(yaml.SafeDumper):
    pass


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")
"""Line breaks other than ``\\n``: only a double-quoted YAML string keeps them exactly."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if _ODD_BREAKS.search(value):
        style = '"'
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _yaml_text(data: Any) -> str:
    """Plain data as YAML text: keys in the given order, readable and diffable."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def dump_plan_yaml(plan: Plan) -> str:
    """The plan as YAML text: keys in model order, defaults kept, readable and diffable. The
    roster's people (``roster_people``) are left out: they live in the roster file the plan's
    ``roster`` names, never in the plan file."""
    data = _plain(plan.model_dump(mode="json", exclude={"roster_people"}))
    return _yaml_text(data)


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write ``plan`` to ``path`` as YAML, atomically and under the plan file's lock (see
    :func:`mocmo.files.write_text_atomic`; a symlink is followed, the file it points to replaced).

    If anything fails before the rename, the file at ``path`` is left exactly as it was.
    """
    return write_text_atomic(path, dump_plan_yaml(plan))
