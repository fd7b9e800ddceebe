"""What the board pack says, gathered once from a plan: the figures (formatted from the
registry), the ask, the symptoms, the risks, the thresholds, the assumptions, the teams and the
agents — plain text and numbers already formatted, so the page and the deck only lay it out.

Every figure shown is a registry figure of ``mocmo summary --json`` of the same plan
(:func:`mocmo.summary.headline`), formatted by :func:`mocmo.format.describe_figure`;
:attr:`BriefContent.shown` records each one the views print. The "what would have to be true"
sentences and the drivers' ranges are those ``mocmo ranges`` prints (:mod:`mocmo.ranges`).
Nothing here computes a business number.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from mocmo.figures import Figure, figure
from mocmo.format import describe_figure
from mocmo.plan import Plan, Problem

__all__ = [
    "MAX_TEXT",
    "Agent",
    "Assumption",
    "BriefContent",
    "Phase",
    "Team",
    "Tile",
    "brief_content",
    "clip",
]

MAX_TEXT = 90
"""User text (names, titles) longer than this is cut with an ellipsis on the page and the
slides, so a 200-character name cannot push the one-page brief onto a second page."""


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` on one line (runs of whitespace and line breaks become one space, control
    characters go), cut to ``limit`` characters with "…" when longer."""
    flat = " ".join("".join(ch for ch in str(text) if ch >= " " or ch.isspace()).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Tile:
    """One headline tile: a label, the main value, and the words under it (today → new, or
    the P10–P90 range), every number a formatted registry figure."""

    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class Assumption:
    """A driver that moves the whole-cost net change most (the tornado's order): its label,
    the range it is tried over (the drivers' P10 and P90, as ``mocmo ranges`` words them) and
    its source."""

    label: str
    tried: str
    source: str


@dataclass(frozen=True)
class Phase:
    """A migration phase: its name and first and last month (plan months, 1 = the start)."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Team:
    """What changes for one of today's teams: activities that stay with its Craft Custodian,
    those that shift to the GTM Marketers, those AI absorbs (names only)."""

    name: str
    becomes: str
    stays: tuple[str, ...]
    shifts: tuple[str, ...]
    ai: tuple[str, ...]


@dataclass(frozen=True)
class Agent:
    """An agent of the register and who oversees it."""

    name: str
    job: str
    mode: str
    owner: str
    approver: str


@dataclass
class BriefContent:
    """Everything the board pack shows, as text (built by :func:`brief_content`)."""

    title: str
    company: str
    source: str
    made_on: str
    version: str
    currency: str
    values: dict[str, Figure]
    """``mocmo summary --json``'s figures of the plan (the registry's, simulation included)."""
    ask: str
    tiles: tuple[Tile, ...]
    red_flags: tuple[str, ...]
    """Why the plan is not ready as it stands (error-severity checks, unstaffed work): shown in
    red at the top of the page and on the first slide; empty when there is none."""
    risks: tuple[str, ...]
    thresholds: tuple[str, ...]
    assumptions: tuple[Assumption, ...]
    symptoms: tuple[tuple[str, str], ...]
    """(symptom, the plan's answer) for each answered symptom, worst first."""
    phases: tuple[Phase, ...]
    horizon: int
    audiences: tuple[tuple[str, str], ...]
    """(audience, its owner or "owner not named yet")."""
    custodians: tuple[str, ...]
    marops: tuple[str, ...]
    teams: tuple[Team, ...]
    agents: tuple[Agent, ...]
    next_steps: tuple[str, ...]
    decisions: tuple[str, ...]
    shown: dict[str, str] = field(default_factory=dict)
    """Every registry figure the views print: key → the formatted text."""

    def fig(self, key: str) -> str:
        """The registry figure ``key`` formatted as ``mocmo summary`` prints it; recorded in
        :attr:`shown`."""
        text = describe_figure(key, self.values[key], self.currency)
        self.shown[key] = text
        return text

    def label(self, key: str) -> str:
        """The registry label of a figure."""
        return figure(key).label

    def range_words(self, key: str) -> str:
        """``P10 … to P90 …`` of a range figure (``total_net_change`` …)."""
        return f"P10 {self.fig(f'{key}_p10')} to P90 {self.fig(f'{key}_p90')}"


def _red_flags(plan: Plan, problems: list[Problem], values: dict[str, Figure]) -> list[str]:
    flags = []
    unstaffed = values.get("unstaffed_hours_per_week")
    if isinstance(unstaffed, int | float) and unstaffed > 0:
        flags.append("This plan relies on unstaffed work")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        flags.append(
            f"This plan has {len(errors)} error(s) in its checks (mocmo validate): "
            + clip(errors[0].message, 160)
        )
    return flags


def _symptoms(plan: Plan) -> list[tuple[str, str]]:
    from mocmo import diagnostics

    table = diagnostics.symptom_table(plan)
    answered = table[table["score"].notna()].sort_values("score", ascending=False, kind="stable")
    return [(str(r["symptom"]), str(r["answer"])) for r in answered.to_dict("records")]


def _teams(plan: Plan) -> list[Team]:
    from mocmo import neworg, reshape

    out = []
    for role in plan.legacy_roles:
        acts = reshape.activity_table(plan, role.name)
        by = {
            dest: tuple(clip(a, 60) for a in acts[acts["destination"] == dest]["activity"])
            for dest in ("stays", "shifts", "ai")
        }
        out.append(
            Team(
                clip(role.name, 60),
                clip(neworg.custodian_title(role), 60),
                by["stays"],
                by["shifts"],
                by["ai"],
            )
        )
    return out


def _thresholds(plan: Plan, limit: int = 4) -> list[str]:
    from mocmo import ranges

    found = [t for t in ranges.thresholds(plan) if t.value is not None]
    found.sort(key=lambda t: t.test != "saves")  # saving first, then breaking even
    return [t.sentence for t in found[:limit]]


def _assumptions(plan: Plan, limit: int = 5) -> list[Assumption]:
    from mocmo import ranges

    table = ranges.tornado(plan).sort_values("swing", ascending=False, kind="stable")
    return [
        Assumption(
            str(row["label"]),
            f"{row['p10_words']} to {row['p90_words']}",
            clip(str(row["source"]), 160),
        )
        for row in table.head(limit).to_dict("records")
    ]


def _ask(c: BriefContent) -> str:
    return (
        f"Approve the move from {c.fig('legacy_headcount')} people in functional teams to the "
        f"Mini CMO model ({c.fig('new_headcount')} FTE: audience owners, Craft Custodians and "
        f"MarOps) over {c.fig('migration_months')} months, with a one-off budget of "
        f"{c.fig('one_off_cost')}."
    )


def _tiles(c: BriefContent) -> tuple[Tile, ...]:
    be = c.values["breakeven_month"]
    breakeven = f"month {c.fig('breakeven_month')}" if be is not None else "none in the horizon"
    return (
        Tile("People", c.fig("new_headcount") + " FTE", f"today {c.fig('legacy_headcount')}"),
        Tile(
            "Whole cost a year",
            c.fig("new_total_cost"),
            f"today {c.fig('legacy_total_cost')}; {c.range_words('new_total_cost')}",
        ),
        Tile(
            "Net change a year",
            f"{c.fig('total_net_change')} ({c.fig('total_net_change_pct')})",
            c.range_words("total_net_change"),
        ),
        Tile("One-off cost", c.fig("one_off_cost"), c.range_words("one_off_cost")),
        Tile(
            "Break-even",
            breakeven,
            f"{c.range_words('breakeven_month')}; payback {c.fig('payback_months')} months",
        ),
        Tile(
            "Hand-Off Tax",
            c.fig("handoff_tax_days_new"),
            f"today {c.fig('handoff_tax_days_legacy')}; hand-offs {c.fig('handoff_count_legacy')}"
            f" → {c.fig('handoff_count_new')}",
        ),
    )


def _next_steps(c: BriefContent, plan: Plan) -> tuple[tuple[str, ...], tuple[str, ...]]:
    first = [p.name for p in c.phases if p.start == min(q.start for q in c.phases)]
    steps = [f"Start: {clip(name, 70)}" for name in first]
    steps.append(f"Open the {c.fig('hires_count')} hire(s) the plan needs")
    steps.append("Name one accountable owner for each audience and each top workflow")
    decisions = [
        f"The one-off budget: {c.fig('one_off_cost')} (peak outlay "
        f"{c.fig('peak_cumulative_outlay')})",
        f"The new structure: {c.fig('gtm_fte')} GTM FTE, {c.fig('custodian_fte')} Custodian "
        f"FTE, {c.fig('marops_fte')} MarOps FTE",
        f"People who leave: {c.fig('leavers_count')}; exit costs {c.fig('exit_cost')}",
    ]
    if c.values.get("agents_acting_without_approver"):
        decisions.append(
            f"An approver for the {c.fig('agents_acting_without_approver')} agent(s) acting "
            "without one"
        )
    return tuple(steps), tuple(decisions)


def brief_content(plan: Plan, source: str = "", *, today: _dt.date | None = None) -> BriefContent:
    """The board pack's content of ``plan`` (``source``: the plan file's name for the footer;
    ``today``: the footer's date, today by default)."""
    from mocmo import __version__, neworg
    from mocmo.migration import schedule
    from mocmo.summary import checks, headline

    values = headline(plan)
    problems = checks(plan)
    roles = plan.legacy_roles
    content = BriefContent(
        title=clip(plan.meta.name),
        company=clip(plan.meta.company),
        source=clip(source, 80),
        made_on=(today or _dt.date.today()).isoformat(),
        version=__version__,
        currency=plan.meta.currency,
        values=values,
        ask="",
        tiles=(),
        red_flags=tuple(_red_flags(plan, problems, values)),
        risks=tuple(clip(p.message, 200) for p in problems[:3]),
        thresholds=tuple(_thresholds(plan)),
        assumptions=tuple(_assumptions(plan)),
        symptoms=tuple(_symptoms(plan)),
        phases=tuple(Phase(clip(s.name, 60), s.start_month, s.end_month) for s in schedule(plan)),
        horizon=plan.horizon_months,
        audiences=tuple(
            (clip(a.name, 60), clip(a.owner, 60) if a.owner else "owner not named yet")
            for a in plan.audiences
        ),
        custodians=tuple(clip(neworg.custodian_title(r), 60) for r in roles),
        marops=tuple(clip(s.name, 60) for s in plan.marops_seats),
        teams=tuple(_teams(plan)),
        agents=tuple(
            Agent(
                clip(a.name, 60),
                clip(a.job, 40),
                a.mode,
                clip(a.owner, 50) if a.owner else "nobody named",
                clip(a.approver, 50) if a.approver else "nobody named",
            )
            for a in plan.agents
        ),
        next_steps=(),
        decisions=(),
    )
    content.ask = _ask(content)
    content.tiles = _tiles(content)
    content.next_steps, content.decisions = _next_steps(content, plan)
    return content
