"""Checks and error wording of a plan: cross-field checks (unique names, references, cycles),
:class:`Problem` and :class:`PlanError`, pydantic's errors said the way a plan's author
understands them, and the warnings of a legal but unfinished plan."""

from __future__ import annotations

import datetime as _dt
import math
import re
import reprlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import ValidationError

from mocmo.plan.fields import _K

if TYPE_CHECKING:
    from mocmo.plan.models import Phase, Plan, ReportingLine
    from mocmo.plan.transition import Leaver, Move

# --------------------------------------------------------------------------- cross-field checks


def _duplicates(names: Iterable[_K]) -> list[_K]:
    """The values that appear more than once, each once, in first-seen order."""
    return [n for n, c in Counter(names).items() if c > 1]


_UNIQUE_WORDS = "compared ignoring case and surrounding spaces"
_UNIQUE = f"must be unique ({_UNIQUE_WORDS})"
"""What a repeated name is told: 'Enterprise Healthcare' and 'enterprise healthcare ' are one."""


def _name_key(value: Any) -> Any:
    """What two names are compared by: text without surrounding spaces, case folded (a pair of
    names, such as workflow and metric, part by part)."""
    if isinstance(value, str):
        return value.strip().casefold()
    if isinstance(value, tuple):
        return tuple(_name_key(v) for v in value)
    return value


def _repeats(values: Sequence[Any]) -> Iterator[tuple[int, int]]:
    """(index, index of its first occurrence) of each value that repeats an earlier one, in
    list order, names compared by :func:`_name_key`."""
    first_at: dict[Any, int] = {}
    for i, value in enumerate(values):
        key = _name_key(value)
        if key in first_at:
            yield i, first_at[key]
        else:
            first_at[key] = i


def _reference_errors(plan: Plan) -> Iterable[str]:
    """Errors that need more than one field: duplicate keys, unknown references, cycles."""
    keyed: list[tuple[str, Sequence[Any], str]] = [
        ("products", plan.products, "name"),
        ("audiences", plan.audiences, "name"),
        ("legacy_roles", plan.legacy_roles, "name"),
        ("marops_seats", plan.marops_seats, "name"),
        ("marops_roles", plan.marops_roles, "key"),
        ("workflows", plan.workflows, "name"),
        ("phases", plan.phases, "name"),
        ("agents", plan.agents, "name"),
        ("decision_rights", plan.decision_rights, "decision"),
        ("pods", plan.pods, "outcome"),
        ("content_engine", plan.content_engine, "layer"),
        ("budget_shift", plan.budget_shift, "line"),
    ]
    for field, items, key in keyed:
        values = [getattr(i, key) for i in items]
        for later, first in _repeats(values):
            yield (
                f"{field}[{later}].{key}: got {_show(values[later])}, {_UNIQUE}; "
                f"{field}[{first}].{key} is already {_show(values[first])}"
            )
    for later, first in _repeats(plan.gtm_team):
        yield (
            f"gtm_team: got {_show(plan.gtm_team[later])}, {_UNIQUE}; gtm_team[{later}] "
            f"repeats gtm_team[{first}], {_show(plan.gtm_team[first])}"
        )
    pairs = [(m.workflow, m.metric) for m in plan.operating_metrics]
    for later, first in _repeats(pairs):
        (workflow, metric), (first_workflow, _) = pairs[later], pairs[first]
        yield (
            f"operating_metrics[{later}].metric: got {_show(metric)} for {_show(workflow)} "
            f"again, must appear once per workflow (names {_UNIQUE_WORDS}); "
            f"operating_metrics[{first}] is already {_show(metric)} for {_show(first_workflow)}"
        )

    products = {p.name for p in plan.products}
    for a_i, aud in enumerate(plan.audiences):
        for p_i, pain in enumerate(aud.pains):
            for pr_i, prod in enumerate(pain.products):
                if prod not in products:
                    yield (
                        f"audiences[{a_i}].pains[{p_i}].products[{pr_i}]: got {prod!r}, "
                        f"must be one of the plan's products: {_listing(products)}"
                    )
        if aud.owner is not None and aud.owner not in plan.gtm_team:
            yield (
                f"audiences[{a_i}].owner: got {aud.owner!r}, must be one of gtm_team: "
                f"{_listing(plan.gtm_team)} (add the person to gtm_team first)"
            )

    if plan.marops_seats:
        known_roles = {r.key for r in plan.marops_roles}
        for s_i, seat in enumerate(plan.marops_seats):
            for r_i, key in enumerate(seat.roles):
                if key not in known_roles:
                    yield (
                        f"marops_seats[{s_i}].roles[{r_i}]: got {key!r}, must be one of "
                        f"marops_roles: {_listing(known_roles)}"
                    )
            for dup in _duplicates(seat.roles):
                yield f"marops_seats[{s_i}].roles: got {dup!r} twice, must list a role once"

    positions = {s.name for s in plan.marops_seats} | {"Head of GTM", "GTM Marketer"}
    phase_names = {p.name for p in plan.phases}
    for h_i, hire in enumerate(plan.hires):
        if hire.position not in positions:
            yield (
                f"hires[{h_i}].position: got {hire.position!r}, must be a MarOps seat, "
                f"'Head of GTM' or 'GTM Marketer': {_listing(positions)}"
            )
        if hire.position in ("Head of GTM", "GTM Marketer") and not plan.audiences:
            yield (
                f"hires[{h_i}].position: got {hire.position!r}, but the plan has no audience, so "
                "the new org has no GTM position to hire for: add an audience first"
            )
        if hire.phase is not None and hire.phase not in phase_names:
            yield (
                f"hires[{h_i}].phase: got {hire.phase!r}, must be one of the phases: "
                f"{_listing(phase_names)}"
            )

    yield from _seat_hire_month_errors(plan)
    yield from _people_flow_errors(plan)
    yield from _range_errors(plan)

    for p_i, phase in enumerate(plan.phases):
        for d_i, dep in enumerate(phase.depends_on):
            if dep not in phase_names:
                yield (
                    f"phases[{p_i}].depends_on[{d_i}]: got {dep!r}, must be one of the phases: "
                    f"{_listing(phase_names)}"
                )
            elif dep == phase.name:
                yield (
                    f"phases[{p_i}].depends_on[{d_i}]: got {dep!r}, a phase cannot depend on itself"
                )
    yield from _reporting_cycle_errors(plan.reporting_lines)
    cycle = _dependency_cycle(plan.phases)
    if cycle:
        first = next(i for i, p in enumerate(plan.phases) if p.name == cycle[0])
        yield (
            f"phases[{first}].depends_on: got a cycle {' → '.join([*cycle, cycle[0]])}, "
            "must not depend on each other in a circle"
        )


def _seat_hire_month_errors(plan: Plan) -> Iterable[str]:
    """One hire, one start month: a seat with a hire in ``hires`` starts in that hire's month,
    so a different ``hire_month`` on the seat is refused (it would pay the salary from one
    month and the fee in another)."""
    for s_i, seat in enumerate(plan.marops_seats):
        if seat.hire_month is None:
            continue
        for h_i, hire in enumerate(plan.hires):
            if hire.position == seat.name and hire.month != seat.hire_month:
                yield (
                    f"marops_seats[{s_i}].hire_month: got {seat.hire_month}, must equal "
                    f"hires[{h_i}].month ({hire.month}), the start month of the seat's hire "
                    "(one hire has one start month; leave the seat's hire_month empty to take "
                    "the hire's)"
                )


def _position_key_error(plan: Plan, key: str) -> str | None:
    """Why ``key`` names no position of the plan's new org, or None when it does."""
    from mocmo.neworg import key_kind

    found = key_kind(key)
    audiences = [a.name for a in plan.audiences]
    teams = [r.name for r in plan.legacy_roles]
    seats = [s.name for s in plan.marops_seats]
    allowed = (
        "'Head of GTM', 'GTM Marketer: <audience>', 'GTM support: <audience>', "
        "'Custodian: <legacy role>', 'MarOps: <seat>' or 'MarOps support'"
    )
    if found is None:
        return f"must be a new position: {allowed}"
    kind, name = found
    if kind == "head_of_gtm" and not audiences:
        return "must be a position of the new org; the plan has no audience, so no Head of GTM"
    if kind in ("gtm_marketer", "gtm_support") and name not in audiences:
        return f"must name one of the audiences: {_listing(audiences)}"
    if kind == "custodian" and name not in teams:
        return f"must name one of the legacy roles: {_listing(teams)}"
    if kind == "marops_seat" and name not in seats:
        return f"must name one of the MarOps seats: {_listing(seats)}"
    return None


def _people_flow_errors(plan: Plan) -> Iterable[str]:
    """Moves and leavers name a legacy team (and a new position); a team cannot lose more
    people than it has; replaced roles are people of a team, at most its headcount."""
    heads = {r.name: float(r.headcount) for r in plan.legacy_roles}
    teams = list(heads)
    out_of: dict[str, float] = dict.fromkeys(heads, 0.0)
    where: dict[str, list[str]] = {t: [] for t in heads}
    groups: tuple[tuple[str, Sequence[Move | Leaver]], ...] = (
        ("moves", plan.moves or ()),
        ("leavers", plan.leavers or ()),
    )
    for field, items in groups:
        for i, item in enumerate(items):
            if item.team not in heads:
                yield (
                    f"{field}[{i}].team: got {item.team!r}, must be one of the legacy roles: "
                    f"{_listing(teams)}"
                )
                continue
            out_of[item.team] += item.count
            where[item.team].append(f"{field}[{i}]")
    for m_i, move in enumerate(plan.moves or ()):
        why = _position_key_error(plan, move.to)
        if why:
            yield f"moves[{m_i}].to: got {move.to!r}, {why}"
    for team, gone in out_of.items():
        if gone > heads[team] + 1e-9:
            first = where[team][0].split("[")[0]
            yield (
                f"{first}: got {gone:g} people moving or leaving {team!r} "
                f"({', '.join(where[team])}), must be at most the team's headcount "
                f"({heads[team]:g})"
            )
    replaced: dict[str, float] = {}
    for r_i, role in enumerate(plan.replaced_roles):
        if role.team is None:
            continue
        if role.team not in heads:
            yield (
                f"replaced_roles[{r_i}].team: got {role.team!r}, must be one of the legacy "
                f"roles: {_listing(teams)}"
            )
            continue
        replaced[role.team] = replaced.get(role.team, 0.0) + role.count
    for team, count in replaced.items():
        if count > heads[team] + 1e-9:
            yield (
                f"replaced_roles: got {count:g} replaced people in {team!r}, must be at most "
                f"the team's headcount today ({heads[team]:g})"
            )


def _reporting_cycle_errors(lines: Sequence[ReportingLine]) -> Iterable[str]:
    """A role reporting to itself, and solid reporting lines that lead back to where they start
    (dotted lines are a matrix beside the chain of command, so they may point back up it)."""
    for i, line in enumerate(lines):
        if line.role == line.reports_to:
            yield (
                f"reporting_lines[{i}].reports_to: got {_show(line.reports_to)}, "
                "a role cannot report to itself"
            )
    graph: dict[str, list[str]] = {}
    for line in lines:
        if line.kind == "solid" and line.role != line.reports_to:
            graph.setdefault(line.role, []).append(line.reports_to)
    cycle = _find_cycle(graph)
    if cycle:
        first = next(i for i, ln in enumerate(lines) if ln.role == cycle[0] and ln.kind == "solid")
        yield (
            f"reporting_lines[{first}].reports_to: got a cycle "
            f"{' → '.join([*cycle, cycle[0]])}, reporting lines must not lead back to a role "
            "that is above them (make one of them dotted, or point it at the right manager)"
        )


def _dependency_cycle(phases: Sequence[Phase]) -> list[str] | None:
    return _find_cycle({p.name: [d for d in p.depends_on if d != p.name] for p in phases})


def _find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The first cycle of ``graph`` (node → the nodes it points at), in the order walked
    (iteratively: a chain thousands long is no recursion limit)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in graph:
        if start in state:
            continue
        path = [start]
        todo = [iter(graph[start])]
        state[start] = 1
        while todo:
            dep = next(todo[-1], None)
            if dep is None:
                state[path.pop()] = 2
                todo.pop()
            elif dep in graph and state.get(dep) == 1:
                return path[path.index(dep) :]
            elif dep in graph and dep not in state:
                state[dep] = 1
                path.append(dep)
                todo.append(iter(graph[dep]))
    return None


def _listing(names: Iterable[str]) -> str:
    items = sorted(set(names))
    if not items:
        return "(none defined)"
    shown = ", ".join(repr(n) for n in items[:12])
    return shown + (f" … ({len(items)} in all)" if len(items) > 12 else "")


# --------------------------------------------------------------------------- problems and errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) in a plan."""

    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


_P = TypeVar("_P")


class ProblemsError(ValueError, Generic[_P]):
    """Something that cannot be used, with every reason in :attr:`problems`; the message counts
    them and lists one a line under ``{source}: N problem(s) in the {subject}:``."""

    subject: ClassVar[str]
    """What the problems are in (``plan``, ``roster``)."""

    def __init__(self, problems: Sequence[_P], source: str | None = None) -> None:
        self.problems: tuple[_P, ...] = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}{len(self.problems)} problem(s) in the {self.subject}:\n{lines}")


class PlanError(ProblemsError[Problem]):
    """A plan file or plan data that cannot be used; :attr:`problems` lists every reason."""

    subject = "plan"


def _loc_path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(
            ("function-", "literal[", "union[")
        ):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


SHOWN_CHARS = 80
"""The most characters of a value an error message shows."""

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SHOWN_CHARS + 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def _show(value: Any) -> str:
    """A short excerpt of ``value`` for a message: at most 80 characters, cut with "…"; built
    without ever making the whole text of a huge value."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"a whole number of about {digits:,} digits"
    text = _REPR.repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _friendly_message(error: Mapping[str, Any]) -> str:
    """Pydantic's message for one error, said the way a plan's author would understand it."""
    kind = str(error["type"])
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return "must be a whole number"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "{} or more",
            "greater_than": "more than {}",
            "less_than_equal": "{} or less",
            "less_than": "less than {}",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return "must be " + words.format(limit)
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return "must list at least one item" if least == 1 else f"must list at least {least} items"
    if kind in ("tuple_type", "list_type"):
        return "must be a list (one '- item' per line)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a mapping of fields (one 'name: value' per line)"
    if kind == "string_type":
        return "must be text"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind.startswith(("date_", "datetime_")):
        return "must be a date written YYYY-MM-DD, such as 2027-01-01"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    if msg.startswith("Input should be "):
        return "must be " + msg[len("Input should be ") :]
    return msg


_BRANCH_LABELS = frozenset({"float", "str", "int", "bool", "none", "Band", "date"})
"""Names pydantic puts in an error's location for the branch of a union it tried."""


def _problems_from_validation(err: ValidationError, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    too_short: set[str] = set()
    for e in err.errors(include_url=False):
        # Validator and union-branch labels ('function-after[...]', 'str', 'none') are noise.
        loc = [
            p
            for p in e["loc"]
            if not (
                isinstance(p, str)
                and (p.startswith(("function-", "literal[")) or p in _BRANCH_LABELS)
            )
        ]
        path = _loc_path(loc)
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        msg = _friendly_message(e)
        if msg == "must be None":  # the empty branch of an optional field says nothing useful
            continue
        if e["type"] == "too_short":
            too_short.add(path)
        if "\n" in msg:  # several cross-field errors, each already 'path: got ..., must ...'
            for line in msg.splitlines():
                problems.append(Problem(*_split_path(line, prefix)))
        elif e["type"] == "missing" or msg.startswith("got "):
            problems.append(Problem(path, msg))
        elif re.match(r"^[a-z_]+(\[\d+\])?[.\[:]", msg) and ": got " in msg:
            problems.append(Problem(*_split_path(msg, path)))
        else:
            problems.append(Problem(path, f"got {_show(e['input'])}, {msg}"))
    # A container whose item failed may also report itself too short: the item's error says it.
    paths = [p.path for p in problems]
    problems = [
        p
        for p in problems
        if not (p.path in too_short and any(q.startswith(p.path + "[") for q in paths))
    ]
    seen: set[str] = set()
    unique: list[Problem] = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    return unique


def _split_path(line: str, prefix: str) -> tuple[str, str]:
    m = re.match(r"^([A-Za-z_][\w\[\].]*): (got .*)$", line)
    if m:
        path = f"{prefix}.{m.group(1)}" if prefix and m.group(1) else (prefix or m.group(1))
        return path, m.group(2)
    return prefix, line


# --------------------------------------------------------------------------- warnings


def plan_warnings(plan: Plan) -> list[Problem]:
    """Things that are legal but unfinished or suspicious. The step modules add their own
    (audience ownership warnings live in :func:`mocmo.audiences.ownership_problems`)."""
    warnings: list[Problem] = []
    if plan.phases:
        start = min(p.start_month for p in plan.phases)
        end = max(p.end_month for p in plan.phases)
        length = end - start + 1
        if length > 12 or length < 6:
            warnings.append(
                Problem(
                    "phases",
                    f"the migration runs {length} months (months {start}–{end}); "
                    "a transition like this usually takes 6–12 months",
                    "warning",
                )
            )
    return warnings


def _range_errors(plan: Plan) -> Iterable[str]:
    """The plan's own driver ranges that do not hold the plan's value or leave the driver's
    domain (:func:`mocmo.ranges.drivers.range_errors`; imported here when a plan is checked,
    since that module reads the defaults, which import this package)."""
    from mocmo.ranges.drivers import range_errors

    yield from range_errors(plan)
