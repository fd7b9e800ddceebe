"""The Migration step's transition sections: the people flows (who moves where, who leaves, the
plan default or the plan's own) and the transition's one-off cost inputs, each shown with
"— plan default" when the plan leaves it empty. :mod:`mocmo.ui.migration` places them."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mocmo import migration as mig
from mocmo.format import fmt_money, fmt_pct
from mocmo.plan import Plan, Problem
from mocmo.present.reshape import PLAN_DEFAULT
from mocmo.ui import core as ui
from mocmo.ui.fields import (
    Choices,
    PlanField,
    bind,
    months_field,
    number_field,
)

__all__ = ["PeopleFlowsSection", "TransitionInputsSection"]

_LABEL = {"description_width": "11em"}
_FIELD = w.Layout(width="34em")

# --------------------------------------------------------------------------- people flows

_FLOW_WORDS: dict[str, str] = {"move": "moves to", "hire": "hired into", "leave": "leaves"}


def _flow_label(plan: Plan, field: str, index: int) -> str:
    """How the move or leaver picker names row ``index`` of ``plan.moves`` / ``plan.leavers``."""
    if field == "moves":
        move = (plan.moves or ())[index]
        return f"{move.team} → {move.to} ×{move.count:g} — month {move.month}"
    leaver = (plan.leavers or ())[index]
    return f"{leaver.team} leaves ×{leaver.count:g} — month {leaver.month}"


def _free_team(plan: Plan) -> tuple[str, float] | None:
    """The legacy team with the most people nobody moves or lets go, and how many (None: every
    team's people are all moving or leaving, or there is no team)."""
    from mocmo.transition import flows as people

    free = people.stayers(plan)
    if not free:
        return None
    team = max(free, key=lambda t: free[t])
    return team, free[team]


def default_hires_written(plan: Plan) -> int:
    """How many of ``plan.hires`` to keep when its moves and leavers go back to the plan
    default: the hires but the trailing ones that writing the default out would add again (the
    most kept that still gives exactly ``plan.hires``); all of them when none match."""
    from mocmo.plan import with_changes
    from mocmo.transition import flows as people

    for keep in range(len(plan.hires), -1, -1):
        try:
            base = with_changes(
                plan, {"moves": None, "leavers": None, "hires": [
                    h.model_dump(mode="json") for h in plan.hires[:keep]
                ]},
            )  # fmt: skip
            written = people.written_out_changes(base).get("hires")
        except (people.FlowsNotWritable, ValueError):
            continue
        if written is not None and with_changes(base, {"hires": written}).hires == plan.hires:
            return keep
    return len(plan.hires)


class PeopleFlowsSection(w.VBox):
    """Who moves where, who leaves and when: the plan default (derived from the new org) until
    the user presses "Edit moves and leavers", which writes the derived flows out as the plan's
    ``moves``, ``hires`` and ``leavers`` (every figure the same); then each row's team,
    position, people and month are editable, rows can be added and removed, and "Back to plan
    default" empties the moves and leavers again."""

    def __init__(
        self,
        session: ui.PlanSession,
        panel: ui.StepLayout,
        box: dict[str, Any],
        loud: Callable[[str, Any], list[Problem]],
    ) -> None:
        self.session = session
        self._panel = panel
        say = panel.edit_problems
        self.note = w.HTML()
        self.done_note = w.HTML()
        self.edit_button = w.Button(
            description="Edit moves and leavers", icon="pencil", layout=w.Layout(width="16em")
        )
        self.default_button = w.Button(
            description="Back to plan default", icon="undo", layout=w.Layout(width="16em")
        )
        # moves
        self.move = Choices(description="Move", style=_LABEL, layout=_FIELD)
        self.move_team = Choices(description="From team", style=_LABEL, layout=_FIELD)
        self.move_to = Choices(description="To position", style=_LABEL, layout=_FIELD)
        self.move_count = number_field(
            session, lambda: self._at("moves", self.move, "count"), "People", **box
        )
        self.move_month = months_field(
            session, lambda: self._at("moves", self.move, "month"), "From month", **box
        )
        self.add_move_button = w.Button(
            description="Add a move", icon="plus", layout=w.Layout(width="auto")
        )
        self.remove_move_button = w.Button(
            description="Remove this move", icon="trash", layout=w.Layout(width="auto")
        )
        # leavers
        self.leaver = Choices(description="Leavers", style=_LABEL, layout=_FIELD)
        self.leaver_team = Choices(description="Team", style=_LABEL, layout=_FIELD)
        self.leaver_count = number_field(
            session, lambda: self._at("leavers", self.leaver, "count"), "People", **box
        )
        self.leaver_month = months_field(
            session, lambda: self._at("leavers", self.leaver, "month"), "Leave in month", **box
        )
        self.add_leaver_button = w.Button(
            description="Add leavers", icon="plus", layout=w.Layout(width="auto")
        )
        self.remove_leaver_button = w.Button(
            description="Remove these leavers", icon="trash", layout=w.Layout(width="auto")
        )

        for picker in (self.move, self.leaver):
            picker.on_pick(lambda _c: self._load(self.session.plan), say, "show your choice")
        self._followers = [
            bind(widget, session, self._picked(items, picker, field), edit=loud, show=say)
            for items, picker, field, widget in (
                ("moves", self.move, "team", self.move_team),
                ("moves", self.move, "to", self.move_to),
                ("leavers", self.leaver, "team", self.leaver_team),
            )
        ]
        ui.on_click(self.edit_button, lambda: self.edit_flows(), say, what="edit the flows")
        ui.on_click(
            self.default_button, lambda: self.back_to_default(), say, what="go back to the default"
        )
        ui.on_click(self.add_move_button, lambda: self.add_move(), say, what="add a move")
        ui.on_click(
            self.remove_move_button, lambda: self.remove_move(), say, what="remove the move"
        )
        ui.on_click(self.add_leaver_button, lambda: self.add_leaver(), say, what="add leavers")
        ui.on_click(
            self.remove_leaver_button, lambda: self.remove_leaver(), say, what="remove leavers"
        )
        super().__init__(
            [
                self.note,
                w.HBox([self.edit_button, self.default_button]),
                self.done_note,
                self.move,
                self.move_team,
                self.move_to,
                self.move_count,
                self.move_month,
                w.HBox([self.add_move_button, self.remove_move_button]),
                self.leaver,
                self.leaver_team,
                self.leaver_count,
                self.leaver_month,
                w.HBox([self.add_leaver_button, self.remove_leaver_button]),
            ]
        )

    # paths ------------------------------------------------------------------------------------
    def _at(self, items: str, picker: w.Dropdown, field: str) -> str | None:
        return None if picker.value is None else f"{items}[{int(picker.value)}].{field}"

    def _picked(self, items: str, picker: w.Dropdown, field: str) -> Callable[[], str | None]:
        return lambda: self._at(items, picker, field)

    # edits ------------------------------------------------------------------------------------
    def edit_flows(self) -> list[Problem]:
        """Write the plan-default flows out as the plan's own moves, hires and leavers
        (:func:`mocmo.transition.flows.written_out_changes`), so they are editable and every
        figure stays the same — the default's hires become plan hires. A default hire no plan
        hire can say (a part FTE, a custodian, MarOps support) is refused, with why, and nothing
        changes."""
        from mocmo.transition import flows as people

        plan = self.session.plan
        try:
            changes = people.written_out_changes(plan)
        except people.FlowsNotWritable as err:
            return self._say(f"The plan default cannot be written out: {err}")
        if not changes:
            return []
        added = len(changes.get("hires", ())) - len(plan.hires)
        done = "The moves and leavers are now yours to edit"
        done += (
            f", and the {added:g} hire(s) the default made are now under Hires." if added > 0
            else "."
        )  # fmt: skip
        return self._panel.edit(changes, done=done, note_to=self.done_note)

    def back_to_default(self) -> list[Problem]:
        """Empty ``plan.moves`` and ``plan.leavers``: the flows are derived from the new org
        again (the plan default). The hires "Edit moves and leavers" wrote out for the default
        go too (:func:`default_hires_written`): the default makes them again."""
        plan = self.session.plan
        changes: dict[str, Any] = {"moves": None, "leavers": None}
        keep = default_hires_written(plan)
        done = "Back to the plan default."
        if keep < len(plan.hires):
            changes["hires"] = [h.model_dump(mode="json") for h in plan.hires[:keep]]
            done += f" The {len(plan.hires) - keep:g} hire(s) written out with it went too."
        return self._panel.edit(changes, done=done, note_to=self.done_note)

    def add_move(self) -> list[Problem]:
        """Add a move of one person (fewer when fewer are free) from the team with the most
        people nobody moves or lets go, to the first position of the new org, in the month the
        position starts; pick it for editing."""
        from mocmo import neworg

        plan = self.session.plan
        positions = neworg.positions(plan)
        free = _free_team(plan)
        if free is None or not positions:
            return self._say(
                "Nobody is free to move: every team's people already move or leave — lower a "
                "leavers row's people first."
            )
        team, count = free
        new = {"team": team, "to": positions[0].key, "count": min(1.0, count),
               "month": positions[0].start_month}  # fmt: skip
        return self._append("moves", new, self.move)

    def add_leaver(self) -> list[Problem]:
        """Add one leaver (fewer when fewer are free) of the team with the most people nobody
        moves or lets go, in the month that team changes shape; pick it for editing."""
        from mocmo import neworg

        plan = self.session.plan
        free = _free_team(plan)
        if free is None:
            return self._say(
                "Nobody is left to leave: every team's people already move or leave — lower a "
                "move's people first."
            )
        team, count = free
        role = next(r for r in plan.legacy_roles if r.name == team)
        new = {"team": team, "count": min(1.0, count),
               "month": neworg.transition_month(plan, role)}  # fmt: skip
        return self._append("leavers", new, self.leaver)

    def remove_move(self) -> list[Problem]:
        """Remove the picked move."""
        return self._remove("moves", self.move)

    def remove_leaver(self) -> list[Problem]:
        """Remove the picked leavers."""
        return self._remove("leavers", self.leaver)

    def _say(self, text: str) -> list[Problem]:
        self.done_note.value = f"<span class='mocmo-warning'>{html.escape(text)}</span>"
        return [Problem("", text, severity="warning")]

    def _append(self, field: str, new: dict[str, Any], picker: Choices) -> list[Problem]:
        items = [x.model_dump(mode="json") for x in getattr(self.session.plan, field) or ()]
        problems = self._panel.edit({field: [*items, new]}, note_to=self.done_note)
        if not problems:
            picker.value = len(items)
        return problems

    def _remove(self, field: str, picker: Choices) -> list[Problem]:
        if picker.value is None:
            return []
        index = int(picker.value)
        items = [x for i, x in enumerate(getattr(self.session.plan, field) or ()) if i != index]
        return self._panel.edit({field: items}, note_to=self.done_note)

    # showing the plan -------------------------------------------------------------------------
    def refresh(self, plan: Plan) -> None:
        """Redraw the note, the buttons, the pickers and the row editors from ``plan``."""
        from mocmo import neworg

        given_moves, given_leavers = plan.moves is not None, plan.leavers is not None
        if not given_moves and not given_leavers:
            self.note.value = (
                "<div>The moves and leavers are the <b>plan default</b>, derived from the new "
                "org: each custodian from its own team, MarOps and GTM positions from the teams "
                "with people free, then hires for what is left; whoever does not move leaves "
                "when the team changes shape. Press <b>Edit moves and leavers</b> to make them "
                "yours.</div>"
            )
        else:
            parts = [
                f"{len(plan.moves or ())} moves" if given_moves else "moves: plan default",
                f"{len(plan.leavers or ())} leaver rows"
                if given_leavers
                else "leavers: plan default",
            ]
            self.note.value = (
                f"<div>Your plan gives the people flows ({html.escape('; '.join(parts))}); "
                "they are used exactly as given.</div>"
            )
        self.edit_button.disabled = given_moves and given_leavers
        self.default_button.disabled = not (given_moves or given_leavers)
        teams = [(r.name, r.name) for r in plan.legacy_roles]
        keys = [p.key for p in neworg.positions(plan)]
        keys += [m.to for m in plan.moves or () if m.to not in keys]
        self.move_team.set_choices(teams)
        self.move_to.set_choices([(k, k) for k in keys])
        self.leaver_team.set_choices(teams)
        self.move.set_choices(
            [(_flow_label(plan, "moves", i), i) for i in range(len(plan.moves or ()))]
        )
        self.leaver.set_choices(
            [(_flow_label(plan, "leavers", i), i) for i in range(len(plan.leavers or ()))]
        )
        self.add_move_button.disabled = not given_moves
        self.add_leaver_button.disabled = not given_leavers
        self._load(plan)

    def _load(self, plan: Plan) -> None:
        """Put the picked move's and leavers' values in their boxes (disabled when none)."""
        for field, picker, widgets, remove in (
            ("moves", self.move, (self.move_team, self.move_to, self.move_count,
                                  self.move_month), self.remove_move_button),
            ("leavers", self.leaver, (self.leaver_team, self.leaver_count, self.leaver_month),
             self.remove_leaver_button),
        ):  # fmt: skip
            has = picker.value is not None and bool(getattr(plan, field))
            for widget in (*widgets, remove):
                widget.disabled = not has
            if has:
                for widget in widgets:
                    if isinstance(widget, PlanField):
                        widget.reload()
        for follow in self._followers:
            follow(plan)


# --------------------------------------------------------------------------- transition inputs

_Shown = Callable[[Any, str], str]


def _weeks(v: Any, _cur: str) -> str:
    return f"{float(v):g} weeks"


def _months(v: Any, _cur: str) -> str:
    return f"{float(v):g} months"


def _money(v: Any, cur: str) -> str:
    return fmt_money(float(v), cur)


_TRANSITION_INPUTS: tuple[tuple[str, str, str, _Shown], ...] = (
    ("redundancy_multiple", "Redundancy multiple (× statutory)", "number",
     lambda v, _c: f"{float(v):g}× statutory"),
    ("notice_weeks", "Notice (weeks)", "number", _weeks),
    ("settlement_per_leaver", "Settlement per leaver", "money", _money),
    ("retraining_per_mover", "Retraining per mover", "money", _money),
    ("ramp_months_hire", "Ramp-up of a hire (months)", "number", _months),
    ("ramp_months_mover", "Ramp-up of a mover (months)", "number", _months),
    ("ramp_start_productivity", "Productivity on day one", "percent",
     lambda v, _c: fmt_pct(float(v))),
    ("overlap_months", "Handover overlap (months)", "months", _months),
    ("early_attrition", "Planned movers who resign first", "percent",
     lambda v, _c: fmt_pct(float(v))),
)  # fmt: skip
"""Each typed transition input: key of ``assumptions.transition``, box label, box kind, and how
the value in use is said."""

_NOTICE_CHOICES = (("paid in lieu", True), ("worked", False))
_TEAM_INPUTS: tuple[tuple[str, str, _Shown], ...] = (
    ("average_service_years", "Average service (years)", lambda v, _c: f"{float(v):g} years"),
    ("average_age", "Average age (years)", lambda v, _c: f"{float(v):g}"),
)


def _in_use(text: str, is_default: bool, source: str) -> str:
    """The value in use, marked "— plan default" when the plan leaves the field empty, with the
    default's source on hover."""
    words = f"{text} — {PLAN_DEFAULT}" if is_default else text
    return (
        f"<span class='mocmo-in-use' title='{html.escape(source, quote=True)}'>"
        f"in use: {html.escape(words)}</span>"
    )


class TransitionInputsSection(w.VBox):
    """The transition's cost inputs (``assumptions.transition``) and each team's average service
    and age: a box per input, empty when the plan leaves it to the default, with the value in
    use beside it ("4 weeks — plan default") and the default's source on hover. A value typed —
    0 included — is used as given; emptying a box goes back to the default."""

    def __init__(
        self,
        session: ui.PlanSession,
        box: dict[str, Any],
        loud: Callable[[str, Any], list[Problem]],
        say: ui.ProblemList,
    ) -> None:
        from mocmo.transition import transition_assumptions, transition_parameters

        self.session = session
        defaults = transition_assumptions()
        params = transition_parameters()
        cur = session.plan.meta.currency
        at = "assumptions.transition"
        self.fields: dict[str, PlanField] = {}
        self.in_use: dict[str, w.HTML] = {}
        rows: list[w.Widget] = []
        for key, label, kind, shown in _TRANSITION_INPUTS:
            self.fields[key] = PlanField(
                session, f"{at}.{key}", label, kind, optional=True,  # type: ignore[arg-type]
                placeholder=f"{shown(getattr(defaults, key), cur)} — {PLAN_DEFAULT}", **box,
            )  # fmt: skip
            self.in_use[key] = w.HTML()
            rows.append(w.HBox([self.fields[key], self.in_use[key]]))
        default_notice = "paid in lieu" if defaults.notice_paid_in_lieu else "worked"
        self.notice = w.Dropdown(
            description="Notice is",
            options=[(f"{default_notice} — {PLAN_DEFAULT}", "default"),
                     *((text, text) for text, _v in _NOTICE_CHOICES)],
            style={"description_width": box.get("label_width", "11em")},
            layout=w.Layout(width=box.get("width", "22em")),
        )  # fmt: skip
        to_plan = {"default": None, **{text: v for text, v in _NOTICE_CHOICES}}
        self._notice_follow = bind(
            self.notice,
            session,
            f"{at}.notice_paid_in_lieu",
            edit=loud,
            show=say,
            to_plan=lambda choice: to_plan[choice],
            from_plan=lambda v: "default" if v is None else ("paid in lieu" if v else "worked"),
        )
        self.in_use["notice_paid_in_lieu"] = w.HTML()
        rows.insert(2, w.HBox([self.notice, self.in_use["notice_paid_in_lieu"]]))
        # per team
        self.team = Choices(description="Team", style=_LABEL, layout=_FIELD)
        self.team_fields: dict[str, PlanField] = {}
        for key, label, _shown in _TEAM_INPUTS:
            self.team_fields[key] = number_field(
                session, self._team_path(key), label, optional=True,
                placeholder=f"{_shown(getattr(defaults, key), cur)} — {PLAN_DEFAULT}", **box,
            )  # fmt: skip
            self.in_use[key] = w.HTML()
        self.team.on_pick(lambda _c: self._load_team(self.session.plan), say, "show your choice")
        self._params = params
        super().__init__(
            [
                w.HTML(
                    "<div>Leave a box empty to use the default (hover <i>in use</i> for its "
                    "source); a value you type — 0 too — is used as it is.</div>"
                ),
                *rows,
                ui.section("Each team's service and age (sets redundancy and notice)"),
                self.team,
                *(w.HBox([self.team_fields[k], self.in_use[k]]) for k, _l, _s in _TEAM_INPUTS),
            ]
        )

    def _team_path(self, key: str) -> Callable[[], str | None]:
        return lambda: (
            None if self.team.value is None else f"legacy_roles[{int(self.team.value)}].{key}"
        )

    def refresh(self, plan: Plan) -> None:
        """Redraw the values in use and the team picker from ``plan``."""
        from mocmo.transition import plan_transition_assumptions, transition_input_is_default

        used = plan_transition_assumptions(plan)
        cur = plan.meta.currency
        for key, _label, _kind, shown in _TRANSITION_INPUTS:
            self.in_use[key].value = _in_use(
                shown(getattr(used, key), cur),
                transition_input_is_default(plan, key),
                self._params[key].source,
            )
        self.in_use["notice_paid_in_lieu"].value = _in_use(
            "paid in lieu" if used.notice_paid_in_lieu else "worked",
            transition_input_is_default(plan, "notice_paid_in_lieu"),
            self._params["notice_paid_in_lieu"].source,
        )
        self._notice_follow(plan)
        self.team.set_choices([(r.name, i) for i, r in enumerate(plan.legacy_roles)])
        self._load_team(plan)

    def _load_team(self, plan: Plan) -> None:
        from mocmo.transition import plan_transition_assumptions

        has = self.team.value is not None and bool(plan.legacy_roles)
        used = plan_transition_assumptions(plan)
        for key, _label, shown in _TEAM_INPUTS:
            field = self.team_fields[key]
            if not has:
                field.show(None)
                field.disabled = True
                self.in_use[key].value = ""
                continue
            field.reload()
            field.disabled = False  # empty is a value here: the default
            role = plan.legacy_roles[int(self.team.value)]
            given = getattr(role, key)
            value = given if given is not None else getattr(used, key)
            self.in_use[key].value = _in_use(
                shown(value, plan.meta.currency), given is None, self._params[key].source
            )


def _flows_html(plan: Plan) -> str:
    """Every people flow: what, from, to, people, month, and whether it is the plan default."""
    from mocmo.transition import flows as people

    rows = [
        {
            "What": _FLOW_WORDS[f.kind],
            "From": f.team or "(hire)",
            "To": f.to or "(leaves the company)",
            "People": f"{f.count:g}",
            "Month": mig.month_label(plan, f.month),
            "Set by": PLAN_DEFAULT if f.derived else "your plan",
        }
        for f in people.flows(plan)
    ]
    return ui.html_table(rows, numeric=("People",))
