"""The plan model: YAML round trip, friendly validation of every bad input (through the API and
through ``mocmo validate``), warnings, atomic saving, new plans from old, and properties of
randomly generated valid plans."""

from __future__ import annotations

import ast
import copy
import os
import stat
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from plans import audience, minimal_data, minimal_plan, phase, plain, seat
from strategies import valid_plan_data, valid_plans

import mocmo.plan as plan_module
from mocmo import defaults
from mocmo.cli import main
from mocmo.plan import (
    Band,
    Plan,
    PlanError,
    dump_plan_yaml,
    load_plan,
    parse_plan,
    plan_from_yaml,
    save_plan,
    with_changes,
    with_value,
    write_text_atomic,
)

# --------------------------------------------------------------------------- helpers


def _write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def _set(*path_and_value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets data[k1][k2]... = value."""
    *keys, value = path_and_value

    def mutate(data: dict[str, Any]) -> None:
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return mutate


def _append_copy(field: str, index: int = 0) -> Callable[[dict[str, Any]], None]:
    """A mutation that repeats an item of a list, so its name appears twice."""

    def mutate(data: dict[str, Any]) -> None:
        data[field].append(copy.deepcopy(data[field][index]))

    return mutate


def _shares(*shares: float) -> Callable[[dict[str, Any]], None]:
    """Set the three activity shares of the minimal plan's role."""

    def mutate(data: dict[str, Any]) -> None:
        for act, share in zip(data["legacy_roles"][0]["activities"], shares, strict=True):
            act["share"] = share

    return mutate


def _both(*mutations: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)

    return mutate


# --------------------------------------------------------------------------- round trip


def test_example_plan_round_trips_through_yaml(tmp_path: Path) -> None:
    """The bundled example, saved and loaded again, is the same plan."""
    plan = defaults.load_example()
    saved = save_plan(plan, tmp_path / "example.yaml")
    assert load_plan(saved) == plan


def test_starter_plan_round_trips_through_yaml(tmp_path: Path) -> None:
    """A starter plan from the defaults, saved and loaded again, is the same plan."""
    plan = defaults.starter_plan(name="Round trip")
    assert load_plan(save_plan(plan, tmp_path / "starter.yaml")) == plan


@pytest.mark.parametrize(
    "make", [defaults.load_example, defaults.starter_plan, minimal_plan], ids=lambda f: f.__name__
)
def test_dump_is_stable(make: Callable[[], Plan]) -> None:
    """Dumping a plan, loading the text and dumping again gives the same text, byte for byte."""
    text = dump_plan_yaml(make())
    assert dump_plan_yaml(plan_from_yaml(text)) == text


def test_saved_plan_is_plain_yaml_in_model_order(tmp_path: Path) -> None:
    """The saved file is plain YAML any tool reads: no Python tags; schema_version, meta first."""
    path = save_plan(minimal_plan(), tmp_path / "p.yaml")
    text = path.read_text(encoding="utf-8")
    assert "!!python" not in text
    data = yaml.safe_load(text)
    assert list(data)[:3] == ["schema_version", "meta", "assumptions"]
    assert data["schema_version"] == 1


def test_awkward_text_survives_the_round_trip(tmp_path: Path) -> None:
    """Names YAML would misread (yes, null, 1.0, a date) and text with odd line breaks come back
    unchanged."""
    tricky = ["yes", "null", "1.0", "2027-01-01", "a: b", "#hash", "£5K – €6K"]
    description = "first line\nsecond line\r\nthird\u2028fourth\x85fifth  \n"
    plan = minimal_plan(
        products=[{"name": n} for n in tricky],
        meta={"name": "No", "description": description, "start_month": "2027-01-01"},
        audiences=[audience(products=tricky)],
    )
    again = load_plan(save_plan(plan, tmp_path / "p.yaml"))
    assert again == plan
    assert again.meta.description == description
    assert [p.name for p in again.products] == tricky


# --------------------------------------------------------------------------- bad input

# (id, mutation of minimal_data(), field path named, fragments: the value given and what is allowed)
BAD_INPUTS: list[tuple[str, Callable[[dict[str, Any]], None], str, list[str]]] = [
    # salaries
    ("zero_salary", _set("legacy_roles", 0, "band", "low", 0), "legacy_roles[0].band.low",
     ["got 0", "greater than 0"]),
    ("negative_salary", _set("marops_roles", 1, "band", "high", -85_000),
     "marops_roles[1].band.high", ["got -85000", "greater than 0"]),
    ("band_low_above_high", _set("legacy_roles", 0, "band", {"low": 60_000, "high": 40_000}),
     "legacy_roles[0].band", ["low 60,000", "high 40,000", "low must not be above high"]),
    ("seat_band_low_above_high", _set("marops_seats", 0, "band", {"low": 9e4, "high": 8e4}),
     "marops_seats[0].band", ["low 90,000", "high 80,000", "must not be above"]),
    # activity shares: 50 + 30 + 19.4 = 99.4% and 50 + 30 + 21 = 101% are both off by > 0.5%
    ("shares_99_4", _shares(0.5, 0.3, 0.194), "legacy_roles[0].activities",
     ["99.4%", "must sum to 100% (±0.5%)"]),
    ("shares_101", _shares(0.5, 0.3, 0.21), "legacy_roles[0].activities",
     ["101.0%", "must sum to 100%"]),
    ("share_above_one", _shares(1.4, 0.3, 0.2), "legacy_roles[0].activities[0].share",
     ["got 1.4", "between 0 and 1"]),
    ("unknown_destination", _set("legacy_roles", 0, "activities", 1, "destination", "agency"),
     "legacy_roles[0].activities[1].destination", ["'agency'", "'stays', 'shifts' or 'ai'"]),
    ("oversight_above_one", _set("legacy_roles", 0, "activities", 2, "oversight", 1.5),
     "legacy_roles[0].activities[2].oversight", ["got 1.5", "between 0 and 1"]),
    ("oversight_negative", _set("legacy_roles", 0, "activities", 2, "oversight", -0.1),
     "legacy_roles[0].activities[2].oversight", ["got -0.1", "between 0 and 1"]),
    # rates written as percentages
    ("ni_rate_as_percent", _set("assumptions", "on_costs", "employer_ni_rate", 15),
     "assumptions.on_costs.employer_ni_rate", ["got 15", "looks like a percentage", "0.15"]),
    ("pension_rate_as_percent_text", _set("assumptions", "on_costs", "pension_rate", "3%"),
     "assumptions.on_costs.pension_rate", ["'3%'", "percentage", "write 0.03 for 3%"]),
    ("productive_share_as_percent", _set("assumptions", "productive_share", 80),
     "assumptions.productive_share", ["got 80", "percentage", "0.8"]),
    ("productive_share_zero", _set("assumptions", "productive_share", 0),
     "assumptions.productive_share", ["got 0", "greater than 0"]),
    # duplicate names where names are keys
    ("duplicate_product", _append_copy("products"), "products[1].name",
     ["'Product A'", "must be unique"]),
    ("duplicate_audience", _append_copy("audiences"), "audiences[1].name",
     ["'Audience A'", "must be unique"]),
    ("duplicate_role", _append_copy("legacy_roles"), "legacy_roles[1].name",
     ["'Content'", "must be unique"]),
    ("duplicate_seat", _append_copy("marops_seats"), "marops_seats[1].name",
     ["'MarOps Lead'", "must be unique"]),
    ("duplicate_phase", _append_copy("phases"), "phases[2].name",
     ["'Map workflows'", "must be unique"]),
    ("duplicate_workflow", _set("workflows", [{"name": "Lead routing"}, {"name": "Lead routing"}]),
     "workflows[1].name", ["'Lead routing'", "must be unique"]),
    ("duplicate_gtm_marketer", _set("gtm_team", ["Alex", "Alex"]), "gtm_team",
     ["'Alex'", "must be unique"]),
    ("duplicate_marops_role", _append_copy("marops_roles"), "marops_roles[4].key",
     ["'head_of_marops'", "must be unique"]),
    # references to unknown things
    ("pain_unknown_product", _set("audiences", 0, "pains", 0, "products", ["Product Z"]),
     "audiences[0].pains[0].products[0]", ["'Product Z'", "must be one of", "'Product A'"]),
    ("owner_not_in_gtm_team", _set("audiences", 0, "owner", "Sam"), "audiences[0].owner",
     ["'Sam'", "must be one of gtm_team", "'Alex'"]),
    ("owner_with_empty_gtm_team", _set("gtm_team", []), "audiences[0].owner",
     ["'Alex'", "gtm_team", "(none defined)"]),
    ("hire_unknown_position", _set("hires", 0, "position", "Chief Vibes Officer"),
     "hires[0].position", ["'Chief Vibes Officer'", "'MarOps Lead'", "'GTM Marketer'"]),
    ("hire_unknown_phase", _set("hires", 0, "phase", "Phase Z"), "hires[0].phase",
     ["'Phase Z'", "'Map workflows'"]),
    ("phase_depends_on_unknown", _set("phases", 1, "depends_on", ["Phase Z"]),
     "phases[1].depends_on[0]", ["'Phase Z'", "'Map workflows'"]),
    ("seat_role_not_a_marops_role", _set("marops_seats", 0, "roles", ["cmo"]),
     "marops_seats[0].roles[0]", ["'cmo'", "'head_of_marops'", "'prompt_knowledge_designer'"]),
    ("seat_role_not_defined",
     _both(_set("marops_roles", [plain(m) for m in minimal_plan().marops_roles[:1]]),
           _set("marops_seats", 0, "roles", ["data_steward"])),
     "marops_seats[0].roles[0]", ["'data_steward'", "marops_roles", "'head_of_marops'"]),
    # dependency cycles
    ("phase_depends_on_itself", _set("phases", 0, "depends_on", ["Map workflows"]),
     "phases[0].depends_on[0]", ["'Map workflows'", "cannot depend on itself"]),
    ("two_phase_cycle", _set("phases", 0, "depends_on", ["Audience waves"]), "phases[0].depends_on",
     ["cycle", "Map workflows → Audience waves → Map workflows"]),
    ("three_phase_cycle",
     _both(_set("phases", [plain(phase("A", 1, depends_on=["C"])),
                           plain(phase("B", 2, depends_on=["A"])),
                           plain(phase("C", 3, depends_on=["B"]))]),
           _set("hires", 0, "phase", "A")),
     "phases[0].depends_on", ["cycle", "A → C → B → A"]),
    # months outside 1-36
    ("phase_start_month_0", _set("phases", 0, "start_month", 0), "phases[0].start_month",
     ["got 0", "between 1 and 36"]),
    ("phase_months_40", _set("phases", 1, "months", 40), "phases[1].months",
     ["got 40", "between 1 and 36"]),
    ("phase_ends_after_36", _set("phases", 1, "start_month", 34), "phases[1].months",
     ["4 months from month 34", "ending in month 37", "by month 36"]),
    ("hire_month_37", _set("hires", 0, "month", 37), "hires[0].month",
     ["got 37", "between 1 and 36"]),
    ("launch_month_0", _set("audiences", 0, "launch_month", 0), "audiences[0].launch_month",
     ["got 0", "between 1 and 36"]),
    ("seat_hire_month_40", _set("marops_seats", 0, "hire_month", 40),
     "marops_seats[0].hire_month", ["got 40", "between 1 and 36"]),
    ("horizon_48", _set("horizon_months", 48), "horizon_months", ["got 48", "between 1 and 36"]),
    # schema version
    ("unknown_schema_version", _set("schema_version", 2), "schema_version",
     ["got 2", "reads schema_version 1"]),
    # the odd typo
    ("misspelt_field", _set("meta", "compnay", "Testco"), "meta.compnay",
     ["not a known field"]),
    ("salary_as_text", _set("legacy_roles", 0, "band", "high", "lots"),
     "legacy_roles[0].band.high", ["got 'lots'", "must be a number"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "path", "fragments"),
    [pytest.param(m, p, f, id=i) for i, m, p, f in BAD_INPUTS],
)
def test_bad_input_is_named_by_the_api_and_by_mocmo_validate(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: Callable[[dict[str, Any]], None],
    path: str,
    fragments: list[str],
) -> None:
    """Each bad input gives one problem naming its field, the value given and what is allowed,
    and `mocmo validate` exits 2 with that line on stderr."""
    data = minimal_data()
    mutate(data)
    with pytest.raises(PlanError) as caught:
        parse_plan(data)
    problems = caught.value.problems
    assert [p.path for p in problems] == [path], problems
    for fragment in fragments:
        assert fragment in problems[0].message
    assert problems[0].severity == "error"

    code, out, err = _validate(_write_yaml(tmp_path / "bad.yaml", data), capsys)
    assert code == 2
    assert f"error: {path}: " in err
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        pytest.param("meta:\n  name: x\n  company: [a, b\n", ["line 4, column 1"], id="unclosed"),
        pytest.param("meta:\n  name: x\n company: y\n", ["line 3, column 2"], id="bad_indent"),
        pytest.param("meta:\n  name: x\n\tcompany: y\n", ["line 3, column 1"], id="tab"),
        pytest.param(
            "meta:\n  name: x\n  name: y\n", ["line 3, column 3", "'name' twice"], id="dup_key"
        ),
    ],
)
def test_malformed_yaml_reports_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fragments: list[str]
) -> None:
    """Malformed YAML is reported with its line and column, and validate exits 2."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    message = str(caught.value.problems[0])
    assert message.startswith("malformed YAML at line")
    for fragment in fragments:
        assert fragment in message
    code, _, err = _validate(path, capsys)
    assert code == 2
    assert "malformed YAML at line" in err


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("", "the file is empty", id="empty"),
        pytest.param("\n   \n", "the file is empty", id="blank"),
        pytest.param("# just a comment\n", "the plan is empty", id="comment_only"),
        pytest.param("- a\n- b\n", "must be a YAML mapping", id="a_list"),
        pytest.param("just words\n", "must be a YAML mapping", id="a_string"),
        pytest.param("{}\n", "meta: is required", id="no_meta"),
    ],
)
def test_empty_or_shapeless_file_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fragment: str
) -> None:
    """An empty file, or one that is not a mapping of plan sections, is rejected with exit 2."""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert fragment in str(caught.value)
    code, _, err = _validate(path, capsys)
    assert code == 2
    assert fragment in err


def test_missing_file_and_binary_file_are_invalid_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path with no file, or a file that is not UTF-8 text, exits 2 with a plain message."""
    code, _, err = _validate(tmp_path / "nope.yaml", capsys)
    assert code == 2
    assert "no plan file at" in err
    binary = tmp_path / "plan.yaml"
    binary.write_bytes(b"\xff\xfe\x00meta")
    code, _, err = _validate(binary, capsys)
    assert code == 2
    assert "not a UTF-8 text file" in err


def test_python_tags_in_a_plan_file_never_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML is loaded safely: a !!python tag that would run code is refused, exit 2, and the
    code does not run."""
    marker = tmp_path / "ran"
    path = tmp_path / "plan.yaml"
    path.write_text(
        f'schema_version: 1\nmeta: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert "python/object/apply" in str(caught.value)
    code, _, err = _validate(path, capsys)
    assert code == 2
    assert "line 2" in err
    assert not marker.exists()


def test_every_problem_is_listed_one_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several bad fields in one file are all reported, each on its own stderr line."""
    data = minimal_data()
    data["legacy_roles"][0]["band"]["low"] = -1
    data["assumptions"]["productive_share"] = 80
    data["phases"][0]["start_month"] = 0
    code, _, err = _validate(_write_yaml(tmp_path / "bad.yaml", data), capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 3
    for path in ("legacy_roles[0].band.low", "assumptions.productive_share",
                 "phases[0].start_month"):  # fmt: skip
        assert sum(f"error: {path}: " in line for line in lines) == 1


@pytest.mark.parametrize(
    "shares",
    [(0.5, 0.3, 0.196), (0.5, 0.3, 0.204), (0.5, 0.3, 0.2)],
    ids=["99.6%", "100.4%", "100%"],
)
def test_shares_within_half_a_percent_of_100_are_accepted(shares: tuple[float, ...]) -> None:
    """Activity shares summing to 99.6% or 100.4% are within the ±0.5% tolerance."""
    data = minimal_data()
    _shares(*shares)(data)
    assert parse_plan(data).legacy_roles[0].activities[2].share == shares[2]


def test_percent_hint_only_for_values_that_look_like_percentages() -> None:
    """1.5 is simply out of range; 15 is flagged as a percentage written for a fraction."""
    with pytest.raises(PlanError) as caught:
        with_value(minimal_plan(), "assumptions.rework_probability", 1.5)
    assert "percentage" not in caught.value.problems[0].message
    with pytest.raises(PlanError) as caught:
        with_value(minimal_plan(), "assumptions.rework_probability", 15)
    assert "write 0.15 for 15%" in caught.value.problems[0].message


# --------------------------------------------------------------------------- warnings


def test_audience_without_owner_is_a_warning_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audience with no owner yet validates (exit 0) with a warning naming its owner field."""
    data = minimal_data(audiences=[audience(owner=None)])
    code, out, err = _validate(_write_yaml(tmp_path / "p.yaml", data), capsys)
    assert code == 0
    assert "valid" in out
    assert "warning: audiences[0].owner: 'Audience A' has no owner yet" in err


def test_owner_of_several_audiences_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One GTM Marketer owning two audiences validates with a warning naming both."""
    data = minimal_data(audiences=[audience("North"), audience("South")])
    code, _, err = _validate(_write_yaml(tmp_path / "p.yaml", data), capsys)
    assert code == 0
    assert "warning:" in err
    assert "'Alex' owns 2 audiences (North, South)" in err


@pytest.mark.parametrize(
    ("waves_months", "length"),
    [(11, 14), (1, 4)],
    ids=["14_months", "4_months"],
)
def test_migration_outside_6_to_12_months_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], waves_months: int, length: int
) -> None:
    """A migration of 14 months (1-3 then 4-14) or 4 months (1-3 then 4) validates with a
    warning giving its length."""
    data = minimal_data(
        phases=[
            phase("Map workflows", 1, 3),
            phase("Audience waves", 4, waves_months, depends_on=["Map workflows"]),
        ]
    )
    code, _, err = _validate(_write_yaml(tmp_path / "p.yaml", data), capsys)
    assert code == 0
    assert f"warning: phases: the migration runs {length} months" in err
    assert "6–12 months" in err


@pytest.mark.parametrize("waves_months", [3, 9], ids=["6_months", "12_months"])
def test_migration_of_6_or_12_months_gives_no_length_warning(waves_months: int) -> None:
    """6 months (1-3, 4-6) and 12 months (1-3, 4-12) are inside the usual range."""
    plan = minimal_plan(
        phases=[
            phase("Map workflows", 1, 3),
            phase("Audience waves", 4, waves_months, depends_on=["Map workflows"]),
        ]
    )
    assert plan_module.plan_warnings(plan) == []


def test_minimal_plan_is_valid_without_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shared test plan validates with exit 0 and nothing on stderr."""
    code, out, err = _validate(save_plan(minimal_plan(), tmp_path / "p.yaml"), capsys)
    assert (code, err) == (0, "")
    assert out.strip().endswith("valid")


# --------------------------------------------------------------------------- atomic save


def _old_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = save_plan(minimal_plan(), tmp_path / "plan.yaml")
    path.write_bytes(path.read_bytes() + b"# the user's own comment\n")
    return path, path.read_bytes()


def _names(folder: Path) -> list[str]:
    """The files in ``folder`` but the plan's lock file (``.plan.yaml.lock``, kept on purpose)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".plan.yaml.lock")


def _changed_plan() -> Plan:
    return with_value(minimal_plan(), "meta.name", "Changed")


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_save_leaves_the_old_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """A save that fails at the fsync or the rename leaves the old file exactly as it was and
    no temp file behind."""
    path, before = _old_file(tmp_path)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        save_plan(_changed_plan(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _names(tmp_path) == ["plan.yaml"]


class _HalfWriter:
    """A file that writes half of what it is given, then fails (a crash mid-write)."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, text: str) -> int:
        self.real.write(text[: len(text) // 2])
        self.real.flush()
        raise OSError(5, "Input/output error")


def test_save_interrupted_mid_write_leaves_the_old_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that stops halfway through leaves the old file intact and no temp file."""
    path, before = _old_file(tmp_path)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _HalfWriter(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="Input/output"):
        save_plan(_changed_plan(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _names(tmp_path) == ["plan.yaml"]


def test_ctrl_c_during_save_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt during the save also leaves the old file and cleans up."""
    path, before = _old_file(tmp_path)

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_plan(_changed_plan(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _names(tmp_path) == ["plan.yaml"]


def test_save_of_a_valid_plan_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    """A successful save replaces the content, keeps the file's mode and leaves no temp file."""
    path, _ = _old_file(tmp_path)
    path.chmod(0o600)
    save_plan(_changed_plan(), path)
    assert load_plan(path).meta.name == "Changed"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _names(tmp_path) == ["plan.yaml"]


def test_new_file_gets_default_permissions_and_its_folder(tmp_path: Path) -> None:
    """Saving to a new path creates missing folders and a file readable as usual (0666 − umask)."""
    umask = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "a" / "b" / "plan.yaml", "x: 1\n")
    finally:
        os.umask(umask)
    assert path.read_text(encoding="utf-8") == "x: 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --------------------------------------------------------------------------- new plans from old


def test_with_value_makes_a_new_plan_and_leaves_the_old_one() -> None:
    """with_value returns a changed copy; the original plan is unchanged (plans are frozen)."""
    plan = minimal_plan()
    changed = with_value(plan, "legacy_roles[0].activities[1].destination", "ai")
    assert changed.legacy_roles[0].activities[1].destination == "ai"
    assert plan.legacy_roles[0].activities[1].destination == "shifts"
    with pytest.raises(Exception, match="frozen"):
        plan.meta.name = "x"  # type: ignore[misc]


def test_with_changes_applies_several_paths_and_accepts_models() -> None:
    """Several changes apply together, so a consistent pair (new team member + owner) passes."""
    plan = with_changes(
        minimal_plan(),
        {
            "gtm_team": ("Alex", "Sam"),
            "audiences[0].owner": "Sam",
            "marops_seats": (seat("Ops", ("workflow_architect", "data_steward")),),
            "hires[0].position": "Ops",
        },
    )
    assert plan.audiences[0].owner == "Sam"
    # the combined seat takes the higher of its roles: Workflow Architect £60-85K (mid £72.5K)
    # over Data Steward £55-75K (mid £65K)
    assert plan.seat_band(plan.marops_seats[0]) == Band(low=60_000, high=85_000)


def test_with_value_rejects_an_invalid_value_with_its_path() -> None:
    """An invalid change raises PlanError naming the field; nothing else changes."""
    with pytest.raises(PlanError) as caught:
        with_value(minimal_plan(), "legacy_roles[0].activities[0].share", 1.4)
    assert str(caught.value.problems[0]) == (
        "legacy_roles[0].activities[0].share: got 1.4, must be between 0 and 1"
    )


@pytest.mark.parametrize("path", ["audiences[5].owner", "meta.nope.deeper", "legacy_roles[0"])
def test_with_value_rejects_a_path_that_is_not_in_the_plan(path: str) -> None:
    """A path past the end of a list, through a missing field or malformed is a KeyError."""
    with pytest.raises(KeyError):
        with_value(minimal_plan(), path, "x")


def test_blank_owner_means_no_owner_yet() -> None:
    """An owner of only spaces is read as "no owner yet" (None); a name is stripped."""
    assert minimal_plan(audiences=[audience(owner="   ")]).audiences[0].owner is None
    assert minimal_plan(audiences=[audience(owner=" Alex ")]).audiences[0].owner == "Alex"


def test_band_point() -> None:
    """A band's salary at low / mid / high / a fraction is read off linearly."""
    band = Band(low=40_000, high=60_000)
    # 40,000 + 20,000 × {0, 0.5, 1, 0.25}
    assert [band.at(p) for p in ("low", "mid", "high", 0.25)] == [40_000, 50_000, 60_000, 45_000]


def test_combined_seat_takes_the_band_of_its_highest_paid_role() -> None:
    """A seat holding several roles takes the band of the one with the highest midpoint; on
    equal midpoints the higher top of band; its own band overrides both."""
    # Workflow Architect £60–85K (mid 72,500) beats Data Steward £55–75K (mid 65,000).
    wa_ds = seat("WA+DS", roles=("workflow_architect", "data_steward"))
    plan = minimal_plan(marops_seats=[wa_ds], hires=[])
    only = plan.marops_seats[0]
    assert plan.seat_band_role(only).key == "workflow_architect"
    assert (plan.seat_band(only).low, plan.seat_band(only).high) == (60_000, 85_000)
    # Equal midpoints: 50–90K and 60–80K both sum to 140K; 90K is the higher top.
    roles = [plain(r) for r in minimal_plan().marops_roles]
    roles[2]["band"] = {"low": 60_000, "high": 80_000}  # data_steward
    roles[3]["band"] = {"low": 50_000, "high": 90_000}  # prompt_knowledge_designer
    tie = minimal_plan(
        marops_roles=roles,
        marops_seats=[seat("DS+PKD", roles=("data_steward", "prompt_knowledge_designer"))],
        hires=[],
    )
    assert tie.seat_band_role(tie.marops_seats[0]).key == "prompt_knowledge_designer"
    own = seat("Own", roles=("data_steward",), band=Band(low=70_000, high=75_000))
    overridden = minimal_plan(marops_seats=[own], hires=[])
    assert overridden.seat_band(overridden.marops_seats[0]).high == 75_000


# --------------------------------------------------------------------------- properties


_PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_PROPERTY_SETTINGS
@given(valid_plan_data())
def test_generated_valid_plans_always_validate_and_round_trip(data: dict[str, Any]) -> None:
    """Random plans built within the rules always validate, keep every section, come back
    unchanged from YAML, and dump to the same text twice."""
    plan = parse_plan(data)
    assert len(plan.legacy_roles) == len(data["legacy_roles"])
    assert [a.name for a in plan.audiences] == [a["name"] for a in data["audiences"]]
    assert [p.name for p in plan.phases] == [p["name"] for p in data["phases"]]
    text = dump_plan_yaml(plan)
    again = plan_from_yaml(text)
    assert again == plan
    assert dump_plan_yaml(again) == text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_plans())
def test_generated_valid_plans_round_trip_through_a_file(plan: Plan) -> None:
    """save_plan then load_plan gives the same plan for random valid plans."""
    with tempfile.TemporaryDirectory() as folder:
        assert load_plan(save_plan(plan, Path(folder) / "p.yaml")) == plan


# --------------------------------------------------------------------------- unique names


def _variant(name: str) -> str:
    """The same name in other case, with spaces around it: 'Alex' → '  aLEX '."""
    return f"  {name.swapcase()} "


def _with_variant(field: str, key: str = "name") -> Callable[[dict[str, Any]], None]:
    """A mutation appending a copy of the list's first item whose name differs only by case and
    surrounding spaces."""

    def mutate(data: dict[str, Any]) -> None:
        item = copy.deepcopy(data[field][0])
        item[key] = _variant(item[key])
        data[field].append(item)

    return mutate


_GOVERNANCE = {
    "agents": [{"name": "Lead scorer", "job": "crm_lead_scoring"}],
    "decision_rights": [{"decision": "Budget moves", "decided_by": "human"}],
    "pods": [{"outcome": "Pipeline generation"}],
    "operating_metrics": [
        {"workflow": "Lead routing", "metric": "time_to_asset_days", "baseline": 5, "target": 2}
    ],
}


@pytest.mark.parametrize(
    ("field", "key", "path", "first", "second"),
    [
        ("products", "name", "products[1].name", "products[0].name", "Product A"),
        ("audiences", "name", "audiences[1].name", "audiences[0].name", "Audience A"),
        ("legacy_roles", "name", "legacy_roles[1].name", "legacy_roles[0].name", "Content"),
        ("marops_seats", "name", "marops_seats[1].name", "marops_seats[0].name", "MarOps Lead"),
        ("workflows", "name", "workflows[5].name", "workflows[0].name", "Content production"),
        ("phases", "name", "phases[2].name", "phases[0].name", "Map workflows"),
        ("agents", "name", "agents[1].name", "agents[0].name", "Lead scorer"),
        (
            "decision_rights",
            "decision",
            "decision_rights[1].decision",
            "decision_rights[0].decision",
            "Budget moves",
        ),
        ("pods", "outcome", "pods[1].outcome", "pods[0].outcome", "Pipeline generation"),
        (
            "operating_metrics",
            "workflow",
            "operating_metrics[1].metric",
            "operating_metrics[0]",
            "Lead routing",
        ),
    ],
)
def test_names_differing_only_by_case_and_spaces_are_duplicates(
    field: str, key: str, path: str, first: str, second: str
) -> None:
    """A name repeated in other case with spaces around it ('  aUDIENCE a ' after 'Audience A')
    is refused at the second entry, and the message names both entries."""
    data = minimal_data(**{f: v for f, v in _GOVERNANCE.items() if f == field})
    assert data[field][0][key] == second  # the fixture's first name, as written here
    _with_variant(field, key)(data)
    with pytest.raises(PlanError) as err:
        parse_plan(data)
    found = [p for p in err.value.problems if p.path == path]
    assert found, [str(p) for p in err.value.problems]
    message = found[0].message
    assert repr(second) in message  # the first entry, as written
    assert repr(second.swapcase()) in message  # the second, stripped of its spaces
    assert first in message and ("unique" in message or "once per workflow" in message)


def test_gtm_team_names_differing_by_case_and_spaces_are_duplicates() -> None:
    """'Alex' and ' aLEX ' in the GTM team are one person twice: refused, naming both."""
    with pytest.raises(PlanError) as err:
        parse_plan(minimal_data(gtm_team=["Alex", " aLEX "]))
    (problem,) = [p for p in err.value.problems if p.path == "gtm_team"]
    assert "'Alex'" in problem.message and "'aLEX'" in problem.message
    assert "gtm_team[0]" in problem.message and "gtm_team[1]" in problem.message


def test_enterprise_healthcare_twice_is_refused() -> None:
    """The reported case: 'enterprise healthcare ' next to 'Enterprise Healthcare' is refused."""
    data = minimal_data()
    data["audiences"].append(
        {**copy.deepcopy(data["audiences"][0]), "name": "enterprise healthcare "}
    )
    data["audiences"][0]["name"] = "Enterprise Healthcare"
    with pytest.raises(PlanError, match=r"audiences\[1\]\.name: got 'enterprise healthcare'"):
        parse_plan(data)


def test_the_lock_file_a_save_leaves_is_ignored_by_git(tmp_path: Path) -> None:
    """Saving leaves '.<name>.lock' beside the plan, and the repository's .gitignore ignores
    that name wherever a plan lives."""
    save_plan(minimal_plan(), tmp_path / "acme.yaml")
    assert (tmp_path / ".acme.yaml.lock").exists()
    repo = Path(__file__).resolve().parents[1]
    for where in (".acme.yaml.lock", "plans/team/.acme.yaml.lock"):
        run = subprocess.run(
            ["git", "check-ignore", "--no-index", "-q", where], cwd=repo, check=False
        )
        assert run.returncode == 0, f"{where} is not ignored"


def test_the_plan_package_reexports_every_public_name_of_its_modules() -> None:
    """mocmo.plan is a package of modules under 700 lines each, and ``from mocmo.plan import X``
    works for every public name its modules define (all listed in ``__all__``)."""
    package = Path(plan_module.__file__).parent
    assert plan_module.__file__.endswith("__init__.py")
    missing = []
    for path in sorted(package.glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 700, path.name
        if path.name == "__init__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                # constants only: CapWords aliases (Money, Fraction …) are building blocks
                names = [n.id for n in targets if isinstance(n, ast.Name) and n.id.isupper()]
            else:
                continue
            missing += [f"{path.stem}.{n}" for n in names if not n.startswith("_")]
        missing = [m for m in missing if m.split(".")[1] not in plan_module.__all__]
    assert not missing, missing
