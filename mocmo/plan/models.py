"""The plan's pydantic models: one frozen, validated model per section of a plan file, and
:class:`Plan`, the whole of it (its cross-field checks are in :mod:`mocmo.plan.validate`)."""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from mocmo.plan.fields import (
    MAX_FTE_STEP,
    MAX_HEADCOUNT,
    MAX_MONTH,
    MAX_OWN_HOURS,
    MAX_WEEK_HOURS,
    SCHEMA_VERSION,
    SHARE_TOLERANCE,
    Age,
    BandPoint,
    Days,
    Destination,
    Fraction,
    Headcount,
    LeadTime,
    MarOpsRoleKey,
    Money,
    MoneyOrZero,
    Month,
    MonthsCount,
    Name,
    OptionalName,
    OversightOwner,
    Pipeline,
    ServiceYears,
    _at_most,
    _currency,
    _Model,
    _non_negative,
    _positive,
    _start_month,
    band_fraction,
)
from mocmo.plan.oncosts import (
    Country,
    FxRate,
    country_errors,
    rule_override_errors,
)
from mocmo.plan.operating import (
    Agent,
    BudgetLine,
    DecisionRight,
    Diagnostics,
    EngineLayer,
    OperatingMetric,
    Pod,
)
from mocmo.plan.ranges import RangeInputs
from mocmo.plan.roster import Roster, roster_errors
from mocmo.plan.transition import Leaver, Move, TransitionInputs
from mocmo.plan.validate import _reference_errors

# --------------------------------------------------------------------------- the models


class Band(_Model):
    """An annual base-salary band in the plan's currency."""

    low: Money = Field(description="Bottom of the band, per year.")
    high: Money = Field(description="Top of the band, per year.")

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low > self.high:
            raise ValueError(
                f"got low {self.low:,.0f} and high {self.high:,.0f}, low must not be above high"
            )
        return self

    def at(self, point: str | float) -> float:
        """The salary at ``point`` in this band (``low``/``mid``/``high`` or a fraction)."""
        return self.low + (self.high - self.low) * band_fraction(point)


class Meta(_Model):
    """Who the plan is for and when it starts."""

    name: Name = Field(description="The plan's name, used for file names of exports.")
    company: str = Field("", description="The company the plan is for.")
    currency: Annotated[str, AfterValidator(_currency)] = Field(
        "GBP", description="ISO code of the currency every amount is in."
    )
    start_month: Annotated[_dt.date, AfterValidator(_start_month)] = Field(
        default_factory=lambda: _dt.date.today().replace(day=1),
        description="The calendar month that is month 1 of the migration.",
    )
    description: str = Field("", description="What this version of the plan is about.")


def _from_defaults(path: str) -> Callable[[], Any]:
    """A default_factory: the value data/defaults/assumptions.yaml gives the assumption at
    ``path`` (dotted, e.g. ``on_costs.ni_threshold``) — the one place a default is written."""

    def read() -> Any:
        from mocmo import defaults  # at call time: mocmo.defaults imports this package

        return copy.deepcopy(defaults.assumption_default(path))  # a dict is never shared

    return read


def _assumption_field(path: str, description: str) -> Any:
    """A plan field whose default is the value data/defaults/assumptions.yaml gives the
    assumption at ``path`` (:func:`_from_defaults`), with its ``description``."""
    return Field(default_factory=_from_defaults(path), description=description)


def _new_role_default(field: str) -> Callable[[], Any]:
    """A default_factory: the value data/defaults/new_roles.yaml gives ``field``."""

    def read() -> Any:
        from mocmo import defaults  # at call time: mocmo.defaults imports this package

        return defaults.new_role_default(field)

    return read


class OnCosts(_Model):
    """Employer costs on top of salary; a field left out takes the value of
    data/defaults/assumptions.yaml (UK 2026/27 as shipped)."""

    employer_ni_rate: Fraction = _assumption_field(
        "on_costs.employer_ni_rate", "Employer NI rate above the threshold."
    )
    ni_threshold: MoneyOrZero = _assumption_field(
        "on_costs.ni_threshold", "Annual earnings free of employer NI."
    )
    pension_basis: Literal["salary", "qualifying"] = _assumption_field(
        "on_costs.pension_basis",
        "Employer pension on the whole salary, or on qualifying earnings only.",
    )
    pension_rate: Fraction = _assumption_field(
        "on_costs.pension_rate", "Employer pension contribution rate."
    )
    pension_lower: MoneyOrZero = _assumption_field(
        "on_costs.pension_lower", "Lower limit of qualifying earnings."
    )
    pension_upper: MoneyOrZero = _assumption_field(
        "on_costs.pension_upper", "Upper limit of qualifying earnings."
    )
    benefits_rate: Fraction = _assumption_field(
        "on_costs.benefits_rate", "Benefits and overheads, share of salary."
    )
    tools_per_head: MoneyOrZero = _assumption_field(
        "on_costs.tools_per_head", "Tools and AI licences per head."
    )
    recruitment_fee_rate: Fraction = _assumption_field(
        "on_costs.recruitment_fee_rate", "One-off recruitment fee, share of first-year salary."
    )

    @model_validator(mode="after")
    def _limits(self) -> OnCosts:
        if self.pension_lower > self.pension_upper:
            raise ValueError(
                f"pension_lower: got {self.pension_lower:,.0f} with pension_upper "
                f"{self.pension_upper:,.0f}, the lower limit must not be above the upper"
            )
        return self


class AiCosts(_Model):
    """What running the work AI absorbs costs: seat licences, usage per absorbed hour, and (in
    the agent register) each agent's platform cost. A field left out takes the value of
    data/defaults/assumptions.yaml."""

    licence_per_user_month: MoneyOrZero = _assumption_field(
        "ai_costs.licence_per_user_month",
        "List price of a business-tier AI assistant seat, per user per month.",
    )
    licensed_share: Fraction = _assumption_field(
        "ai_costs.licensed_share", "Share of the new org's people (FTE) who hold an AI seat."
    )
    legacy_licensed_users: Annotated[
        float, AfterValidator(_non_negative), _at_most(MAX_HEADCOUNT)
    ] = _assumption_field(
        "ai_costs.legacy_licensed_users",
        "AI seats today's team already pays for (part of the legacy cost).",
    )
    usage_per_absorbed_hour: MoneyOrZero = _assumption_field(
        "ai_costs.usage_per_absorbed_hour",
        "Price of AI usage (model tokens) per hour of work AI absorbs.",
    )
    weeks_per_year: Annotated[float, AfterValidator(_non_negative), _at_most(53)] = (
        _assumption_field("ai_costs.weeks_per_year", "Weeks a year the absorbed work runs.")
    )


class PayReview(_Model):
    """The annual pay review over the migration horizon: salaries rise by ``rate`` in
    ``first_month`` and every 12 months after it (band-based costs rise with them)."""

    rate: Fraction = _assumption_field(
        "pay_review.rate", "Annual pay rise at each review (0.04 = 4%)."
    )
    first_month: Month | None = _assumption_field(
        "pay_review.first_month",
        "Plan month of the first review, then every 12 months; empty = no review within the plan.",
    )


FteStep = Annotated[float, AfterValidator(_positive), _at_most(MAX_FTE_STEP)]
"""A rounding step of FTE: above 0, at most MAX_FTE_STEP."""

FixedFte = Annotated[float, AfterValidator(_non_negative), _at_most(MAX_HEADCOUNT)] | None
"""A headcount the plan fixes (FTE, 0 or more), or None: staffed to its hours."""

_FIXED_FTE_WORDS = (
    "We will not hire: the group's FTE is this, and the hours beyond its capacity are "
    "unstaffed hours (empty: staffed to its hours)."
)


class GroupStaffing(_Model):
    """How one group of the new org is staffed: its FTE follow its hours, rounded up to
    ``step``, unless the plan fixes its headcount (``fixed_fte``). :class:`GtmStaffing` and
    :class:`MarOpsStaffing` are the two groups (each with its own default step)."""

    step: FteStep = Field(description="The group's FTE are rounded up to a multiple of this (FTE).")
    fixed_fte: FixedFte = Field(None, description=_FIXED_FTE_WORDS)


class GtmStaffing(GroupStaffing):
    """Staffing of the GTM Marketers and their support (not the Head of GTM)."""

    step: FteStep = _assumption_field(
        "staffing.gtm.step",
        "GTM FTE per audience owner are rounded up to a multiple of this (FTE).",
    )
    fixed_fte: FixedFte = _assumption_field(
        "staffing.gtm.fixed_fte",
        _FIXED_FTE_WORDS,
    )


class MarOpsStaffing(GroupStaffing):
    """Staffing of the MarOps team (its seats and their support)."""

    step: FteStep = _assumption_field(
        "staffing.marops.step", "MarOps FTE are rounded up to a multiple of this (FTE)."
    )
    fixed_fte: FixedFte = _assumption_field(
        "staffing.marops.fixed_fte",
        _FIXED_FTE_WORDS,
    )


class Staffing(_Model):
    """How the new org's groups are staffed to the hours they carry; a field left out takes
    the value of data/defaults/assumptions.yaml."""

    gtm: GtmStaffing = Field(
        default_factory=GtmStaffing,
        description="GTM Marketers and their support (not the Head of GTM).",
    )
    marops: MarOpsStaffing = Field(
        default_factory=MarOpsStaffing, description="The MarOps seats and their support."
    )
    marops_own_hours_per_week: Annotated[
        float, AfterValidator(_non_negative), _at_most(MAX_OWN_HOURS)
    ] = _assumption_field(
        "staffing.marops_own_hours_per_week",
        "Hours per week of MarOps's own workflow, data and agent work (h/wk), on "
        "top of what stays of Marketing Operations and the AI oversight MarOps owns.",
    )
    gtm_support_title: Name = _assumption_field(
        "staffing.gtm_support_title", "What support FTE for an audience is called."
    )
    marops_support_title: Name = _assumption_field(
        "staffing.marops_support_title", "What MarOps FTE beyond the listed seats are called."
    )


class Assumptions(_Model):
    """The plan-wide inputs the calculations use; a field left out takes the value of
    data/defaults/assumptions.yaml."""

    hours_per_week: Annotated[float, AfterValidator(_positive), _at_most(MAX_WEEK_HOURS)] = (
        _assumption_field("hours_per_week", "Contracted working hours per week per FTE.")
    )
    productive_share: Annotated[Fraction, AfterValidator(_positive)] = _assumption_field(
        "productive_share",
        "Share of working hours available for planned work (capacity); above 0, "
        "since every GTM Marketer's load is measured against it.",
    )
    handoff_wait_days: Days = _assumption_field(
        "handoff_wait_days", "Working days lost waiting at a hand-off when a step sets none."
    )
    rework_probability: Fraction = _assumption_field(
        "rework_probability", "Default chance a late review sends work back."
    )
    rework_days: Days = _assumption_field("rework_days", "Default working days a send-back costs.")
    fte_step: FteStep = _assumption_field(
        "fte_step", "Custodian FTE are rounded up to a multiple of this."
    )
    load_weight: Literal["pipeline", "equal"] = _assumption_field(
        "load_weight", "How shifted hours are shared across audiences."
    )
    company_pipeline_target: Pipeline = _assumption_field(
        "company_pipeline_target",
        "The company's pipeline target per year the audiences must cover.",
    )
    on_costs: OnCosts = Field(default_factory=OnCosts, description="Employer on-costs.")
    country: Country = _assumption_field(
        "country",
        "The on-cost profile (data/defaults/oncosts/<country>.yaml) every person is costed "
        "under unless their team, seat or roster entry names another; uk: the on-costs above.",
    )
    on_cost_rules: dict[str, dict[str, dict[str, float]]] = _assumption_field(
        "on_cost_rules",
        "The plan's own values of a profile's rule parameters, country → rule → parameter → "
        "value (us → state_unemployment → rate: 0.034); empty ones take the profile's file.",
    )
    fx_rates: dict[str, FxRate] = _assumption_field(
        "fx_rates",
        "Exchange rates into the plan's currency, by ISO code, each with its date: every "
        "currency a profile the plan uses costs in needs one.",
    )
    staffing: Staffing = Field(
        default_factory=Staffing, description="How each group is staffed to its hours."
    )
    ai_costs: AiCosts = Field(
        default_factory=AiCosts, description="AI seat licences, usage and platform costs."
    )
    pay_review: PayReview = Field(
        default_factory=PayReview, description="The annual pay review over the horizon."
    )
    transition: TransitionInputs = Field(
        default_factory=TransitionInputs,
        description="The plan's own values of the transition's one-off cost inputs; empty ones "
        "take data/defaults/transition.yaml.",
    )
    ranges: RangeInputs = Field(
        default_factory=RangeInputs,
        description="The ranges of the uncertain drivers (AI absorption, oversight, hire "
        "timing, ramp-up, pay review, AI prices, new positions' pay); empty ones take "
        "data/defaults/ranges.yaml.",
    )

    @model_validator(mode="after")
    def _on_cost_rules(self) -> Assumptions:
        errors = rule_override_errors(self.on_cost_rules)
        errors += [
            f"assumptions.fx_rates: got {code!r}, must be a three-letter ISO currency code such "
            "as GBP, EUR or USD"
            for code in self.fx_rates
            if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper())
        ]
        if errors:
            raise ValueError("\n".join(errors))
        return self


class Product(_Model):
    """Something the company sells."""

    name: Name
    description: str = ""


class Segment(_Model):
    """Where an audience sits. ``Any`` in a field means every value of it."""

    industry: Name = "Any"
    company_size: Name = "Any"
    region: Name = "Any"


class Pain(_Model):
    """A problem the audience has, and the products that answer it."""

    name: Name
    products: tuple[Name, ...] = ()


class Audience(_Model):
    """A group of buyers one GTM Marketer owns end to end."""

    name: Name
    segment: Segment = Field(default_factory=Segment)
    icp: str = Field("", description="Ideal customer profile, in words.")
    pains: tuple[Pain, ...] = ()
    channels: tuple[Name, ...] = ()
    pipeline_target: Pipeline = Field(0.0, description="Pipeline per year this audience owns.")
    owner: OptionalName = Field(
        None, description="The GTM Marketer (from gtm_team) who owns it; empty for now."
    )
    launch_month: Month | None = Field(
        None, description="Migration month its owner starts owning it (its wave)."
    )


class Step(_Model):
    """One step of a workflow: who does it and for how long."""

    name: Name
    owner: Name = Field(description="Who does the step (a role or person).")
    days: Days = Field(description="Working days of work in the step.")
    wait_days: Days | None = Field(
        None, description="Wait before this step when it is a hand-off; plan default if empty."
    )
    rework_probability: Fraction | None = Field(
        None,
        description=(
            "Chance this step sends the work back (a late review); 0 means never. Empty: the "
            "plan's default when the step gives rework days, else no rework."
        ),
    )
    rework_days: Days | None = Field(
        None,
        description=(
            "Working days a send-back costs; 0 means none. Empty: the plan's default when the "
            "step gives a rework probability, else no rework."
        ),
    )


class Workflow(_Model):
    """A role's representative piece of work, as done today and in the new model."""

    name: Name
    legacy: tuple[Step, ...] = Field(min_length=1)
    new: tuple[Step, ...] = Field(min_length=1)


class Activity(_Model):
    """A share of a legacy role's time and where it goes in the new model."""

    name: Name
    share: Fraction = Field(description="Share of the role's hours.")
    destination: Destination
    oversight: Fraction = Field(
        0.0, description="For AI: share of its hours that stays human oversight."
    )
    oversight_owner: OversightOwner = Field(
        "gtm_marketer", description="Who does the oversight of AI-absorbed work."
    )


class LegacyRole(_Model):
    """One of the CMO's direct reports today, with its team."""

    name: Name
    headcount: Headcount
    band: Band
    point: BandPoint = "mid"
    custodian_title: str = Field("", description="What the role becomes as a Craft Custodian.")
    new_home: Literal["custodian", "marops"] = Field(
        "custodian",
        description="Who holds the hours that stay: Craft Custodians, or the new MarOps team "
        "(for the legacy marketing-operations function, whose seats replace it).",
    )
    activities: tuple[Activity, ...] = Field(min_length=1)
    workflow: Workflow | None = None
    transition_month: Month | None = Field(
        None,
        description="Migration month the role changes to its new shape; empty: the start of "
        "the plan's last phase (month 1 without phases).",
    )
    average_service_years: ServiceYears | None = Field(
        None,
        description="The team's average full years of service (years); empty: the transition "
        "default. Sets leavers' redundancy pay and notice.",
    )
    average_age: Age | None = Field(
        None,
        description="The team's average age at leaving (years); empty: the transition default.",
    )
    fte: Annotated[float, AfterValidator(_positive), _at_most(MAX_HEADCOUNT)] | None = Field(
        None,
        description="The team's full-time equivalent (FTE), at most its headcount; set from the "
        "roster by `mocmo import-roster`; empty: not known (everyone full time).",
    )
    country: Country | None = Field(
        None, description="The team's on-cost profile; empty: the plan's (assumptions.country)."
    )

    @model_validator(mode="after")
    def _shares(self) -> LegacyRole:
        total = sum(a.share for a in self.activities)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise ValueError(
                f"activities: got shares summing to {total:.1%}, must sum to 100% (±0.5%)"
            )
        return self


class NewRoles(_Model):
    """Bands of the audience tower's roles."""

    head_of_gtm: Band = Field(default_factory=_new_role_default("head_of_gtm"))
    head_of_gtm_point: BandPoint = Field(default_factory=_new_role_default("head_of_gtm_point"))
    gtm_marketer: Band = Field(default_factory=_new_role_default("gtm_marketer"))
    gtm_marketer_point: BandPoint = Field(default_factory=_new_role_default("gtm_marketer_point"))


class MarOpsRole(_Model):
    """One of the four MarOps roles and its salary band."""

    key: MarOpsRoleKey
    title: Name
    band: Band


class MarOpsSeat(_Model):
    """One person in MarOps, holding one or more of the four roles."""

    name: Name
    roles: tuple[MarOpsRoleKey, ...] = Field(min_length=1)
    band: Band | None = Field(None, description="Override; default the highest of its roles.")
    point: BandPoint = "mid"
    hire_month: Month | None = Field(None, description="Month the seat starts; empty if filled.")
    country: Country | None = Field(
        None, description="The seat's on-cost profile; empty: the plan's (assumptions.country)."
    )


class ReplacedRole(_Model):
    """A coordinator, specialist or platform-owner role the MarOps team replaces."""

    title: Name
    count: Headcount = 1
    band: Band
    point: BandPoint = "mid"
    team: OptionalName = Field(
        None,
        description="The legacy role (team) these people are in today; their leaving is that "
        "team's (its leavers), so the MarOps comparison is reconciled with today's teams.",
    )
    leaves_month: Month | None = Field(
        None,
        description="Month the role ends, for the record; the timeline takes leaving months "
        "from the team's leavers.",
    )


class ReportingLine(_Model):
    """Who reports to whom (solid) or has a dotted line to whom."""

    role: Name
    reports_to: Name
    kind: Literal["solid", "dotted"] = "solid"


class WorkflowEntry(_Model):
    """A major workflow in the inventory: platforms, people, decisions, owner."""

    name: Name
    platforms: tuple[Name, ...] = ()
    roles: tuple[Name, ...] = ()
    decisions: tuple[Name, ...] = ()
    owners: tuple[Name, ...] = Field((), description="Accountable owner; exactly one expected.")
    top: bool = Field(False, description="One of the 5–7 most important workflows.")
    buyer_facing: bool = False


class Phase(_Model):
    """A phase of the migration."""

    name: Name
    start_month: Month
    months: MonthsCount = 1
    depends_on: tuple[Name, ...] = ()
    description: str = ""

    @model_validator(mode="after")
    def _ends_in_range(self) -> Phase:
        if self.end_month > MAX_MONTH:
            raise ValueError(
                f"months: got {self.months} months from month {self.start_month}, ending in "
                f"month {self.end_month}; a phase must end by month {MAX_MONTH}"
            )
        return self

    @property
    def end_month(self) -> int:
        """Last month of the phase (inclusive)."""
        return self.start_month + self.months - 1


class Hire(_Model):
    """A position hired during the migration."""

    position: Name = Field(description="A MarOps seat name, 'Head of GTM' or 'GTM Marketer'.")
    month: Month = Field(description="Month the person starts.")
    lead_time_months: LeadTime = 3
    count: Headcount = 1
    phase: OptionalName = Field(None, description="The phase that needs this hire.")


class Plan(_Model):
    """A whole plan: the legacy team, the audiences, the new model and the path between."""

    schema_version: int = SCHEMA_VERSION
    meta: Meta
    assumptions: Assumptions = Field(default_factory=Assumptions)
    products: tuple[Product, ...] = ()
    gtm_team: tuple[Name, ...] = Field(
        (), description="People (or open positions) who are or will be GTM Marketers."
    )
    audiences: tuple[Audience, ...] = ()
    legacy_roles: tuple[LegacyRole, ...] = ()
    new_roles: NewRoles = Field(default_factory=NewRoles)
    marops_roles: tuple[MarOpsRole, ...] = ()
    marops_seats: tuple[MarOpsSeat, ...] = ()
    replaced_roles: tuple[ReplacedRole, ...] = ()
    has_cdo: bool = Field(False, description="The company has a Chief Data Officer.")
    reporting_lines: tuple[ReportingLine, ...] = ()
    workflows: tuple[WorkflowEntry, ...] = ()
    horizon_months: MonthsCount = Field(12, description="Months the migration view covers.")
    phases: tuple[Phase, ...] = ()
    hires: tuple[Hire, ...] = ()
    diagnostics: Diagnostics = Field(
        default_factory=Diagnostics, description="Where the leader and the team stand today."
    )
    agents: tuple[Agent, ...] = Field((), description="The agent register.")
    decision_rights: tuple[DecisionRight, ...] = Field(
        (), description="Who makes each recurring decision: human, AI or hybrid."
    )
    pods: tuple[Pod, ...] = Field((), description="Workflow pods, each owning an outcome.")
    content_engine: tuple[EngineLayer, ...] = Field(
        (), description="The content engine's layers, each automated, owned or audited."
    )
    operating_metrics: tuple[OperatingMetric, ...] = Field(
        (), description="Baseline and target of the operating metrics, per workflow."
    )
    budget_shift: tuple[BudgetLine, ...] = Field(
        (), description="The budget lines before and after the move to systems."
    )
    moves: tuple[Move, ...] | None = Field(
        None,
        description="Who moves from which legacy team to which new position, and when; empty: "
        "derived from the new org (movers first, then hires, then leavers).",
    )
    leavers: tuple[Leaver, ...] | None = Field(
        None,
        description="Who leaves which legacy team, and when; empty: everyone who does not move "
        "leaves at the team's transition month (plus the handover months).",
    )
    roster: str | None = Field(
        None,
        description="The roster file (today's people, private) in the plan's own folder, e.g. "
        "'plan.roster.yaml'; empty: the legacy teams are costed at their band points.",
    )
    roster_people: Roster | None = Field(
        None,
        description="The people of the roster file, read with the plan (mocmo.plan.load_plan); "
        "never written into the plan file.",
    )

    @model_validator(mode="after")
    def _cross_references(self) -> Plan:
        errors = [*_reference_errors(self), *roster_errors(self), *country_errors(self)]
        if errors:
            raise ValueError("\n".join(errors))
        return self

    # Convenience look-ups -------------------------------------------------------------------
    def marops_role(self, key: str) -> MarOpsRole:
        """The MarOps role definition with this key."""
        for role in self.marops_roles:
            if role.key == key:
                return role
        raise KeyError(key)

    def seat_band_role(self, seat: MarOpsSeat) -> MarOpsRole:
        """The role whose band a seat without its own band takes: the highest-paid role it
        holds (by midpoint, then by the top of the band; the first listed on a tie)."""
        roles = [self.marops_role(k) for k in seat.roles]
        return max(roles, key=lambda r: (r.band.low + r.band.high, r.band.high))

    def seat_band(self, seat: MarOpsSeat) -> Band:
        """A seat's band: its override, else the band of :meth:`seat_band_role`."""
        if seat.band is not None:
            return seat.band
        return self.seat_band_role(seat).band
