"""Step 3 · Audiences: the page where a CMO writes down who the team serves and who owns what.

:class:`AudiencesPanel` shows the plan's audiences as a table, a form to add, edit or remove
one, the products editor (:class:`~mocmo.ui.products.ProductsEditor`: add, rename — every pain
that lists the product follows — and remove, which asks first when pains use the product), the
audience checks with their severity, and the two charts of the step. Every button makes
a new plan through :meth:`mocmo.ui.core.StepLayout.edit`; an invalid edit shows its problems in
the panel and leaves the plan as it was. The pipeline box reads money as people type it (2m,
£2.5M, 250k) and says what it cannot read; such a form is not saved. The panel holds no figures
of its own: after each change it redraws everything from ``session.plan``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w
import pandas as pd

from mocmo import audiences as aud
from mocmo.charts.audiences import audience_charts
from mocmo.format import currency_symbol, fmt_money, fmt_pct
from mocmo.plan import MAX_MONTH, Audience, Plan, Problem
from mocmo.ui import core as ui
from mocmo.ui.fields import Choices, money_field
from mocmo.ui.products import ProductsEditor
from mocmo.ui.records import NEW, enable_when_picked

__all__ = ["NEW", "NO_OWNER", "AudiencesPanel", "PainRow", "panel", "styled_table"]

NO_OWNER = "(no owner yet)"
"""Label of the owner choice for an audience nobody owns yet."""

_WHY = (
    "The Mini CMO model organises the team by <b>audience, not function</b>. Each audience gets "
    "one owner — a GTM Marketer — who owns its pains, the products that answer them, the "
    "messaging that connects the two, the channels where its buyers really are, and its "
    "pipeline. Write each audience down here; the checks tell you where ownership, segments, "
    "messaging or pipeline do not add up yet."
)
_NEXT = (
    "Go to <a href='02_role_reshape.ipynb'><b>Step 4 · Reshape</b></a>: what each team "
    "keeps, what shifts to the GTM Marketers who own these audiences, and what AI absorbs."
)
_WIDE = w.Layout(width="42em")
_LABEL_WIDTH = "8em"
_SEGMENT_PLACEHOLDER = "Any"


class PainRow(w.HBox):
    """One pain of the audience in the form: its name, the products that answer it, and a
    button to drop it."""

    def __init__(self, products: Sequence[str], name: str = "", chosen: Sequence[str] = ()):
        self.name = w.Text(value=name, placeholder="A problem the buyer has, in their words")
        self.name.layout = w.Layout(width="26em")
        self.products = w.SelectMultiple(
            options=list(products),
            value=[p for p in chosen if p in products],
            rows=min(max(len(products), 2), 4),
            layout=w.Layout(width="16em"),
        )
        self.remove = w.Button(description="Drop", icon="trash", layout=w.Layout(width="6em"))
        super().__init__([self.name, self.products, self.remove])

    def set_products(self, products: Sequence[str]) -> None:
        """Offer ``products``, keeping the chosen ones that are still sold."""
        keep = [p for p in self.products.value if p in products]
        self.products.options = list(products)
        self.products.value = keep

    def is_blank(self) -> bool:
        """True when neither a name nor a product is filled in (the row is ignored)."""
        return not self.name.value.strip() and not self.products.value

    def as_data(self) -> dict[str, Any]:
        """The pain as plan data."""
        return {"name": self.name.value, "products": list(self.products.value)}


class AudiencesPanel(ui.StepLayout):
    """The Audiences step: table, add/edit/remove form, checks and charts of one session."""

    def __init__(self, session: ui.PlanSession | None = None) -> None:
        self.session = session if session is not None else ui.open_session()
        plan = self.session.plan

        # the table and the summary line
        self.table = w.HTML()
        self.summary = w.HTML()

        # the form
        self.picker = Choices(description="Audience", layout=_WIDE)
        self.name = w.Text(description="Name", placeholder="e.g. Enterprise Healthcare")
        self.industry = w.Combobox(description="Industry", placeholder=_SEGMENT_PLACEHOLDER)
        self.company_size = w.Combobox(description="Company size", placeholder=_SEGMENT_PLACEHOLDER)
        self.region = w.Combobox(description="Region", placeholder=_SEGMENT_PLACEHOLDER)
        self.icp = w.Textarea(
            description="ICP",
            placeholder="Who buys: company type and size, the buyer, the gatekeepers",
        )
        self.pain_rows = w.VBox()
        self.add_pain_button = w.Button(description="Add a pain", icon="plus")
        self.channels = w.TagsInput(allow_duplicates=False)
        self.pipeline_target = money_field(
            self.session,
            None,
            f"Pipeline {currency_symbol(plan.meta.currency)}/yr",
            placeholder="e.g. 2m or £2.5M",
            width="24em",
            label_width=_LABEL_WIDTH,
        )
        self.owner = w.Dropdown(description="Owner")
        self.launch_month = w.Dropdown(
            description="Owned from",
            options=[("(not set)", 0), *[(f"Month {m}", m) for m in range(1, MAX_MONTH + 1)]],
        )
        self.new_person = w.Text(placeholder="Name of a GTM Marketer (or an open role)")
        self.add_person_button = w.Button(description="Add to GTM team", icon="user-plus")
        self.add_button = w.Button(
            description="Add as a new audience", icon="plus", button_style="primary"
        )
        self.save_button = w.Button(description="Save changes", icon="check", button_style="info")
        self.remove_button = w.Button(
            description="Remove this audience", icon="trash", button_style="danger"
        )
        self.form_problems = ui.ProblemList(ok_text="")
        self.form_problems.layout.display = "none"
        self.form_note = w.HTML()
        self.edit_problems, self.edit_note = self.form_problems, self.form_note  # edit() shows here
        for widget in (self.name, self.industry, self.company_size, self.region, self.icp):
            widget.layout = _WIDE
        # the form's first boxes: which audience, its name, segment and ICP
        who = (self.picker, self.name, self.industry, self.company_size, self.region, self.icp)
        for field in (*who, self.owner, self.launch_month):
            field.style.description_width = _LABEL_WIDTH
        for button in (
            self.add_pain_button,
            self.add_person_button,
            self.add_button,
            self.save_button,
            self.remove_button,
        ):
            button.layout.width = "auto"

        # the products editor
        self.products = ProductsEditor(
            self.session, self.edit, lambda: [row.products for row in self._rows()]
        )

        # results and charts
        self.checks = ui.ProblemList(ok_text="The audiences pass every check.")
        self.pipeline_box = ui.ChartBox()
        self.product_box = ui.ChartBox()

        say = self.form_problems
        self.picker.on_pick(self._on_pick, say, what="show this audience")
        ui.on_click(self.add_pain_button, lambda: self._append_pain(), say, what="add a pain")
        ui.on_click(self.add_person_button, lambda: self.add_person(), say, what="add the person")
        ui.on_click(self.add_button, lambda: self.add(), say, what="add the audience")
        ui.on_click(self.save_button, lambda: self.save_edit(), say, what="save the audience")
        ui.on_click(self.remove_button, lambda: self.remove(), say, what="remove the audience")

        form = w.VBox(
            [
                *who,
                w.HTML("<b>Pains</b> — and the products that answer each one"),
                self.pain_rows,
                self.add_pain_button,
                w.HTML("<b>Channels</b> where its buyers really are (type one, press Enter)"),
                self.channels,
                self.pipeline_target,
                self.owner,
                w.HBox([self.new_person, self.add_person_button]),
                self.launch_month,
                w.HBox([self.add_button, self.save_button, self.remove_button]),
                self.form_note,
                self.form_problems,
            ]
        )
        super().__init__(
            title="Step 3 · Audiences",
            why=_WHY,
            inputs=[
                self.table,
                ui.section("Add, edit or remove an audience"),
                form,
                ui.section("Products — what the company sells (pains pick from these)"),
                self.products,
            ],
            results=[self.summary, self.checks],
            charts=[self.pipeline_box, self.product_box],
            next_step=_NEXT,
            session=self.session,
        )
        self.session.observe(self.refresh)
        self.refresh(plan)
        self._load_form(NEW)
        self.products.load(NEW)

    # ------------------------------------------------------------------------- showing the plan
    def refresh(self, plan: Plan | None = None) -> None:
        """Redraw the table, the checks, the charts and the form's choices from the plan."""
        plan = plan if plan is not None else self.session.plan
        owner = self.owner.value
        self.owner.options = [(NO_OWNER, ""), *[(p, p) for p in plan.gtm_team]]
        self.owner.value = owner if owner in plan.gtm_team else ""
        self._set_segment_choices(plan)
        self.pipeline_target.text.description = f"Pipeline {currency_symbol(plan.meta.currency)}/yr"
        products = [p.name for p in plan.products]
        for row in self._rows():
            row.set_products(products)
        self.picker.set_choices(  # last: a pick gone from the plan reloads the form
            [("— a new audience —", NEW), *[(a.name, i) for i, a in enumerate(plan.audiences)]]
        )
        enable_when_picked(self.picker, self.save_button, self.remove_button)
        self.products.refresh(plan)
        self.table.value = _table_html(plan)
        self.summary.value = _summary_html(plan)
        self.checks.show(aud.checks(plan))
        pipeline, product_map = audience_charts(plan)
        self.pipeline_box.draw(pipeline)
        self.product_box.draw(product_map)

    def _set_segment_choices(self, plan: Plan) -> None:
        for widget, field in (
            (self.industry, "industry"),
            (self.company_size, "company_size"),
            (self.region, "region"),
        ):
            values = {getattr(a.segment, field) for a in plan.audiences} | {aud.ANY}
            widget.options = sorted(values)

    # ------------------------------------------------------------------------- the form
    def _rows(self) -> list[PainRow]:
        return [row for row in self.pain_rows.children if isinstance(row, PainRow)]

    def _append_pain(self, name: str = "", chosen: Sequence[str] = ()) -> PainRow:
        row = PainRow([p.name for p in self.session.plan.products], name, chosen)
        ui.on_click(
            row.remove, lambda: self._drop_pain(row), self.form_problems, what="remove the pain"
        )
        self.pain_rows.children = (*self.pain_rows.children, row)
        return row

    def _drop_pain(self, row: PainRow) -> None:
        self.pain_rows.children = tuple(r for r in self.pain_rows.children if r is not row)

    def _on_pick(self, change: Mapping[str, Any]) -> None:
        self._load_form(int(change["new"]))
        enable_when_picked(self.picker, self.save_button, self.remove_button)

    def _load_form(self, index: int) -> None:
        """Fill the form with audience ``index`` of the plan, or blank for a new one."""
        plan = self.session.plan
        audience = plan.audiences[index] if 0 <= index < len(plan.audiences) else None
        self.form_problems.show_or_hide(())
        self.form_note.value = ""
        self.pain_rows.children = ()
        if audience is None:
            self.name.value = ""
            self.industry.value = self.company_size.value = self.region.value = aud.ANY
            self.icp.value = ""
            self._append_pain()
            self.channels.value = []
            self.pipeline_target.show(0.0)
            self.owner.value = ""
            self.launch_month.value = 0
            return
        self.name.value = audience.name
        self.industry.value = audience.segment.industry
        self.company_size.value = audience.segment.company_size
        self.region.value = audience.segment.region
        self.icp.value = audience.icp
        for pain in audience.pains:
            self._append_pain(pain.name, pain.products)
        if not audience.pains:
            self._append_pain()
        self.channels.value = list(audience.channels)
        self.pipeline_target.show(float(audience.pipeline_target))
        self.owner.value = audience.owner or ""
        self.launch_month.value = audience.launch_month or 0

    def draft(self) -> dict[str, Any]:
        """The audience the form describes, as plan data (not yet validated); a ``ValueError``
        when the pipeline box cannot be read (the box says why)."""
        return {
            "name": self.name.value,
            "segment": {
                "industry": self.industry.value,
                "company_size": self.company_size.value,
                "region": self.region.value,
            },
            "icp": self.icp.value,
            "pains": [row.as_data() for row in self._rows() if not row.is_blank()],
            "channels": list(self.channels.value),
            "pipeline_target": self.pipeline_target.read(),
            "owner": self.owner.value or None,
            "launch_month": self.launch_month.value or None,
        }

    # ------------------------------------------------------------------------- edits
    def _apply(self, changes: dict[str, Any], done: str) -> list[Problem]:
        return self.edit(changes, done=done)

    def _unreadable(self) -> list[Problem]:
        problems = [Problem("audiences", "not changed: fix the boxes marked in red")]
        self.form_problems.show_or_hide(problems)
        self.form_note.value = "<span class='mocmo-error'>Not changed.</span>"
        return problems

    def add(self) -> list[Problem]:
        """Add the form's audience to the plan. Returns the problems if it is invalid."""
        try:
            draft = self.draft()
        except ValueError:
            return self._unreadable()
        existing = list(self.session.plan.audiences)
        problems = self._apply(
            {"audiences": [*existing, draft]}, f"Added {draft['name'].strip()!r}."
        )
        if not problems:
            self.picker.value = len(existing)
        return problems

    def save_edit(self) -> list[Problem]:
        """Replace the picked audience with the form's values."""
        index = self.picker.value
        if index == NEW:
            return self._nothing_picked()
        try:
            draft = self.draft()
        except ValueError:
            return self._unreadable()
        return self._apply({f"audiences[{index}]": draft}, f"Saved {draft['name'].strip()!r}.")

    def remove(self) -> list[Problem]:
        """Remove the picked audience from the plan."""
        index = self.picker.value
        if index == NEW:
            return self._nothing_picked()
        audiences: list[Audience] = list(self.session.plan.audiences)
        gone = audiences.pop(index)
        problems = self._apply({"audiences": audiences}, f"Removed {gone.name!r}.")
        if not problems:
            self.picker.value = NEW
            self._load_form(NEW)
            self.form_note.value = (
                f"<span class='mocmo-ok'>✔ Removed {html.escape(gone.name)!r}.</span>"
            )
        return problems

    def add_person(self) -> list[Problem]:
        """Add the typed name to the GTM team and choose them as this audience's owner."""
        person = self.new_person.value.strip()
        if not person:
            problems = [Problem("gtm_team", "type the person's name first")]
            self.form_problems.show_or_hide(problems)
            return problems
        team = list(self.session.plan.gtm_team)
        problems = self._apply({"gtm_team": [*team, person]}, f"Added {person!r} to the GTM team.")
        if not problems:
            self.owner.value = person
            self.new_person.value = ""
        return problems

    def _nothing_picked(self) -> list[Problem]:
        problems = [Problem("audiences", "choose an audience in the list first")]
        self.form_problems.show_or_hide(problems)
        return problems


# --------------------------------------------------------------------------- html pieces


def _table_html(plan: Plan) -> str:
    money = plan.meta.currency
    frame = aud.audience_table(plan)
    share_col = (
        "Share of company target"
        if plan.assumptions.company_pipeline_target
        else "Share of audience pipeline"
    )
    rows = [
        {
            "Audience": r["Audience"],
            "Segment": f"{r['Industry']} · {r['Company size']} · {r['Region']}",
            "Owner": r["Owner"] or NO_OWNER,
            "Products": r["Products"] or "—",
            "Pains": str(len([p for p in r["Pains"].split("; ") if p])),
            "Channels": r["Channels"] or "—",
            "Pipeline target": fmt_money(r["Pipeline target"], money),
            share_col: fmt_pct(r[share_col]),
        }
        for r in frame.to_dict("records")
    ]
    return ui.html_table(rows, numeric=("Pains", "Pipeline target", share_col))


def _summary_html(plan: Plan) -> str:
    money = plan.meta.currency
    figures = aud.headline(plan)
    cov = aud.pipeline_coverage(plan)
    count = figures["audience_count"]
    text = (
        f"<b>{count}</b> audience{'s' if count != 1 else ''}, "
        f"<b>{fmt_money(cov.audience_total, money)}</b> of pipeline per year"
    )
    if cov.status != "no target":
        text += (
            f" — <b>{fmt_pct(cov.coverage_ratio, 1)}</b> of the "
            f"{fmt_money(cov.company_target, money)} company target"
        )
    owners = aud.audiences_by_owner(plan)
    text += f"; {len(owners)} owner{'s' if len(owners) != 1 else ''}"
    return f"<div>{text}.</div>"


def styled_table(plan: Plan) -> Any:
    """:func:`mocmo.audiences.audience_table` for reading in a notebook: money in the plan's
    currency, shares as percentages, no row numbers (a pandas ``Styler``).

    Every cell and heading is HTML-escaped (a ``Styler``, unlike ``DataFrame.to_html``, shows
    text as markup unless told): names are user text."""
    money = plan.meta.currency

    def money_cell(value: Any) -> str:
        return fmt_money(float(value), money)

    return (
        aud.audience_table(plan)
        .style.hide(axis="index")
        .format(escape="html")
        .format_index(escape="html", axis="columns")
        .format(money_cell, subset=["Pipeline target"], escape="html")
        .format(
            _pct_cell,
            subset=["Share of audience pipeline", "Share of company target"],
            escape="html",
        )
        .format(_blank_if_missing, subset=["Launch month"], escape="html")
    )


def _pct_cell(value: Any) -> str:
    return "—" if pd.isna(value) else fmt_pct(float(value), 1)


def _blank_if_missing(value: Any) -> str:
    return "" if pd.isna(value) else str(value)


def panel(session: ui.PlanSession | None = None) -> AudiencesPanel:
    """The Audiences page for the notebook's plan (``MOCMO_PLAN`` or the current plan)."""
    return AudiencesPanel(session)
