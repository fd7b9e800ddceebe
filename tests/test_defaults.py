"""Default data: the published figures it carries, its metadata, the starter and example plans,
and that it is found both in a clone and inside a built wheel."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from mocmo import defaults
from mocmo.plan import MAROPS_ROLE_KEYS, Assumptions, Plan, plan_from_yaml
from mocmo.plan import models as plan_models
from mocmo.summary import checks, headline

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- published figures


def test_marops_bands_are_the_published_2026_uk_bands() -> None:
    """The four MarOps roles carry the bands published for the UK in 2026 (DOMAIN.md §4)."""
    bands = {r.key: (r.band.low, r.band.high) for r in defaults.default_marops_roles()}
    assert bands == {
        "head_of_marops": (80_000, 120_000),
        "workflow_architect": (60_000, 85_000),
        "data_steward": (55_000, 75_000),
        "prompt_knowledge_designer": (50_000, 70_000),
    }


def test_marops_bands_sum_to_245k_350k() -> None:
    """Together the four roles cost £245K–£350K base, as published."""
    roles = defaults.default_marops_roles()
    # 80 + 60 + 55 + 50 = 245; 120 + 85 + 75 + 70 = 350 (£K)
    assert sum(r.band.low for r in roles) == 245_000
    assert sum(r.band.high for r in roles) == 350_000
    assert [r.key for r in roles] == list(MAROPS_ROLE_KEYS)


def test_employer_ni_default_is_15_percent_above_5000() -> None:
    """Employer NI 2026/27: 15% of earnings above £5,000 a year."""
    on_costs = defaults.default_assumptions().on_costs
    assert on_costs.employer_ni_rate == 0.15
    assert on_costs.ni_threshold == 5_000


def test_pension_default_is_3_percent_of_qualifying_earnings() -> None:
    """Auto-enrolment minimum: employer 3% of qualifying earnings £6,240–£50,270."""
    on_costs = defaults.default_assumptions().on_costs
    assert on_costs.pension_rate == 0.03
    assert on_costs.pension_basis == "qualifying"
    assert (on_costs.pension_lower, on_costs.pension_upper) == (6_240, 50_270)


# --------------------------------------------------------------------------- metadata


_OPTIONAL_LEAVES = (".fixed_fte", ".first_month")
"""Assumptions whose default is empty ("not set"): a fixed headcount, a first pay review."""


def test_every_assumption_has_value_unit_label_and_source() -> None:
    """Each default assumption is data with metadata: a value, a unit, a label and a source."""
    params = defaults.assumption_parameters()
    for path, param in params.items():
        # empty (null) only for an optional setting whose default is "not set"
        assert param.value is not None or path.endswith(_OPTIONAL_LEAVES), path
        assert param.unit.strip(), path
        assert param.label.strip(), path
        assert param.source.strip(), path
        assert param.effective_date is not None, path


def _leaf_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Dotted paths of every field of ``model``, nested models (on-costs, staffing …) walked
    down to their own fields."""
    out: set[str] = set()
    for name, info in model.model_fields.items():
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            out |= _leaf_paths(sub, f"{prefix}{name}.")
        else:
            out.add(f"{prefix}{name}")
    return out


def test_every_assumption_field_has_a_default_parameter() -> None:
    """Every field of the plan's assumptions (on-costs included) has a documented default, and
    the defaults build exactly those values."""
    fields = _leaf_paths(Assumptions)
    # the transition inputs a plan may set take their defaults from transition.yaml, beside the
    # statutory figures they work with (each with its source)
    from mocmo.transition import PLAN_INPUTS, transition_parameters

    transition = {f for f in fields if f.startswith("transition.")}
    assert transition == {f"transition.{k}" for k in PLAN_INPUTS}
    assert set(PLAN_INPUTS) <= set(transition_parameters())
    fields -= transition
    # the drivers' ranges, draws and seed take theirs from ranges.yaml (each with its source)
    from mocmo.ranges import DRIVER_KEYS
    from mocmo.ranges.drivers import default_draws, default_seed

    in_ranges = {f.split(".")[1] for f in fields if f.startswith("ranges.")}
    assert in_ranges == {*DRIVER_KEYS, "activity_absorption", "draws", "seed"}
    assert default_draws() > 0 and default_seed() >= 0
    fields = {f for f in fields if not f.startswith("ranges.")}
    params = defaults.assumption_parameters()
    assert set(params) == fields
    built = defaults.default_assumptions().model_dump()
    for path, param in params.items():
        node = built
        for part in path.split("."):
            node = node[part]
        assert node == param.value, path


def test_every_defaults_file_names_its_source() -> None:
    """Each YAML file in data/defaults says where its figures come from."""
    for path in sorted((defaults.data_dir() / "defaults").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        has_source = "source" in raw or all(
            "source" in spec for spec in raw.get("parameters", {}).values()
        )
        assert has_source, path.name


# --------------------------------------------------------------------------- the role library


def test_seven_legacy_roles_each_with_5_to_10_activities_and_a_workflow() -> None:
    """The library holds the seven CMO direct reports, each with 5–10 activities summing to
    100% and a representative workflow with legacy and new steps."""
    roles = defaults.default_legacy_roles()
    assert [r.name for r in roles] == [
        "Product Marketing",
        "Brand & Creative",
        "Content",
        "Demand Generation",
        "Communications/PR",
        "Marketing Operations",
        "Field & Events/ABM",
    ]
    for role in roles:
        assert 5 <= len(role.activities) <= 10, role.name
        assert abs(sum(a.share for a in role.activities) - 1) <= 0.005, role.name
        assert role.workflow is not None, role.name
        assert role.workflow.legacy and role.workflow.new, role.name


def test_role_library_uses_every_destination_and_ai_keeps_oversight() -> None:
    """Across the library work stays, shifts and goes to AI, every role keeps some craft work,
    and AI-absorbed work always keeps some human oversight."""
    roles = defaults.default_legacy_roles()
    assert {a.destination for r in roles for a in r.activities} == {"stays", "shifts", "ai"}
    for role in roles:
        assert any(a.destination == "stays" for a in role.activities), role.name
        for act in role.activities:
            if act.destination == "ai":
                assert 0 < act.oversight < 1, (role.name, act.name)


def test_default_phases_make_a_6_to_12_month_migration() -> None:
    """The eight default phases run from month 1 to month 12 and start with mapping workflows."""
    phases = defaults.default_phases()
    assert len(phases) == 8
    assert phases[0].name == "Map workflows, not platforms"
    assert min(p.start_month for p in phases) == 1
    assert max(p.end_month for p in phases) == 12


def test_marops_reports_to_the_cmo() -> None:
    """The Head of Marketing Operations reports to the CMO; the other three to the Head."""
    lines = {line.role: line.reports_to for line in defaults.default_reporting_lines()}
    assert lines["Head of Marketing Operations"] == "CMO"
    assert lines["Prompt & Knowledge Designer"] == "Head of Marketing Operations"


# --------------------------------------------------------------------------- starter and example


def test_starter_plan_is_valid_with_no_errors() -> None:
    """A starter plan validates and no step reports an error on it."""
    plan = defaults.starter_plan(name="Starter")
    assert isinstance(plan, Plan)
    assert [p for p in checks(plan) if p.severity == "error"] == []


def test_example_is_a_30_person_team_with_audiences_products_and_two_regions() -> None:
    """The Brightwave example: ~30 people, several products, 4–6 audiences, two regions."""
    plan = defaults.load_example()
    assert 25 <= sum(r.headcount for r in plan.legacy_roles) <= 35
    assert len(plan.products) >= 2
    assert 4 <= len(plan.audiences) <= 6
    regions = {a.segment.region for a in plan.audiences} - {"Any"}
    assert len(regions) == 2


def test_every_step_computes_on_the_example_without_errors() -> None:
    """Every registered step computes its headline on the example and reports no errors."""
    plan = defaults.load_example()
    figures = headline(plan)
    assert figures
    assert [p for p in checks(plan) if p.severity == "error"] == []


def test_example_names_lists_brightwave() -> None:
    """The bundled examples include brightwave, and an unknown name lists them."""
    assert "brightwave" in defaults.example_names()
    with pytest.raises(FileNotFoundError, match="brightwave"):
        defaults.example_path("nope")


# --------------------------------------------------------------------------- where data lives


def test_data_is_found_in_a_clone() -> None:
    """Run from the repository, the data folder is the clone's data/ (or a packaged copy)."""
    found = defaults.data_dir()
    assert (found / "defaults" / "marops_roles.yaml").is_file()
    assert found in (REPO / "data", REPO / "mocmo" / "_data")


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout, unzipped (as pip would install it)."""
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-w", str(out), "-q"]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # the backend is here: build offline, quickly
    build = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    (wheel,) = out.glob("mocmo-*.whl")
    target = out / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    return target


def test_wheel_carries_the_default_data_and_example(unpacked_wheel: Path) -> None:
    """The built wheel ships every defaults file and the example under mocmo/_data."""
    data = unpacked_wheel / "mocmo" / "_data"
    shipped = sorted(p.name for p in (data / "defaults").glob("*.yaml"))
    in_repo = sorted(p.name for p in (REPO / "data" / "defaults").glob("*.yaml"))
    assert shipped == in_repo
    assert "marops_roles.yaml" in shipped
    assert (data / "examples" / "brightwave.yaml").is_file()


def test_installed_wheel_finds_its_data_away_from_the_clone(
    unpacked_wheel: Path, tmp_path: Path
) -> None:
    """Imported from the wheel, with the working folder elsewhere, mocmo reads its defaults and
    the example from mocmo/_data."""
    code = (
        "import mocmo, mocmo.defaults as d\n"
        "print(mocmo.__file__)\n"
        "print(d.data_dir())\n"
        "print(d.load_example().meta.company)\n"
        "print(len(d.starter_plan().legacy_roles))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    module_file, data_dir, company, roles = run.stdout.strip().splitlines()
    assert Path(module_file).is_relative_to(unpacked_wheel)
    assert Path(data_dir) == unpacked_wheel / "mocmo" / "_data"
    assert company == "Brightwave Software"
    assert roles == "7"


# --------------------------------------------------------------------------- one place for defaults


@pytest.fixture
def defaults_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the bundled data folder that mocmo reads its defaults from for one test."""
    copy = tmp_path / "data"
    shutil.copytree(defaults.data_dir(), copy)
    monkeypatch.setattr(defaults, "data_dir", lambda: copy)
    defaults.clear_cache()
    yield copy
    monkeypatch.undo()
    defaults.clear_cache()


def _edit_yaml(path: Path, edit: Callable[[Any], None]) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")


def test_a_plan_omitting_a_section_takes_the_value_of_the_defaults_files(
    defaults_copy: Path,
) -> None:
    """A plan file without assumptions or new_roles gets what the defaults files say, after an
    analyst changed them: NI 0.138, 40 hours, pension on salary, GTM Marketer band 50k–70k."""

    def assumptions(raw: Any) -> None:
        raw["parameters"]["on_costs.employer_ni_rate"]["value"] = 0.138
        raw["parameters"]["hours_per_week"]["value"] = 40
        raw["parameters"]["on_costs.pension_basis"]["value"] = "salary"

    def new_roles(raw: Any) -> None:
        raw["gtm_marketer"] = {"low": 50000, "high": 70000}
        raw["head_of_gtm_point"] = "high"

    _edit_yaml(defaults_copy / "defaults" / "assumptions.yaml", assumptions)
    _edit_yaml(defaults_copy / "defaults" / "new_roles.yaml", new_roles)
    plan = plan_from_yaml("meta:\n  name: No sections\n")
    assert plan.assumptions.on_costs.employer_ni_rate == 0.138
    assert plan.assumptions.hours_per_week == 40
    assert plan.assumptions.on_costs.pension_basis == "salary"
    assert (plan.new_roles.gtm_marketer.low, plan.new_roles.gtm_marketer.high) == (50000, 70000)
    assert plan.new_roles.head_of_gtm_point == "high"
    # a section given in part keeps the rest from the files too
    partial = plan_from_yaml(
        "meta:\n  name: Part\nassumptions:\n  on_costs:\n    pension_rate: 0.05\n"
    )
    assert partial.assumptions.on_costs.employer_ni_rate == 0.138
    assert partial.assumptions.on_costs.pension_rate == 0.05


def _yaml_pairs(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (key, scalar) of a defaults file; an assumption parameter counts under its field
    name (``on_costs.ni_threshold: {value: 5000}`` is ``ni_threshold``, 5000)."""
    if isinstance(value, dict):
        if key and "value" in value and not isinstance(value["value"], dict | list):
            yield key.rsplit(".", 1)[-1], value["value"]
        for k, v in value.items():
            yield from _yaml_pairs(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _yaml_pairs(v, key)
    elif key:
        yield key, value


def _model_classes() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(plan_models).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == plan_models.__name__
    ]


def test_no_default_figure_is_typed_both_in_the_models_and_in_the_defaults_files() -> None:
    """No plan model field carries a literal default (number, choice or band) that a defaults
    file also gives for a field of that name — such a figure is read from the file; 0 and 1 (none,
    one) are counts, not figures, and are left out."""
    in_files: set[tuple[str, Any]] = set()
    for path in sorted((REPO / "data" / "defaults").glob("*.yaml")):
        for key, value in _yaml_pairs(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if isinstance(value, int | float | str) and not isinstance(value, bool):
                in_files.add((key, value))
    typed: list[str] = []
    for model in _model_classes():
        for name, info in model.model_fields.items():
            default = info.default
            if info.default_factory is not None or default is PydanticUndefined:
                continue
            if isinstance(default, bool) or default in (0, 1, None, "", ()):
                continue
            if isinstance(default, BaseModel):
                default = default.model_dump()
            if (name, default) in in_files:
                typed.append(f"{model.__name__}.{name} = {default!r}")
    assert not typed, "typed in the models and in data/defaults: " + ", ".join(typed)


def test_no_default_factory_in_the_models_writes_a_number_of_the_defaults_files() -> None:
    """No default_factory in mocmo/plan/models.py writes a number (other than 0 and 1) that a
    defaults file holds: the Head of GTM's 95,000–130,000 band is read, not typed in a lambda."""
    in_files = {
        value
        for path in sorted((REPO / "data" / "defaults").glob("*.yaml"))
        for _, value in _yaml_pairs(yaml.safe_load(path.read_text(encoding="utf-8")))
        if isinstance(value, int | float) and not isinstance(value, bool) and value not in (0, 1)
    }
    tree = ast.parse(Path(plan_models.__file__).read_text(encoding="utf-8"))
    factories = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg == "default_factory"
    ]
    written = sorted(
        {
            node.value
            for factory in factories
            for node in ast.walk(factory)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
            and node.value in in_files
        }
    )
    assert not written, f"numbers of data/defaults in models.py's default factories: {written}"


def test_assumption_and_new_role_fields_take_their_default_from_the_files() -> None:
    """Every field of assumptions, on-costs and new roles that a defaults file gives has no
    default of its own in the model: it is read from the file (a default_factory)."""
    own = []
    for path in defaults.assumption_parameters():
        model: type[BaseModel] = plan_models.Assumptions
        *parents, leaf = path.split(".")
        for part in parents:
            model = model.model_fields[part].annotation  # type: ignore[assignment]
        if model.model_fields[leaf].default_factory is None:
            own.append(path)
    new_roles = yaml.safe_load((REPO / "data" / "defaults" / "new_roles.yaml").read_text())
    for field in new_roles:
        if field != "source" and plan_models.NewRoles.model_fields[field].default_factory is None:
            own.append(f"new_roles.{field}")
    assert not own, own
