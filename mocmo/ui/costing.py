"""Step 5 · Costing: the page where a CMO prices the four-role MarOps team, checks the
"net roughly flat" claim and sees the whole org's cost as a range.

:class:`CostingPanel` has percent boxes for the point in each band (per MarOps seat, and for the
Head of GTM and GTM Marketers), the on-cost rates, the seats (which roles each holds, a band
override, combine roles into one seat or split a seat), the roles MarOps replaces (add, edit,
remove), and a Monte Carlo with a progress bar. Every edit makes a new plan through
:meth:`mocmo.ui.core.StepLayout.edit` (typed boxes from :mod:`mocmo.ui.fields`: percent boxes
take and show percent, money boxes read 52k or £2.5m); the panel holds no figures of its own and
redraws its tables (:mod:`mocmo.ui.costing_tables`), five charts and the ranges on the drivers
(:mod:`mocmo.ui.ranges`) from ``session.plan`` after each change. Every figure comes from
:mod:`mocmo.costing` and :mod:`mocmo.ranges`.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from mocmo import costing
from mocmo.charts import costing as charts
from mocmo.format import fmt_money
from mocmo.plan import MAROPS_ROLE_KEYS, MAROPS_ROLE_TITLES, Band, Plan, Problem, band_fraction
from mocmo.ui import costing_tables as tables
from mocmo.ui.core import (
    ChartBox,
    PlanSession,
    ProblemList,
    StepLayout,
    guarded,
    open_session,
    section,
    show_message,
)
from mocmo.ui.costing_countries import CountrySection
from mocmo.ui.fields import Choices, PlanField, bind, count_field, money_field, point_field
from mocmo.ui.ranges import DriverRangesSection
from mocmo.ui.wholecost import StaffingSection, WholeCostSection

__all__ = ["NEW", "CostingPanel", "SeatRow", "panel", "point_value", "simulate_with_progress"]

NEW = -1
"""Value of the replaced-role picker meaning 'a new replaced role'."""
MC_DRAWS_RANGE = (100, 1_000_000)
"""The draw counts the Costing step runs: fewer are noise, more take too long in a page."""

_WHY = (
    "Organise MarOps around <b>workflows and decisions, not platforms</b>: four roles — Head "
    "of Marketing Operations, Workflow Architect, Data Steward, Prompt &amp; Knowledge "
    "Designer — which a smaller team combines into one or two people. They cost more per head "
    "than a 2022 MarOps team, but replace a layer or two of coordinators and specialists, so "
    "the net should be roughly flat. Set where each salary sits in its band, the on-costs, "
    "who holds which role and which roles go; every figure below is recomputed, as a range."
)
_NEXT = (
    "Go to <a href='04_migration_timeline.ipynb'><b>Step 6 · Migration</b></a>: "
    "when each seat is hired, when each replaced role ends, and the cost month by month."
)
_SHORT = {
    "head_of_marops": "Head",
    "workflow_architect": "Workflows",
    "data_steward": "Data",
    "prompt_knowledge_designer": "Prompts & knowledge",
}
_ON_COSTS: tuple[tuple[str, str, str], ...] = (
    # field, label, kind: pct (stored as a fraction, shown as %) or money
    ("employer_ni_rate", "Employer NI", "pct"),
    ("ni_threshold", "NI threshold", "money"),
    ("pension_rate", "Employer pension", "pct"),
    ("pension_lower", "Pension lower limit", "money"),
    ("pension_upper", "Pension upper limit", "money"),
    ("benefits_rate", "Benefits & overheads", "pct"),
    ("tools_per_head", "Tools & AI per head", "money"),
    ("recruitment_fee_rate", "Recruitment fee", "pct"),
)
_LABEL = w.Layout(width="19em")
_MONEY = w.Layout(width="9em")


def point_value(fraction: float) -> str | float:
    """How a slider position is written into the plan: ``low``/``mid``/``high`` at 0, 0.5 and
    1, otherwise the fraction rounded to 3 places."""
    rounded = round(float(fraction), 3)
    return {0.0: "low", 0.5: "mid", 1.0: "high"}.get(rounded, rounded)


def _point_box(session: PlanSession, path: str | None, **options: Any) -> PlanField:
    """A point-in-band box for where a salary sits in its band (low, mid, high, or 0–100%),
    written in the plan as ``low``/``mid``/``high`` or a fraction (:func:`point_value`)."""
    return point_field(
        session,
        path,
        "Point in band",
        to_plan=point_value,
        from_plan=band_fraction,
        width="16em",
        label_width="7em",
        **options,
    )


class SeatRow(w.VBox):
    """One MarOps seat: the roles it holds, its point in the band, an optional band override
    and a button to split it into one seat per role."""

    def __init__(self, session: PlanSession, index: int, **point: Any) -> None:
        self.index = index
        self.title = w.HTML(layout=_LABEL)
        self.roles = {
            key: w.Checkbox(description=_SHORT[key], indent=False, layout=w.Layout(width="auto"))
            for key in MAROPS_ROLE_KEYS
        }
        self.point = _point_box(session, f"marops_seats[{index}].point", **point)
        self.salary = w.HTML()
        self.override = w.Checkbox(description="Own band", indent=False, layout=_MONEY)
        self.band_low = money_field(session, None, "low", width="11em", label_width="2.5em")
        self.band_high = money_field(session, None, "high", width="11em", label_width="2.5em")
        self.split = w.Button(
            description="Split into one seat per role",
            icon="columns",
            layout=w.Layout(width="auto"),
        )
        super().__init__(
            [
                w.HBox([self.title, *self.roles.values()]),
                w.HBox([w.HTML(layout=w.Layout(width="2em")), self.point, self.salary]),
                w.HBox(
                    [
                        w.HTML(layout=w.Layout(width="2em")),
                        self.override,
                        self.band_low,
                        self.band_high,
                        self.split,
                    ]
                ),
            ],
            layout=w.Layout(border_bottom="1px solid #ddd", padding="2px 0 6px 0"),
        )


class CostingPanel(StepLayout):
    """The MarOps costing step: inputs, figures, checks and charts of one session."""

    def __init__(self, session: PlanSession | None = None) -> None:
        self.session = session if session is not None else open_session()
        self.edit_note = w.HTML()
        self.edit_problems = ProblemList(ok_text="")
        self.edit_problems.layout.display = "none"
        self._seat_signature: tuple[Any, ...] = ()
        self.sim: costing.Simulation | None = None
        self.charts: dict[str, Any] = {}

        # seats
        self.seat_rows: list[SeatRow] = []
        self.seat_box = w.VBox()
        self.combine_roles = w.SelectMultiple(
            options=[(t, k) for k, t in _role_titles().items()],
            rows=4,
            description="Roles",
            layout=w.Layout(width="24em"),
        )
        self.combine_button = w.Button(
            description="Combine into one seat", icon="compress", layout=w.Layout(width="auto")
        )
        self.combine_button.on_click(
            guarded(lambda _b: self.combine(), self._say, what="combine the roles")
        )

        # the audience tower's points
        box = {"edit": self._quiet_edit, "crash": self.edit_problems}
        self.head_of_gtm_point = _point_box(self.session, "new_roles.head_of_gtm_point", **box)
        self.gtm_marketer_point = _point_box(self.session, "new_roles.gtm_marketer_point", **box)
        self.gtm_salaries = w.HTML()

        # on-costs: typed boxes, each saying its own problem
        self.on_cost_widgets: dict[str, PlanField] = {
            field: PlanField(
                self.session,
                f"assumptions.on_costs.{field}",
                label,
                "percent" if kind == "pct" else "money",
                edit=self._quiet_edit,
                crash=self.edit_problems,
            )
            for field, label, kind in _ON_COSTS
        }
        self.pension_basis = w.Dropdown(
            options=[("Qualifying earnings", "qualifying"), ("Whole salary", "salary")],
            description="Pension on",
            style={"description_width": "11em"},
            layout=w.Layout(width="19em"),
        )
        bind(
            self.pension_basis,
            self.session,
            "assumptions.on_costs.pension_basis",
            edit=self._loud_edit,
            show=self._say,
        )

        self.countries = CountrySection(self.session, self._apply, self._quiet_edit, self._say)

        # replaced roles
        self.replaced_table = w.HTML()
        self.replaced_picker = Choices(description="Role", layout=w.Layout(width="30em"))
        self.replaced_title = w.Text(description="Title", layout=w.Layout(width="30em"))
        form = {"width": "16em", "label_width": "5em"}
        self.replaced_count = count_field(self.session, None, "Count", **form)
        self.replaced_low = money_field(self.session, None, "Band low", **form)
        self.replaced_high = money_field(self.session, None, "Band high", **form)
        self.replaced_count.value, self.replaced_low.value, self.replaced_high.value = (
            1,
            30000.0,
            40000.0,
        )
        self.replaced_point = _point_box(self.session, None)
        self.replaced_point.show(0.5)
        self.add_replaced_button = w.Button(description="Add", icon="plus", button_style="primary")
        self.save_replaced_button = w.Button(description="Save changes", icon="check")
        self.remove_replaced_button = w.Button(
            description="Remove", icon="trash", button_style="danger"
        )
        self.replaced_picker.on_pick(self._on_pick_replaced, self._say, what="show this role")
        self.add_replaced_button.on_click(
            guarded(lambda _b: self.add_replaced(), self._say, what="add the role")
        )
        self.save_replaced_button.on_click(
            guarded(lambda _b: self.save_replaced(), self._say, what="save the role")
        )
        self.remove_replaced_button.on_click(
            guarded(lambda _b: self.remove_replaced(), self._say, what="remove the role")
        )

        # Monte Carlo
        self.distribution = w.Dropdown(
            options=[("Triangular (peak at the point)", "triangular"), ("Uniform", "uniform")],
            value="triangular",
            description="Draw salaries",
        )
        # A plain IntText: a bounded one clamps what is typed without a word. A count outside
        # MC_DRAWS_RANGE is refused under the box, stays typed, and the last good count is used.
        self.draws = w.IntText(value=costing.MC_DRAWS, step=1000, description="Draws")
        self.draws_note = w.HTML()
        self._draws = costing.MC_DRAWS
        self.draws.observe(self._take_draws, names="value")
        self.seed = w.IntText(value=costing.MC_SEED, description="Seed")
        self.run_button = w.Button(description="Run Monte Carlo", icon="play")
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Progress")
        self.run_button.on_click(
            guarded(
                lambda _b: self.run_monte_carlo(),
                self._say,
                what="run the Monte Carlo",
                busy=(self.run_button,),
                reset=lambda: setattr(self.progress, "value", 0),
            )
        )

        # results and charts
        self.figures = w.HTML()
        self.ranges = w.HTML()
        self.org_table = w.HTML()
        self.ownership = w.HTML()
        self.lines = w.HTML()
        self.checks = ProblemList(ok_text="MarOps passes every costing check.")
        # the whole cost (payroll + AI + non-payroll) and each group staffed to its hours
        edit, problems = self._quiet_edit, self.edit_problems
        self.whole = WholeCostSection(self.session, edit=edit, problems=problems)
        self.staffing = StaffingSection(self.session, edit=edit, problems=problems, chart=False)
        self.driver_ranges = DriverRangesSection(self.session, follow=False)  # redrawn in refresh
        self.boxes = {
            name: ChartBox()
            for name in ("cost_range", "org_cost", "waterfall", "distribution", "tornado")
        }

        inputs = [
            section("MarOps seats — who holds which role, and where each salary sits"),
            self.seat_box,
            w.HBox([self.combine_roles, self.combine_button]),
            section("The audience tower"),
            w.HBox([w.HTML("Head of GTM", layout=_LABEL), self.head_of_gtm_point]),
            w.HBox([w.HTML("GTM Marketer", layout=_LABEL), self.gtm_marketer_point]),
            self.gtm_salaries,
            section("On-costs"),
            w.HBox(
                [
                    w.VBox([self.on_cost_widgets[f] for f, _l, _k in _ON_COSTS[:4]]),
                    w.VBox(
                        [
                            *[self.on_cost_widgets[f] for f, _l, _k in _ON_COSTS[4:]],
                            self.pension_basis,
                        ]
                    ),
                ]
            ),
            section("Countries — whose employer rules and currency each person is costed in"),
            self.countries,
            section("Roles MarOps replaces"),
            self.replaced_table,
            self.replaced_picker,
            self.replaced_title,
            w.HBox([self.replaced_count, self.replaced_low, self.replaced_high]),
            self.replaced_point,
            w.HBox(
                [self.add_replaced_button, self.save_replaced_button, self.remove_replaced_button]
            ),
            self.edit_note,
            self.edit_problems,
            section("Salary ranges of the new positions (payroll only)"),
            w.HBox([self.distribution, self.draws, self.seed]),
            self.draws_note,
            w.HBox([self.run_button, self.progress]),
        ]
        results = [
            self.figures,
            self.ranges,
            self.whole,
            self.driver_ranges,
            self.staffing,
            section("Legacy vs new org"),
            self.org_table,
            section("The ownership test"),
            self.ownership,
            section("Reporting lines"),
            self.lines,
            self.checks,
        ]
        super().__init__(
            title="Step 5 · Costing",
            why=_WHY,
            inputs=inputs,
            results=results,
            charts=list(self.boxes.values()),
            next_step=_NEXT,
            session=self.session,
        )
        self.session.observe(self.refresh)
        self.refresh(self.session.plan)
        self._load_replaced(NEW)

    # ------------------------------------------------------------------------- redrawing
    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw every input, figure, table, check and chart from the plan."""
        plan = plan if plan is not None else self.session.plan
        self._sync_seats(plan)
        self.countries.refresh(plan)
        self.replaced_picker.set_choices(
            [
                ("— a new replaced role —", NEW),
                *[(r.title, i) for i, r in enumerate(plan.replaced_roles)],
            ]
        )
        self._set_replaced_buttons()
        cur = plan.meta.currency
        fte = costing.custodian_fte(plan)
        self.gtm_salaries.value = tables.gtm_html(plan)
        self.replaced_table.value = tables.replaced_html(plan)
        self.figures.value = tables.figures_html(plan)
        self.org_table.value = tables.org_html(plan, fte)
        self.ownership.value = tables.ownership_html(plan)
        self.lines.value = tables.lines_html(plan)
        self.checks.show(costing.checks(plan))
        self.run_monte_carlo(plan, fte, redraw=False)
        self.charts = {
            "cost_range": charts.cost_range_chart(costing.marops_seat_table(plan), cur),
            "org_cost": charts.org_cost_chart(costing.org_cost_by_group(plan, fte), cur),
            "waterfall": charts.waterfall_chart(costing.net_change_waterfall(plan, fte), cur),
            "tornado": charts.tornado_chart(costing.sensitivity(plan, fte), cur),
        }
        for name in ("cost_range", "org_cost", "waterfall", "tornado"):
            self.boxes[name].draw(self.charts[name])
        self._draw_distribution(plan)
        self.driver_ranges.refresh(plan)

    def _sync_seats(self, plan: Plan) -> None:
        signature = tuple((s.name, s.roles) for s in plan.marops_seats)
        if signature != self._seat_signature:
            self.seat_rows = [self._seat_row(i) for i in range(len(plan.marops_seats))]
            self.seat_box.children = tuple(self.seat_rows)
            self._seat_signature = signature
        for row, seat in zip(self.seat_rows, plan.marops_seats, strict=True):
            band = plan.seat_band(seat)
            salary = costing.seat_salary(plan, seat)
            oc = costing.seat_basis(plan, seat)
            row.title.value = f"<b>{html.escape(seat.name)}</b>"
            for key, box in row.roles.items():
                box.value = key in seat.roles
            row.point.follow(seat.point)
            row.salary.value = (
                f"{fmt_money(salary, plan.meta.currency)} salary · "
                f"{fmt_money(float(costing.loaded_cost(salary, oc)), plan.meta.currency)} loaded "
                f"<small>(band {fmt_money(band.low, plan.meta.currency)}–"
                f"{fmt_money(band.high, plan.meta.currency)})</small>"
            )
            row.override.value = seat.band is not None
            row.band_low.show(band.low)
            row.band_high.show(band.high)
            row.band_low.disabled = row.band_high.disabled = seat.band is None
            row.split.disabled = len(seat.roles) < 2

    def _seat_row(self, index: int) -> SeatRow:
        row = SeatRow(
            self.session, index, edit=self._quiet_edit, crash=self.edit_problems, track=False
        )
        edit = "apply this edit"
        for key, box in row.roles.items():
            box.observe(
                guarded(lambda c, k=key: self._toggle_role(index, k, c), self._say, what=edit),
                names="value",
            )
        row.override.observe(
            guarded(lambda c: self._toggle_override(index, c), self._say, what=edit),
            names="value",
        )
        for box in (row.band_low, row.band_high):
            box.text.observe(
                guarded(lambda _c: self._set_band(index), self._say, what=edit), names="value"
            )
        row.split.on_click(guarded(lambda _b: self.split(index), self._say, what="split the seat"))
        return row

    def _say(self, message: str) -> None:
        """Show why a button or an edit failed, under the inputs."""
        show_message(self.edit_problems, message)

    def _draw_distribution(self, plan: Plan) -> None:
        if self.sim is None:
            return
        self.charts["distribution"] = charts.distribution_chart(
            self.sim, "net_change", plan.meta.currency
        )
        self.boxes["distribution"].draw(self.charts["distribution"])

    # ------------------------------------------------------------------------- Monte Carlo
    def _take_draws(self, change: dict[str, Any]) -> None:
        """Use a typed draw count inside :data:`MC_DRAWS_RANGE`; refuse any other under the box."""
        low, high = MC_DRAWS_RANGE
        typed = int(change["new"])
        if low <= typed <= high:
            self._draws = typed
            self.draws_note.value = ""
        else:
            self.draws_note.value = (
                f"<span class='mocmo-error'>Draws must be from {low:,} to {high:,} — you typed "
                f"{typed:,}; the Monte Carlo keeps {self._draws:,} draws.</span>"
            )

    def run_monte_carlo(
        self, plan: Plan | None = None, fte: dict[str, float] | None = None, redraw: bool = True
    ) -> costing.Simulation:
        """Run the Monte Carlo with the chosen distribution, draws and seed, moving the
        progress bar; show its P10 / P50 / P90 and redraw the distribution chart."""
        plan = plan if plan is not None else self.session.plan
        self.progress.max = self._draws
        self.progress.value = 0

        def tick(done: int, total: int) -> None:
            self.progress.value = done

        self.sim = costing.simulate(
            plan,
            draws=self._draws,
            seed=int(self.seed.value),
            distribution=self.distribution.value,
            progress=tick,
            fte=fte,
        )
        self.ranges.value = tables.ranges_html(plan, self.sim)
        if redraw:
            self._draw_distribution(plan)
        return self.sim

    # ------------------------------------------------------------------------- edits
    def _quiet_edit(self, path: str, value: Any) -> list[Problem]:
        """A typed box's edit: its problems are said next to the box."""
        return self.edit(path, value, show=False)

    def _loud_edit(self, path: str, value: Any) -> list[Problem]:
        return self.edit(path, value)

    def _apply(self, changes: dict[str, Any], done: str = "") -> list[Problem]:
        problems = self.edit(changes, done=done)
        if problems:
            self._sync_seats(self.session.plan)  # put the seat widgets back to the plan's values
        return problems

    def _toggle_role(self, index: int, key: str, change: dict[str, Any]) -> None:
        seat = self.session.plan.marops_seats[index]
        wanted = set(seat.roles) | {key} if change["new"] else set(seat.roles) - {key}
        roles = [k for k in MAROPS_ROLE_KEYS if k in wanted]
        if tuple(roles) != tuple(seat.roles):  # the plan's own value is no edit
            self._apply({f"marops_seats[{index}].roles": roles})

    def _toggle_override(self, index: int, change: dict[str, Any]) -> None:
        plan = self.session.plan
        seat = plan.marops_seats[index]
        if bool(change["new"]) == (seat.band is not None):
            return
        band: Band | None = plan.seat_band(seat) if change["new"] else None
        self._apply({f"marops_seats[{index}].band": band})

    def _set_band(self, index: int) -> None:
        row = self.seat_rows[index]
        seat = self.session.plan.marops_seats[index]
        if not row.override.value or seat.band is None:
            return
        if not (row.band_low.typed or row.band_high.typed):
            return  # the boxes show the plan's band (a redraw), nobody typed
        try:
            low, high = row.band_low.read(), row.band_high.read()
        except ValueError:
            return  # the box says what it cannot read
        if (low, high) == (seat.band.low, seat.band.high):
            return
        self._apply({f"marops_seats[{index}].band": {"low": low, "high": high}})

    def set_seat_point(self, index: int, fraction: float) -> None:
        """Type ``fraction`` (0.5 = mid) in seat ``index``'s point box (as a user would)."""
        self.seat_rows[index].point.value = fraction

    def combine(self) -> list[Problem]:
        """Put the roles chosen in the Roles list into one seat (one person)."""
        keys = list(self.combine_roles.value)
        if not keys:
            problems = [Problem("marops_seats", "choose the roles to combine first")]
            self.edit_problems.show(problems)
            self.edit_problems.layout.display = None
            return problems
        changes = costing.combine_roles_changes(self.session.plan, keys)
        names = " + ".join(_role_titles()[k] for k in MAROPS_ROLE_KEYS if k in keys)
        problems = self._apply(changes, f"{names} are now one seat.")
        if not problems:
            self.combine_roles.value = ()
        return problems

    def split(self, index: int) -> list[Problem]:
        """Split seat ``index`` into one seat per role it holds."""
        plan = self.session.plan
        name = plan.marops_seats[index].name
        return self._apply(
            costing.split_seat_changes(plan, index), f"Split {name!r} into one seat per role."
        )

    # ------------------------------------------------------------------------- replaced roles
    def _on_pick_replaced(self, change: Mapping[str, Any]) -> None:
        self._load_replaced(int(change["new"]))
        self._set_replaced_buttons()

    def _set_replaced_buttons(self) -> None:
        editing = self.replaced_picker.value != NEW
        self.save_replaced_button.disabled = not editing
        self.remove_replaced_button.disabled = not editing

    def _load_replaced(self, index: int) -> None:
        plan = self.session.plan
        if 0 <= index < len(plan.replaced_roles):
            role = plan.replaced_roles[index]
            self.replaced_title.value = role.title
            self.replaced_count.show(role.count)
            self.replaced_low.show(role.band.low)
            self.replaced_high.show(role.band.high)
            self.replaced_point.show(band_fraction(role.point))
        else:
            self.replaced_title.value = ""
            self.replaced_count.show(1)

    def replaced_draft(self) -> dict[str, Any]:
        """The replaced role the form describes, as plan data (not yet validated); a
        ``ValueError`` when a box cannot be read (the box says why)."""
        index = self.replaced_picker.value
        plan = self.session.plan
        leaves = plan.replaced_roles[index].leaves_month if index != NEW else None
        boxes = (self.replaced_count, self.replaced_low, self.replaced_high, self.replaced_point)
        read = []
        for box in boxes:  # every box says what it cannot read, not just the first
            with contextlib.suppress(ValueError):
                read.append(box.read())
        if len(read) != len(boxes):
            raise ValueError("a box of the form cannot be read")
        count, low, high, point = read
        return {
            "title": self.replaced_title.value,
            "count": count,
            "band": {"low": low, "high": high},
            "point": point_value(point),
            "leaves_month": leaves,
        }

    def _unreadable(self) -> list[Problem]:
        problems = [Problem("replaced_roles", "not changed: fix the boxes marked in red")]
        self.edit_problems.show(problems)
        self.edit_problems.layout.display = None
        return problems

    def add_replaced(self) -> list[Problem]:
        """Add the form's role to the roles MarOps replaces."""
        try:
            draft = self.replaced_draft()
        except ValueError:
            return self._unreadable()
        draft["leaves_month"] = None
        existing = list(self.session.plan.replaced_roles)
        problems = self._apply(
            {"replaced_roles": [*existing, draft]}, f"Added {draft['title'].strip()!r}."
        )
        if not problems:
            self.replaced_picker.value = len(existing)
        return problems

    def save_replaced(self) -> list[Problem]:
        """Replace the picked replaced role with the form's values."""
        index = self.replaced_picker.value
        if index == NEW:
            return []
        try:
            draft = self.replaced_draft()
        except ValueError:
            return self._unreadable()
        return self._apply({f"replaced_roles[{index}]": draft}, f"Saved {draft['title']!r}.")

    def remove_replaced(self) -> list[Problem]:
        """Remove the picked replaced role."""
        index = self.replaced_picker.value
        if index == NEW:
            return []
        roles = list(self.session.plan.replaced_roles)
        gone = roles.pop(index)
        self.replaced_picker.value = NEW
        return self._apply({"replaced_roles": roles}, f"Removed {gone.title!r}.")


# --------------------------------------------------------------------------- helpers


def _role_titles() -> dict[str, str]:
    return dict(MAROPS_ROLE_TITLES)


def simulate_with_progress(
    plan: Plan,
    draws: int = costing.MC_DRAWS,
    seed: int = costing.MC_SEED,
    distribution: costing.Distribution = "triangular",
    into: w.Box | None = None,
) -> costing.Simulation:
    """:func:`mocmo.costing.simulate` with a progress bar, for long runs: an ``IntProgress``
    and a "N of M draws" label, put in the box ``into`` — by default a new box shown with
    IPython's ``display`` inside a kernel (notebook, Voilà); in plain Python nothing is shown
    or printed."""
    if into is None:
        from IPython import get_ipython
        from IPython.display import display

        if getattr(get_ipython(), "kernel", None) is None:
            return costing.simulate(plan, draws=draws, seed=seed, distribution=distribution)
        into = w.HBox()
        display(into)
    bar = w.IntProgress(value=0, min=0, max=draws, description="Monte Carlo")
    label = w.Label(f"0 of {draws:,} draws")
    into.children = (bar, label)

    def tick(done: int, total: int) -> None:
        bar.value = done
        label.value = f"{done:,} of {total:,} draws"

    return costing.simulate(plan, draws=draws, seed=seed, distribution=distribution, progress=tick)


def panel(session: PlanSession | None = None) -> CostingPanel:
    """The MarOps costing page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return CostingPanel(session)
