"""Default data: the one place that knows where the bundled YAML files live.

In a clone the files are in the repository's ``data/`` folder; in an installed wheel they are
packaged as ``mocmo/_data``. Analysts change defaults by editing those YAML files, not code.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from mocmo.plan import (
    MAROPS_ROLE_KEYS,
    MAX_FX_RATE,
    Assumptions,
    LegacyRole,
    MarOpsRole,
    MarOpsSeat,
    Meta,
    NewRoles,
    Phase,
    Plan,
    ReportingLine,
    load_plan,
    parse_plan,
)

__all__ = [
    "STARTER_CONVERTED",
    "Parameter",
    "assumption_default",
    "assumption_parameters",
    "clear_cache",
    "data_dir",
    "default_assumptions",
    "default_legacy_roles",
    "default_marops_roles",
    "default_new_roles",
    "default_phases",
    "default_reporting_lines",
    "defaults_source",
    "example_names",
    "example_path",
    "load_example",
    "marops_role_summaries",
    "new_role_default",
    "oncost_countries",
    "oncost_profile_data",
    "starter_fx",
    "starter_note",
    "starter_option_problem",
    "starter_plan",
]

DEFAULT_EXAMPLE = "brightwave"
"""The bundled example plan the workbook opens on."""


def data_dir() -> Path:
    """The folder of bundled data: ``mocmo/_data`` when installed, else the clone's ``data/``."""
    packaged = Path(__file__).resolve().parent / "_data"
    if (packaged / "defaults").is_dir():
        return packaged
    clone = Path(__file__).resolve().parent.parent / "data"
    if (clone / "defaults").is_dir():
        return clone
    raise FileNotFoundError(
        f"mocmo's default data is missing: looked in {packaged} and {clone}; reinstall mocmo"
    )


@cache
def _read(name: str) -> Any:
    path = data_dir() / "defaults" / name
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


ONCOSTS_FOLDER = "oncosts"
"""The folder of data/defaults holding one employer on-cost profile per country."""


def oncost_countries() -> tuple[str, ...]:
    """The countries with an on-cost profile (data/defaults/oncosts/<country>.yaml), sorted."""
    folder = data_dir() / "defaults" / ONCOSTS_FOLDER
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def oncost_profile_data(country: str) -> dict[str, Any]:
    """The raw on-cost profile of ``country`` as its YAML file gives it (read once)."""
    if country not in oncost_countries():
        raise KeyError(
            f"no on-cost profile {country!r}; the profiles are: {', '.join(oncost_countries())}"
        )
    data: dict[str, Any] = _read(f"{ONCOSTS_FOLDER}/{country}.yaml")
    return data


def defaults_source(name: str) -> str:
    """The published source a defaults file names (its ``source`` line; empty if none)."""
    raw = _read(name)
    return str(raw.get("source", "")) if isinstance(raw, dict) else ""


@dataclass(frozen=True)
class Parameter:
    """An assumption with its metadata, as the workbook and spreadsheet show it."""

    path: str
    value: Any
    unit: str
    label: str
    source: str
    effective_date: _dt.date | None = None


@cache
def assumption_parameters() -> dict[str, Parameter]:
    """Every default assumption keyed by its path in the plan's ``assumptions`` section."""
    raw = _read("assumptions.yaml")
    effective = raw.get("effective_date")
    return {
        path: Parameter(
            path=path,
            value=spec["value"],
            unit=str(spec.get("unit", "")),
            label=str(spec.get("label", path)),
            source=str(spec.get("source", "")),
            effective_date=spec.get("effective_date", effective),
        )
        for path, spec in raw["parameters"].items()
    }


def assumption_default(path: str) -> Any:
    """The default value of the assumption at ``path`` (dotted, e.g. ``on_costs.ni_threshold``):
    what a plan that leaves the field out gets (the plan models read it here)."""
    try:
        return assumption_parameters()[path].value
    except KeyError:
        raise KeyError(
            f"{path!r} has no default in {data_dir() / 'defaults' / 'assumptions.yaml'}: add it "
            "under parameters"
        ) from None


def new_role_default(field: str) -> Any:
    """The default of the new roles' ``field`` (``head_of_gtm``, ``gtm_marketer_point`` …) as
    data/defaults/new_roles.yaml gives it: what a plan without it gets."""
    raw = _read("new_roles.yaml")
    if field == "source" or field not in raw:
        raise KeyError(f"{field!r} has no default in {data_dir() / 'defaults' / 'new_roles.yaml'}")
    return raw[field]


def clear_cache() -> None:
    """Forget the defaults files read so far, so the next use reads them again (after the data
    folder changed, e.g. in a test)."""
    _read.cache_clear()
    assumption_parameters.cache_clear()


def default_assumptions() -> Assumptions:
    """The plan-wide assumptions a new plan starts with."""
    data: dict[str, Any] = {}
    for path, param in assumption_parameters().items():
        node = data
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = param.value
    return Assumptions.model_validate(data)


def default_marops_roles() -> tuple[MarOpsRole, ...]:
    """The four MarOps roles and their 2026 UK bands."""
    raw = _read("marops_roles.yaml")
    return tuple(
        MarOpsRole.model_validate({k: r[k] for k in ("key", "title", "band")}) for r in raw["roles"]
    )


def marops_role_summaries() -> dict[str, str]:
    """One line on what each MarOps role owns, keyed by role key."""
    return {r["key"]: r.get("summary", "") for r in _read("marops_roles.yaml")["roles"]}


def default_new_roles() -> NewRoles:
    """Bands of Head of GTM and GTM Marketer in a new plan."""
    raw = dict(_read("new_roles.yaml"))
    raw.pop("source", None)
    return NewRoles.model_validate(raw)


def default_legacy_roles() -> tuple[LegacyRole, ...]:
    """The seven legacy CMO direct reports, as an editable library."""
    raw = _read("legacy_roles.yaml")
    return tuple(LegacyRole.model_validate(r) for r in raw["roles"])


def default_phases() -> tuple[Phase, ...]:
    """The migration phases a new plan starts with."""
    raw = _read("phases.yaml")
    return tuple(Phase.model_validate(p) for p in raw["phases"])


def default_reporting_lines() -> tuple[ReportingLine, ...]:
    """MarOps reports to the CMO; the other three roles report to the Head of MarOps."""
    titles = {r.key: r.title for r in default_marops_roles()}
    head = titles["head_of_marops"]
    lines = [ReportingLine(role=head, reports_to="CMO")]
    lines += [ReportingLine(role=titles[k], reports_to=head) for k in MAROPS_ROLE_KEYS[1:]]
    return tuple(lines)


STARTER_CONVERTED: tuple[str, ...] = (
    "legacy_roles[*].band",
    "new_roles.head_of_gtm",
    "new_roles.gtm_marketer",
    "marops_roles[*].band",
    "assumptions.on_costs.tools_per_head",
    "assumptions.ai_costs.licence_per_user_month",
    "assumptions.ai_costs.usage_per_absorbed_hour",
)
"""The UK defaults a starter plan in another currency converts at the plan's rate (every
other default amount — the transition's one-offs, UK-law redundancy — stays as the file gives
it, to set)."""


def starter_fx(currency: str) -> tuple[float, _dt.date, str]:
    """The assumed rate of ``currency`` per GBP a new plan starts with (data/defaults/fx.yaml),
    its date and source."""
    raw = _read("fx.yaml")
    rates = raw["per_gbp"]
    if currency not in rates:
        raise KeyError(f"no starter rate for {currency}; the rates are: {', '.join(rates)}")
    return float(rates[currency]), raw["as_of"], str(raw["source"])


def starter_plan(
    name: str = "New plan", company: str = "", country: str = "uk", per_gbp: float | None = None
) -> Plan:
    """A new plan from the defaults: the seven legacy roles, one MarOps seat per role, the
    default migration phases, and no audiences yet.

    ``country`` sets the plan's on-cost profile and its currency (the profile's). Outside the
    pound the UK bands and per-head amounts (:data:`STARTER_CONVERTED`) are converted at
    ``per_gbp`` (units of the plan's currency per GBP; default: data/defaults/fx.yaml's
    assumed rate), which the plan keeps as its rate for GBP with its date — an assumption to
    set, as the bands are.
    """
    roles = default_marops_roles()
    seats = tuple(MarOpsSeat(name=r.title, roles=(r.key,)) for r in roles)
    currency = str(oncost_profile_data(country)["currency"])
    assumptions = default_assumptions().model_dump(mode="json")
    data: dict[str, Any] = {
        "meta": Meta(name=name, company=company, currency=currency).model_dump(mode="json"),
        "assumptions": assumptions,
        "legacy_roles": [r.model_dump(mode="json") for r in default_legacy_roles()],
        "new_roles": default_new_roles().model_dump(mode="json"),
        "marops_roles": [r.model_dump(mode="json") for r in roles],
        "marops_seats": [s.model_dump(mode="json") for s in seats],
        "reporting_lines": [r.model_dump(mode="json") for r in default_reporting_lines()],
        "phases": [p.model_dump(mode="json") for p in default_phases()],
    }
    assumptions["country"] = country
    if currency != "GBP":
        rate, as_of, source = starter_fx(currency)
        rate = rate if per_gbp is None else per_gbp
        data = _converted(data, rate)
        assumptions = data["assumptions"]
        assumptions["fx_rates"] = {"GBP": {"rate": rate, "as_of": str(as_of), "source": source}}
    return parse_plan(data)


def starter_option_problem(example: str | None, country: str | None, fx: float | None) -> str:
    """Why ``mocmo new``'s options cannot start a plan (empty when they can)."""
    if example and (country or fx is not None):
        return "--country and --fx start a new plan; an example keeps its own country"
    if fx is not None and not 0 < fx < MAX_FX_RATE:
        return f"--fx: got {fx:g}, must be above 0 (units of the plan's currency per GBP)"
    return ""


def starter_note(plan: Plan) -> str:
    """What ``mocmo new`` says of a starter plan outside the pound (empty for a GBP plan): its
    profile, and that its bands are the UK's converted at an assumed rate."""
    if plan.meta.currency == "GBP" or "GBP" not in plan.assumptions.fx_rates:
        return ""
    rate, cur = plan.assumptions.fx_rates["GBP"], plan.meta.currency
    return (
        f"\ncosted under the {plan.assumptions.country} on-cost profile in {cur}. The bands and "
        f"per-head amounts are the UK defaults converted at {rate.rate:g} {cur} per GBP (as of "
        f"{rate.as_of}): an assumption — set your own bands and rate (assumptions.fx_rates.GBP); "
        "the transition's one-off defaults (redundancy, notice) are still the UK's."
    )


def _converted(data: dict[str, Any], rate: float) -> dict[str, Any]:
    """``data`` with the :data:`STARTER_CONVERTED` amounts × ``rate``, rounded to whole units
    (bands) or cents (per-head prices)."""

    def band(b: dict[str, float]) -> dict[str, float]:
        return {"low": round(b["low"] * rate), "high": round(b["high"] * rate)}

    for role in [*data["legacy_roles"], *data["marops_roles"]]:
        role["band"] = band(role["band"])
    for key in ("head_of_gtm", "gtm_marketer"):
        data["new_roles"][key] = band(data["new_roles"][key])
    oc, ai = data["assumptions"]["on_costs"], data["assumptions"]["ai_costs"]
    oc["tools_per_head"] = round(oc["tools_per_head"] * rate)
    for key in ("licence_per_user_month", "usage_per_absorbed_hour"):
        ai[key] = round(ai[key] * rate, 2)
    return data


def example_names() -> list[str]:
    """Names of the bundled example plans."""
    return sorted(p.stem for p in (data_dir() / "examples").glob("*.yaml"))


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """The file of a bundled example plan."""
    path = data_dir() / "examples" / f"{name}.yaml"
    if not path.is_file():
        raise FileNotFoundError(
            f"no bundled example {name!r}; the examples are: {', '.join(example_names())}"
        )
    return path


def load_example(name: str = DEFAULT_EXAMPLE) -> Plan:
    """A bundled example plan, validated."""
    return load_plan(example_path(name))
