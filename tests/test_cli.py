"""The ``mocmo`` command: new, validate, summary, export, app, and its exit codes (0 ok,
2 invalid input, 1 unexpected error with one line unless --debug)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from plans import minimal_plan

import mocmo.cli as cli
import mocmo.summary
from mocmo import defaults
from mocmo.plan import MAROPS_ROLE_KEYS, load_plan, save_plan

SEVEN_ROLES = [
    "Product Marketing",
    "Brand & Creative",
    "Content",
    "Demand Generation",
    "Communications/PR",
    "Marketing Operations",
    "Field & Events/ABM",
]
"""The seven legacy CMO direct reports the issue names."""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- new


def test_new_writes_a_starter_plan_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mocmo new` writes a plan with the seven roles, four one-role MarOps seats and eight
    phases, and `mocmo validate` accepts it with exit 0."""
    path = tmp_path / "my_team.yaml"
    code, out, _ = _run(capsys, "new", str(path))
    assert code == 0
    assert str(path) in out
    plan = load_plan(path)
    assert [r.name for r in plan.legacy_roles] == SEVEN_ROLES
    assert [s.roles for s in plan.marops_seats] == [(k,) for k in MAROPS_ROLE_KEYS]
    assert len(plan.phases) == 8
    assert plan.meta.name == "My Team"
    code, out, err = _run(capsys, "validate", str(path))
    assert code == 0
    assert out.strip() == f"{path}: valid" or out.startswith(f"{path}: valid (")
    assert " error: " not in err


def test_new_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing file is left byte-identical and exit is 2 unless --force is given."""
    path = tmp_path / "plan.yaml"
    path.write_text("my precious plan\n", encoding="utf-8")
    code, _, err = _run(capsys, "new", str(path))
    assert code == 2
    assert "already exists" in err
    assert "--force" in err
    assert path.read_text(encoding="utf-8") == "my precious plan\n"
    code, _, _ = _run(capsys, "new", str(path), "--force")
    assert code == 0
    assert len(load_plan(path).legacy_roles) == 7


def test_new_into_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Giving a folder instead of a file name exits 2 with a plain message."""
    code, _, err = _run(capsys, "new", str(tmp_path), "--force")
    assert code == 2
    assert "is a folder" in err


def test_new_example_copies_the_bundled_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--example brightwave` writes the bundled example byte for byte (comments kept)."""
    path = tmp_path / "bw.yaml"
    code, _, _ = _run(capsys, "new", str(path), "--example", "brightwave")
    assert code == 0
    assert path.read_bytes() == defaults.example_path("brightwave").read_bytes()
    assert load_plan(path) == defaults.load_example("brightwave")


def test_new_with_an_unknown_example_lists_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown example name exits 2 naming the examples there are, and writes nothing."""
    path = tmp_path / "x.yaml"
    code, _, err = _run(capsys, "new", str(path), "--example", "nope")
    assert code == 2
    assert "'nope'" in err
    assert "brightwave" in err
    assert not path.exists()


def test_console_script_new_then_validate_exits_0(tmp_path: Path) -> None:
    """The installed `mocmo` command: `mocmo new p.yaml && mocmo validate p.yaml` exits 0."""
    script = Path(sys.executable).parent / "mocmo"
    if not script.exists():
        pytest.skip("the mocmo console script is not installed in this environment")
    path = tmp_path / "p.yaml"
    made = subprocess.run([script, "new", path], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([script, "validate", path], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.read_text().replace("headcount: 4", "headcount: 0", 1))
    failed = subprocess.run([script, "validate", bad], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2
    assert "legacy_roles[0].headcount: got 0" in failed.stderr


# --------------------------------------------------------------------------- summary


def test_summary_json_is_one_object_of_plain_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`summary --json` on the example prints one JSON object whose keys are snake_case and
    whose values are numbers or null."""
    path = save_plan(defaults.load_example(), tmp_path / "bw.yaml")
    code, out, _ = _run(capsys, "summary", str(path), "--json")
    assert code == 0
    figures = json.loads(out)
    assert isinstance(figures, dict)
    assert figures, "the steps register headline figures"
    for key, value in figures.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
        assert value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    # the example has six audiences (data/examples/brightwave.yaml)
    assert figures.get("audience_count", 6) == 6


def test_summary_json_turns_numpy_and_nan_into_plain_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """numpy integers and floats print as plain numbers, NaN and infinity as null."""
    figures: dict[str, Any] = {
        "people": np.int64(30),
        "cost": np.float64(1.5e6),
        "ratio": float("nan"),
        "growth": float("inf"),
        "missing": None,
    }
    monkeypatch.setattr(mocmo.summary, "headline", lambda plan: figures)
    path = save_plan(minimal_plan(), tmp_path / "p.yaml")
    code, out, _ = _run(capsys, "summary", str(path), "--json")
    assert code == 0
    assert json.loads(out) == {
        "people": 30,
        "cost": 1_500_000.0,
        "ratio": None,
        "growth": None,
        "missing": None,
    }


def test_summary_text_names_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Plain `summary` prints the plan's name and company first."""
    path = save_plan(minimal_plan(), tmp_path / "p.yaml")
    code, out, _ = _run(capsys, "summary", str(path))
    assert code == 0
    assert out.splitlines()[0] == "Test plan — Testco"


def test_summary_text_says_which_years_pay_the_annual_figures_are_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text summary ends by saying the annual money is at the start year's pay, before
    the plan's pay review (the example: 2027, 3.5% from month 4)."""
    from mocmo.defaults import example_path

    code, out, _ = _run(capsys, "summary", str(example_path()))
    assert code == 0
    assert out.splitlines()[-1] == (
        "Money a year is at 2027 pay, before the 3.5% pay review from month 4; the "
        "month-by-month timeline carries the reviews."
    )


def test_summary_of_an_invalid_plan_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A summary of an invalid plan reports the problem and exits 2, printing no figures."""
    path = tmp_path / "p.yaml"
    path.write_text("schema_version: 9\n", encoding="utf-8")
    code, out, err = _run(capsys, "summary", str(path), "--json")
    assert (code, out) == (2, "")
    assert "schema_version: got 9" in err


# --------------------------------------------------------------------------- exit codes


def _explode(plan: object) -> list[object]:
    raise RuntimeError("the flux capacitor\nis broken")


def test_unexpected_error_is_one_line_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error exits 1 with one line naming it and no traceback."""
    path = save_plan(minimal_plan(), tmp_path / "p.yaml")
    monkeypatch.setattr(mocmo.summary, "checks", _explode)
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1
    assert err.count("\n") == 1
    assert "RuntimeError: the flux capacitor is broken" in err
    assert "--debug" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """--debug, before or after the command, prints the traceback (still exit 1)."""
    path = save_plan(minimal_plan(), tmp_path / "p.yaml")
    monkeypatch.setattr(mocmo.summary, "checks", _explode)
    argv = (
        ["--debug", "validate", str(path)]
        if where == "before"
        else ["validate", str(path), "--debug"]
    )
    code, _, err = _run(capsys, *argv)
    assert code == 1
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: the flux capacitor" in err


def test_usage_errors_exit_2_and_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command or missing argument exits 2; --help and --version exit 0."""
    assert _run(capsys, "frobnicate")[0] == 2
    assert _run(capsys, "validate")[0] == 2
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert "validate" in out
    code, out, _ = _run(capsys, "--version")
    assert code == 0
    assert out.startswith("mocmo ")


# --------------------------------------------------------------------------- export and app


@pytest.mark.parametrize(
    ("module", "argv", "what"),
    [
        ("mocmo.export", ["export", "{plan}", "--out", "{out}"], "export is not available"),
        ("mocmo.app", ["app", "{plan}", "--no-browser"], "app mode is not available"),
    ],
    ids=["export", "app"],
)
def test_missing_export_or_app_gives_a_clear_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    argv: list[str],
    what: str,
) -> None:
    """When the export or app part of mocmo is absent, the command says so (exit 2, no trace)."""
    plan = save_plan(minimal_plan(), tmp_path / "p.yaml")
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    args = [a.format(plan=plan, out=tmp_path / "out") for a in argv]
    code, _, err = _run(capsys, *args)
    assert code == 2
    assert what in err
    assert "Traceback" not in err


def test_a_broken_dependency_of_export_is_an_unexpected_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If export exists but a library it needs is missing, that is reported (exit 1), not
    mistaken for "not available yet"."""
    plan = save_plan(minimal_plan(), tmp_path / "p.yaml")

    def import_module(name: str) -> None:
        raise ModuleNotFoundError("No module named 'openpyxl'", name="openpyxl")

    monkeypatch.setattr(cli.importlib, "import_module", import_module)
    code, _, err = _run(capsys, "export", str(plan), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "openpyxl" in err
    assert "not available yet" not in err
