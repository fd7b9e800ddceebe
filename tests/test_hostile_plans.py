"""Plan files a hostile or careless tester would hand mocmo: each is refused as an input error
(exit 2, the field named, nothing of a foreign file echoed), and saving can't be raced or
diverted (issue #15)."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from plans import example_copy, minimal_data

import mocmo.cli as cli
from mocmo.plan import PlanError, load_plan, parse_plan, plan_from_yaml
from mocmo.ui import core

TWENTY_MB = 20 * 1024 * 1024
"""The largest plan file mocmo reads."""

EXAMPLE_START = "start_month: '2027-01-01'"
"""The example plan's meta.start_month line, the one place it is written so."""

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
        "meta: {name: *i}",
        "",
    ]
)
"""The classic 'billion laughs' document: under 1 KB, 9^9 strings once its aliases expand."""


def _example_text(tmp_path: Path) -> str:
    from mocmo.defaults import example_path

    return example_path().read_text(encoding="utf-8")


def _copy_into(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return example_copy(folder)


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


# ------------------------------------------------------------------ the hostile files, by kind


def _edited(old: str, new: str) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "plan.yaml"
        path.write_text(_replace_once(_example_text(tmp_path), old, new), encoding="utf-8")
        return path

    return make


def _written(text: str) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _symlink_loop(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    return tmp_path / "a.yaml"


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    os.mkfifo(path)
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.mkdir()
    return path


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("meta: {name: big}\n")
        fh.write("# padding\n" * (TWENTY_MB // 10 + 10))
    return path


def _cycle(tmp_path: Path) -> Path:
    data = minimal_data()
    data["reporting_lines"] = [
        {"role": "CMO", "reports_to": "Head of Marketing Operations"},
        {"role": "Head of Marketing Operations", "reports_to": "CMO"},
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    # name: (make the file, what stderr must name)
    "impossible date": (_edited(EXAMPLE_START, "start_month: 2027-02-30"), "meta.start_month"),
    "year 9999": (_edited(EXAMPLE_START, "start_month: 9999-12-01"), "meta.start_month"),
    "infinite hours": (
        _edited("hours_per_week: 37.5", "hours_per_week: .inf"),
        "assumptions.hours_per_week",
    ),
    "1e309 money": (_edited("tools_per_head: 3000", "tools_per_head: 1e309"), "tools_per_head"),
    "1e300 money": (_edited("tools_per_head: 3000", "tools_per_head: 1e300"), "tools_per_head"),
    "hours above a week": (
        _edited("hours_per_week: 37.5", "hours_per_week: 200"),
        "assumptions.hours_per_week",
    ),
    "5000-digit headcount": (_edited("headcount: 4", "headcount: " + "9" * 5000), "headcount"),
    "400-digit headcount": (_edited("headcount: 4", "headcount: " + "9" * 400), "headcount"),
    "billion laughs": (_written(BILLION_LAUGHS), "alias"),
    "symlink loop": (_symlink_loop, "symbolic link"),
    "FIFO": (_fifo, "not a regular file"),
    "folder": (_folder, "folder"),
    "over 20 MB": (_huge, "20 MB"),
    "reporting cycle": (_cycle, "reporting_lines"),
}


@pytest.mark.parametrize("command", ["validate", "summary", "export"])
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_hostile_file_is_an_input_error_naming_what_is_wrong(
    kind: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate, summary and export exit 2 on each hostile file, naming the field or the reason."""
    make, named = HOSTILE[kind]
    path = make(tmp_path)
    argv = [command, str(path)] + (["--out", str(tmp_path / "out")] if command == "export" else [])
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert named in err
    assert "Traceback" not in err and "unexpected error" not in err
    assert max(len(line) for line in err.splitlines()) < 400  # no value printed in full


@pytest.mark.parametrize("kind", ["symlink loop", "FIFO", "folder"])
def test_new_refuses_a_target_that_is_not_a_file_it_can_write(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """mocmo new --force onto a symlink loop, a FIFO or a folder exits 2 with a message."""
    make, _ = HOSTILE[kind]
    path = make(tmp_path)
    assert cli.main(["new", str(path), "--force"]) == 2
    err = capsys.readouterr().err
    assert "mocmo: error:" in err or "error:" in err
    assert "Traceback" not in err


def test_the_console_script_refuses_hostile_files_without_a_traceback(tmp_path: Path) -> None:
    """The command exits 2 without a traceback on an impossible date, a symlink loop, a bomb."""
    for kind in ("impossible date", "symlink loop", "billion laughs"):
        folder = tmp_path / kind.replace(" ", "-")
        folder.mkdir()
        path = HOSTILE[kind][0](folder)
        done = subprocess.run(
            [sys.executable, "-m", "mocmo.cli", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, (kind, done.stderr)
        assert "Traceback" not in done.stderr


def test_a_file_name_starting_with_dashes_is_a_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mocmo new ---.yaml writes a starter plan named ---.yaml, which then validates."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "---.yaml"]) == 0
    assert load_plan(tmp_path / "---.yaml").meta.name
    assert cli.main(["validate", "---.yaml"]) == 0
    assert cli.main(["new", "--forse", "x.yaml"]) == 2  # a mistyped option is still an error
    assert cli.main(["new", "--forse=x.yaml"]) == 2
    assert not (tmp_path / "--forse=x.yaml").exists()


# ------------------------------------------------------------------ YAML bombs and limits


def test_the_billion_laughs_file_is_refused_before_it_is_built(tmp_path: Path) -> None:
    """A 1 KB alias bomb is refused as an input error in a fresh process (limited to 2 GB)."""
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert path.stat().st_size < 1024
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from mocmo.cli import main\n"
        f"sys.exit(main(['validate', {str(path)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "alias" in done.stderr
    assert "lol" not in done.stderr


def test_a_merge_bomb_is_refused_too() -> None:
    """Merge keys that multiply a mapping nine times a level are refused like aliases."""
    lines = ["a0: &a0 {x: 1}"]
    for level in range(1, 12):
        merges = ", ".join(f"k{i}: *a{level - 1}" for i in range(9))
        lines.append(f"a{level}: &a{level} {{<<: *a{level - 1}, {merges}}}")
    with pytest.raises(PlanError, match="alias"):
        plan_from_yaml("\n".join(lines) + "\n")


def test_deep_nesting_is_refused() -> None:
    """A document nested thousands of levels deep is refused with a message, not a crash."""
    with pytest.raises(PlanError, match="nest"):
        plan_from_yaml("meta: " + "[" * 5000 + "]" * 5000 + "\n")


def test_merge_keys_are_valid_yaml_and_accepted(tmp_path: Path) -> None:
    """A band defined once with an anchor and reused through a merge key ('<<:') loads."""
    data = yaml.safe_load(_example_text(tmp_path))
    data["legacy_roles"][0]["band"] = "BAND0"
    data["legacy_roles"][1]["band"] = "BAND1"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    text = _replace_once(text, "band: BAND0", "band: &band {low: 41000, high: 59000}")
    text = _replace_once(text, "band: BAND1", "band: {<<: *band, high: 61000}")
    plan = plan_from_yaml(text)
    assert (plan.legacy_roles[0].band.low, plan.legacy_roles[0].band.high) == (41000, 59000)
    assert (plan.legacy_roles[1].band.low, plan.legacy_roles[1].band.high) == (41000, 61000)


def test_a_short_excerpt_of_a_long_value_is_all_an_error_shows() -> None:
    """A 10,000-character wrong value is shown as at most 80 characters ending in '…'."""
    data = minimal_data()
    data["horizon_months"] = "x" * 10_000
    with pytest.raises(PlanError) as caught:
        parse_plan(data)
    (problem,) = caught.value.problems
    assert problem.path == "horizon_months"
    shown = re.search(r"got (.*?), must", problem.message)
    assert shown is not None
    assert len(shown.group(1)) <= 80
    assert shown.group(1).endswith("…")


# ------------------------------------------------------------------ no leak of a foreign file

SHADOW = (
    "root:$6$s3cretSalt$Zk2Q9bVvQ:19700:0:99999:7:::\n"
    "alice:$6$pepper$HASHalice:salary=95000:19700:0:99999:7:::\n"
)


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        (SHADOW, ["s3cretSalt", "95000", "alice"]),
        ("salary: 95000\n  bad: [unclosed\npassword: hunter2\n", ["95000", "hunter2"]),
        ("- alice 123456\n- bob 98765\n", ["123456", "alice"]),
        ("alice: 123456\nbob: 98765\n", ["123456", "alice", "bob"]),
        ("just a line with a salary 123456 in it\n", ["123456"]),
        ("%YAML 1.1\n%TAG ! tag:secret123456,\n---\n!x {a: 1}\n", ["123456"]),
    ],
)
def test_errors_never_echo_the_content_of_a_file_that_is_not_a_plan(
    text: str, secrets: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A foreign file (passwords, a salary list) is refused without printing any of its content."""
    path = tmp_path / "foreign.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip()
    for secret in secrets:
        assert secret not in err


# ------------------------------------------------------------------ reporting-line cycles


def _with_lines(lines: list[dict[str, str]]) -> dict[str, Any]:
    data = minimal_data()
    data["reporting_lines"] = lines
    return data


def test_two_roles_reporting_to_each_other_is_an_error_naming_the_cycle() -> None:
    """CMO → Head of MarOps → CMO is a validation error that names both roles."""
    data = _with_lines(
        [
            {"role": "CMO", "reports_to": "Head of Marketing Operations"},
            {"role": "Head of Marketing Operations", "reports_to": "CMO"},
        ]
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(data)
    messages = [str(p) for p in caught.value.problems]
    assert any(
        m.startswith("reporting_lines[0]") and "CMO → Head of Marketing Operations → CMO" in m
        for m in messages
    ), messages


def test_a_longer_reporting_cycle_and_a_self_report_are_errors() -> None:
    """A → B → C → A and a role reporting to itself are each refused with the cycle named."""
    data = _with_lines(
        [
            {"role": "CMO", "reports_to": "CEO"},
            {"role": "A", "reports_to": "B"},
            {"role": "B", "reports_to": "C"},
            {"role": "C", "reports_to": "A", "kind": "solid"},
        ]
    )
    with pytest.raises(PlanError, match="A → B → C → A"):
        parse_plan(data)
    with pytest.raises(PlanError, match=r"reporting_lines\[0\].*itself"):
        parse_plan(_with_lines([{"role": "X", "reports_to": "X", "kind": "dotted"}]))


def test_a_dotted_line_back_up_the_chain_is_not_a_cycle() -> None:
    """A dotted line from the CMO to someone below is a matrix, not a broken chain of command."""
    data = _with_lines(
        [
            {"role": "Data Steward", "reports_to": "CMO"},
            {"role": "CMO", "reports_to": "Data Steward", "kind": "dotted"},
        ]
    )
    assert parse_plan(data).reporting_lines[1].kind == "dotted"


# ------------------------------------------------------------------ symlinks


def test_save_through_a_symlink_edits_the_real_file_and_keeps_the_link(tmp_path: Path) -> None:
    """Saving a session opened on a symlink writes the file it points to; the link stays."""
    real = _copy_into(tmp_path / "real")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    session = core.PlanSession(link)
    assert session.apply({"audiences[0].pipeline_target": 4_321_000}) == []
    assert session.save().status == "saved"
    assert link.is_symlink()
    assert load_plan(real).audiences[0].pipeline_target == 4_321_000


def test_new_force_onto_a_symlink_writes_the_target(tmp_path: Path) -> None:
    """mocmo new --force onto a symlink replaces the file it points to, not the link."""
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert cli.main(["new", str(link), "--force"]) == 0
    assert link.is_symlink()
    assert load_plan(real).meta.name


def test_an_atomic_write_keeps_a_relative_symlink_and_the_mode(tmp_path: Path) -> None:
    """write_text_atomic through a relative link replaces the target, keeping its permissions."""
    (tmp_path / "d").mkdir()
    real = tmp_path / "d" / "real.txt"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(Path("d") / "real.txt")
    from mocmo import files

    files.write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert real.stat().st_mode & 0o777 == 0o640


# ------------------------------------------------------------------ two saves at once


def _save_racer(path: str, value: int, barrier: Any, results: Any) -> None:
    session = core.PlanSession(Path(path))
    session.apply({"audiences[0].pipeline_target": value})
    barrier.wait()
    results.put((value, session.save().status))


def test_two_processes_saving_at_once_never_both_say_saved(tmp_path: Path) -> None:
    """Two processes that opened the same plan and press Save together: one saves, one is told
    of the conflict, and the file holds the edit of the one that saved (three trials)."""
    # A fork server: each racer is forked from a clean process that has imported the session
    # code once (no threads of this test process forked, no import per racer).
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["mocmo.ui.core", "mocmo.summary", "test_hostile_plans"])
    for trial in range(3):
        path = _copy_into(tmp_path / f"t{trial}")
        barrier = ctx.Barrier(2)
        results = ctx.Queue()
        racers = [
            ctx.Process(target=_save_racer, args=(str(path), v, barrier, results))
            for v in (1_111_000, 2_222_000)
        ]
        for p in racers:
            p.start()
        outcomes = dict(results.get(timeout=120) for _ in racers)
        for p in racers:
            p.join(timeout=60)
            assert p.exitcode == 0
        assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
        winner = next(v for v, status in outcomes.items() if status == "saved")
        assert load_plan(path).audiences[0].pipeline_target == winner


def test_a_write_landing_right_after_a_save_is_caught_at_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session fingerprints the bytes it wrote: another write just after the rename is a
    conflict at the next Save, not silently overwritten."""
    plan_file = example_copy(tmp_path)
    session = core.PlanSession(plan_file)
    foreign = plan_file.read_text(encoding="utf-8") + "\n# written by another process\n"
    real_replace = os.replace

    def replace_then_someone_writes(src: Any, dst: Any, **kw: Any) -> None:
        real_replace(src, dst, **kw)
        if Path(dst).resolve() == plan_file.resolve():
            with open(dst, "w", encoding="utf-8") as fh:  # not through os.replace
                fh.write(foreign)

    monkeypatch.setattr(os, "replace", replace_then_someone_writes)
    session.apply({"audiences[0].pipeline_target": 3_000_000})
    assert session.save().status == "saved"
    monkeypatch.setattr(os, "replace", real_replace)
    session.apply({"audiences[0].pipeline_target": 3_100_000})
    assert session.save().status == "conflict"
    assert plan_file.read_text(encoding="utf-8") == foreign


def test_save_keeps_the_fingerprint_of_what_it_wrote(tmp_path: Path) -> None:
    """After Save, the session holds the SHA-256 of the bytes on disk (nothing changed)."""
    plan_file = example_copy(tmp_path)
    session = core.PlanSession(plan_file)
    session.apply({"audiences[0].pipeline_target": 3_000_000})
    assert session.save().status == "saved"
    assert not session.disk_changed()
    assert core._fingerprint(plan_file) == hashlib.sha256(plan_file.read_bytes()).hexdigest()


# ------------------------------------------------------------------ the current-plan pointer


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00\x01garbage", b"relative/plan.yaml", b"/tmp/half-writ\x00", b"/a\n/b\n"],
)
def test_a_garbage_pointer_file_means_no_current_plan_with_a_message(
    content: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unreadable or half-written current-plan file falls back to the example, with a warning."""
    monkeypatch.setenv("MOCMO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MOCMO_PLAN", raising=False)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "current-plan.txt").write_bytes(content)
    with caplog.at_level("WARNING"):
        chosen = core.current_plan_path()
    assert chosen == tmp_path / "home" / "plans" / "brightwave.yaml"
    assert "current plan" in caplog.text


def test_remembering_the_current_plan_is_an_atomic_locked_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """set_current_plan_path writes through mocmo.files (temp file + rename), never in place."""
    monkeypatch.setenv("MOCMO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MOCMO_PLAN", raising=False)
    from mocmo import files

    calls: list[Path] = []
    real = files.write_text_atomic

    def spy(path: Any, text: str, **kw: Any) -> Path:
        calls.append(Path(path))
        return real(path, text, **kw)

    monkeypatch.setattr(files, "write_text_atomic", spy)
    plan = example_copy(tmp_path)
    assert core.set_current_plan_path(plan) == plan.resolve()
    assert calls == [tmp_path / "home" / "current-plan.txt"]
    assert core.current_plan_path() == plan.resolve()


def test_the_workbook_is_saved_through_a_symlink_to_the_real_file(tmp_path: Path) -> None:
    """save_atomically onto a symlink replaces the workbook it points to; the link stays."""
    from openpyxl import Workbook, load_workbook

    from mocmo.excel._book import save_atomically

    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    book = Workbook()
    book.active["A1"] = "new"
    save_atomically(book, link)
    assert link.is_symlink()
    assert load_workbook(real).active["A1"].value == "new"


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        ("assumptions.hours_per_week", 169, "must be at most 168"),
        ("assumptions.hours_per_week", float("inf"), "must be a finite number, at most 168"),
        ("legacy_roles[0].headcount", 100_001, "must be at most 100,000"),
        ("legacy_roles[0].band.high", 1e300, "must be at most 1,000,000,000"),
        ("assumptions.on_costs.tools_per_head", float("nan"), "must be 0 or more"),
        ("audiences[0].pipeline_target", 2e12, "must be at most 1,000,000,000,000"),
        ("meta.start_month", "1999-12-01", "must be a month between 2000-01 and 2199-12"),
    ],
)
def test_numbers_beyond_what_a_real_plan_holds_are_refused_saying_the_limit(
    path: str, value: Any, said: str
) -> None:
    """Hours above a week, 100,001 people, a billion-plus salary, NaN, infinity, 1999 are refused
    with the field and the limit named."""
    from plans import minimal_plan

    from mocmo.plan import with_value

    with pytest.raises(PlanError) as caught:
        with_value(minimal_plan(), path, value)
    assert any(p.path == path and said in p.message for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]
