"""`mocmo export` never deletes a file it did not write and publishes all or nothing (issue #15).

The export folder keeps a manifest, ``DIR/.mocmo-export.json``: ``{"files": {relative path:
sha256}}`` of every file the last export wrote. Only those files, unchanged since, are replaced
or removed; anything else that is in the way is moved into a visible ``DIR/kept-<time>/``
folder, and the export says so.

Full exports of the example take seconds, so the module shares two of them (a first export,
then a second over it) in one fixture; the other tests copy that folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from mocmo.cli import main
from mocmo.defaults import example_path, load_example
from mocmo.export import export_all
from mocmo.plan import load_plan

EXAMPLE = example_path()
WORKBOOK = "brightwave-mini-cmo-plan.xlsx"
MANIFEST = ".mocmo-export.json"
STAGING_PREFIX = ".mocmo-export-"

# The user's own files in charts/: two named nothing like a chart, two that begin like one.
USER_FILES = {
    "charts/notes.png": b"the user's notes",
    "charts/cost_bridge_mine.svg": b"<svg>the user's bridge</svg>",
    "charts/costing-bridge-mine.svg": b"<svg>the user's own costing chart</svg>",
    "charts/reshape-my-annotations.png": b"the user's annotations",
}
# Two files the first export is recorded as having written that the second does not write.
STALE_UNCHANGED = "charts/reshape-workflow-a-role-since-renamed.png"
STALE_EDITED = "charts/reshape-workflow-another-role-since-renamed.png"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones included) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _staging_dirs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir())


def _in_staging(path: str | os.PathLike[str]) -> bool:
    return any(part.startswith(STAGING_PREFIX) for part in Path(path).parts)


@dataclass(frozen=True)
class TwoExports:
    out: Path
    first: dict[str, bytes]
    """The folder after the first export (and the user's files)."""
    edited_chart: str
    """A chart of the first export the user then changed (relative path)."""
    written: list[Path]
    """What the second export returned."""
    lines: list[str]
    """The second export's progress and warning lines."""


@pytest.fixture(scope="module")
def two_exports(tmp_path_factory: pytest.TempPathFactory) -> TwoExports:
    """The example exported into a folder holding the user's files; then one chart edited by
    the user, two stale files recorded in the manifest (one edited since), and a second export."""
    out = tmp_path_factory.mktemp("safety") / "out"
    for rel, data in USER_FILES.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    plan = load_example()
    export_all(plan, out, progress=False)
    first = _snapshot(out)
    edited_chart = "charts/costing-waterfall.png"
    assert edited_chart in first, sorted(first)
    (out / edited_chart).write_bytes(b"edited by the user")
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {"files": {}}
    (out / STALE_UNCHANGED).write_bytes(b"a chart of a role renamed since")
    manifest["files"][STALE_UNCHANGED] = _sha(b"a chart of a role renamed since")
    (out / STALE_EDITED).write_bytes(b"exported once, then edited by the user")
    manifest["files"][STALE_EDITED] = _sha(b"as it was exported")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    lines: list[str] = []
    written = export_all(plan, out, progress=lines.append)
    return TwoExports(out, first, edited_chart, written, lines)


@pytest.fixture(scope="module")
def renamed_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example under another name: every file of its export differs from the example's
    (its workbook has another name), so a mix of the two exports shows."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("Brightwave Mini CMO plan") == 1
    path = tmp_path_factory.mktemp("renamed") / "renamed.yaml"
    path.write_text(text.replace("Brightwave Mini CMO plan", "Brightwave renamed plan"), "utf-8")
    return path


def test_users_own_files_in_charts_survive_two_exports(two_exports: TwoExports) -> None:
    """Files in DIR/charts that no export wrote — even ones named like a chart — are byte for
    byte as the user left them after a first and a second export."""
    for rel, data in USER_FILES.items():
        assert two_exports.first[rel] == data, rel
        assert (two_exports.out / rel).read_bytes() == data, rel


def test_a_chart_the_user_edited_is_moved_to_a_kept_folder_and_reported(
    two_exports: TwoExports,
) -> None:
    """A chart the last export wrote and the user changed since is moved, unchanged, into
    DIR/kept-<time>/ under its own path; the new chart takes its place; a warning names both."""
    out, rel = two_exports.out, two_exports.edited_chart
    kept = list(out.glob(f"kept-*/{rel}"))
    assert len(kept) == 1, sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert kept[0].read_bytes() == b"edited by the user"
    assert (out / rel).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    warnings = [line for line in two_exports.lines if "warning" in line and rel in line]
    assert len(warnings) == 1, two_exports.lines
    assert kept[0].relative_to(out).as_posix() in warnings[0]
    assert "changed since the last export" in warnings[0]


def test_stale_files_of_the_last_export_go_only_if_unchanged(two_exports: TwoExports) -> None:
    """A file the last export wrote and this one does not is removed when its bytes still match
    the manifest, and left in place with a warning when the user changed it."""
    out = two_exports.out
    assert not (out / STALE_UNCHANGED).exists()
    assert (out / STALE_EDITED).read_bytes() == b"exported once, then edited by the user"
    assert any("warning" in line and STALE_EDITED in line for line in two_exports.lines)


def test_the_manifest_lists_exactly_the_files_written_with_their_sha256(
    two_exports: TwoExports,
) -> None:
    """DIR/.mocmo-export.json maps each file the export wrote (relative path) to its sha256,
    and nothing else: not the user's files, not the kept ones."""
    out = two_exports.out
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    expected = {p.relative_to(out).as_posix(): _sha(p.read_bytes()) for p in two_exports.written}
    assert manifest["files"] == expected
    assert WORKBOOK in expected and "summary.json" in expected and "charts.html" in expected
    assert not set(expected) & set(USER_FILES)
    assert not [rel for rel in expected if rel.startswith("kept-")]


@pytest.mark.parametrize("blocker", ["charts", "summary.json"])
def test_a_target_in_the_way_is_exit_2_and_nothing_changes(
    two_exports: TwoExports,
    tmp_path: Path,
    blocker: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """DIR/charts as a regular file (or DIR/summary.json as a folder) is exit 2 with a message
    naming that path and what is wrong; the old workbook and summary.json stay byte for byte
    and no staging folder is left."""
    out = tmp_path / "out"
    out.mkdir()
    for rel in (WORKBOOK, "summary.json", MANIFEST):
        shutil.copyfile(two_exports.out / rel, out / rel)
    if blocker == "charts":
        (out / "charts").write_text("a file where the charts folder goes", encoding="utf-8")
        what = "is a file, not a folder"
    else:
        (out / "summary.json").unlink()
        (out / "summary.json").mkdir()
        (out / "summary.json" / "inside.txt").write_text("mine", encoding="utf-8")
        what = "is a folder"
    before = _snapshot(out)
    assert main(["export", str(EXAMPLE), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(out / blocker) in err and what in err, err
    assert _snapshot(out) == before
    assert _staging_dirs(out) == []


def _failing_on_visible_call(
    out: Path, n: int
) -> tuple[Callable[..., None], list[tuple[str, str]]]:
    """An ``os.replace`` that raises on the ``n``-th call that moves a file into or out of the
    visible part of the export folder ``out`` (calls inside a staging folder, or outside
    ``out`` — the chart-drawing workers' own files — are not counted)."""
    real = os.replace
    calls: list[tuple[str, str]] = []

    def visible(path: str | os.PathLike[str]) -> bool:
        return Path(path).is_relative_to(out) and not _in_staging(Path(path).relative_to(out))

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kw: object) -> None:
        if visible(src) or visible(dst):
            calls.append((str(src), str(dst)))
            if len(calls) == n:
                raise OSError(5, "Input/output error (injected)")
        real(src, dst, **kw)  # type: ignore[arg-type]

    return replace, calls


def test_dir_itself_a_file_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out` naming a regular file is exit 2 with a message naming that file and saying it is
    a file, not a folder; the file is unchanged and nothing is created beside it."""
    out = tmp_path / "exports.txt"
    out.write_text("not a folder", encoding="utf-8")
    assert main(["export", str(EXAMPLE), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{out} is a file, not a folder" in err, err
    assert out.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports.txt"]


def _spy_on_staging_removal(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each staging folder ``shutil.rmtree`` deletes, whether its journal of moves
    was still in it (it must be gone first: a kill half-way through deleting would otherwise
    have the next run undo the moves again without the staged files)."""
    real = shutil.rmtree
    journals: list[bool] = []

    def rmtree(path: str | os.PathLike[str], *args: object, **kw: object) -> None:
        if Path(path).name.startswith(STAGING_PREFIX):
            journals.append((Path(path) / "journal.json").exists())
        real(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    return journals


def test_a_failure_mid_publish_leaves_the_previous_export_intact(
    two_exports: TwoExports, renamed_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the 3rd rename into or out of the export folder fails while a renamed plan is
    published, every file of the previous export (and the user's) is byte for byte as it was,
    and no staging folder or new file is left."""
    out = tmp_path / "out"
    shutil.copytree(two_exports.out, out)
    before = _snapshot(out)
    replace, calls = _failing_on_visible_call(out, 3)
    monkeypatch.setattr(os, "replace", replace)
    journals = _spy_on_staging_removal(monkeypatch)
    with pytest.raises(OSError, match="injected"):
        export_all(load_plan(renamed_plan), out, progress=False)
    monkeypatch.undo()
    assert len(calls) >= 3
    assert _snapshot(out) == before
    assert _staging_dirs(out) == []
    assert journals == [False]


def _start(*args: str) -> subprocess.Popen[bytes]:
    """``python ARGS`` from the repository, in a new process group (so a kill reaches its
    chart-drawing workers too)."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def test_a_killed_export_leaves_only_its_staging_folder_which_the_next_run_removes(
    two_exports: TwoExports, tmp_path: Path
) -> None:
    """kill -9 while charts are being drawn leaves the previous export as it was plus one
    hidden staging folder; the next export removes it, but not a folder of the same prefix that
    the exporter did not make."""
    out = tmp_path / "out"
    shutil.copytree(two_exports.out, out)
    not_mine = out / f"{STAGING_PREFIX}not-mine"
    not_mine.mkdir()
    (not_mine / "keep.txt").write_text("the user's", encoding="utf-8")
    before = _snapshot(out)
    proc = _start("-m", "mocmo.cli", "export", str(EXAMPLE), "--out", str(out), "--quiet")
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            staged = [p for p in _staging_dirs(out) if p != not_mine]
            if staged and any(staged[0].rglob("summary.json")):
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"no staging folder appeared (exit {proc.poll()})")
    finally:
        _kill(proc)
    left = [p for p in _staging_dirs(out) if p != not_mine]
    assert len(left) == 1
    assert {k: v for k, v in _snapshot(out).items() if not _in_staging(k)} == {
        k: v for k, v in before.items() if not _in_staging(k)
    }
    export_all(load_example(), out, progress=False)
    assert _staging_dirs(out) == [not_mine]
    assert (not_mine / "keep.txt").read_text(encoding="utf-8") == "the user's"
    assert json.loads((out / "summary.json").read_text()) == json.loads(before["summary.json"])


_KILL_MID_PUBLISH = """
import os, signal, sys
from pathlib import Path
from mocmo.export import export_all
from mocmo.plan import load_plan
from mocmo.plan import load_plan

out = Path(sys.argv[2])
real, calls = os.replace, []
def visible(path):
    path = Path(path)
    return path.is_relative_to(out) and not any(
        part.startswith(".mocmo-export-") for part in path.relative_to(out).parts
    )
def replace(src, dst, **kw):
    if visible(src) or visible(dst):
        calls.append(dst)
        if len(calls) == 5:
            os.killpg(os.getpgid(0), signal.SIGKILL)
    real(src, dst, **kw)
os.replace = replace
export_all(load_plan(sys.argv[1]), sys.argv[2], progress=False)
"""


def test_an_export_killed_mid_publish_is_rolled_back_by_the_next_run(
    two_exports: TwoExports, renamed_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kill -9 after four files of a publish have moved leaves a mix; the next run first puts
    the previous export back exactly (here it then fails writing its workbook, so what is left
    is that restored export) and removes the staging folder."""
    out = tmp_path / "out"
    shutil.copytree(two_exports.out, out)
    before = _snapshot(out)
    proc = _start("-c", _KILL_MID_PUBLISH, str(renamed_plan), str(out))
    try:
        proc.wait(timeout=300)
    finally:
        _kill(proc)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    assert _snapshot(out) != before  # a mix: the publish was cut short
    assert len(_staging_dirs(out)) == 1

    def no_workbook(plan: object, path: Path, **_: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mocmo.excel.write_workbook", no_workbook)
    journals = _spy_on_staging_removal(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        export_all(load_example(), out, progress=False)
    assert _snapshot(out) == before
    assert _staging_dirs(out) == []
    assert journals == [False, False]  # the killed run's staging folder, then this run's


@pytest.mark.parametrize(
    "listed", ["../outside.txt", "/tmp/outside.txt", "charts/../../outside.txt", "./summary.json"]
)
def test_a_manifest_naming_a_path_outside_the_folder_is_not_trusted(
    tmp_path: Path, listed: str
) -> None:
    """A manifest that lists a path outside the export folder (or not in its plain form) is not
    used at all — no file counts as the export's own, so nothing can be removed through it — and
    the warning names the manifest."""
    from mocmo.export import _read_manifest

    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "outside.txt").write_bytes(b"precious")
    files = {listed: _sha(b"precious"), "summary.json": _sha(b"{}")}
    (out / MANIFEST).write_text(json.dumps({"files": files}), encoding="utf-8")
    previous, warning = _read_manifest(out)
    assert previous == {}
    assert warning is not None and str(out / MANIFEST) in warning


def test_a_second_export_into_the_same_folder_waits_for_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another export holds the folder's lock, an export creates nothing in the folder
    (so it cannot take the other's staging folder for a stale one); once the lock is released
    it goes on."""
    import fcntl
    import threading

    out = tmp_path / "out"
    out.mkdir()

    def stop(plan: object) -> str:
        raise RuntimeError("stopped after the lock")

    monkeypatch.setattr("mocmo.export.summary_json", stop)
    lines: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            export_all(load_example(), out, progress=lines.append)
        except RuntimeError as err:
            errors.append(err)

    holder = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        exporter = threading.Thread(target=run)
        exporter.start()
        exporter.join(timeout=1.0)
        assert exporter.is_alive() and lines == [] and list(out.iterdir()) == []
    finally:
        os.close(holder)  # releases the lock
    exporter.join(timeout=120)
    assert not exporter.is_alive()
    assert [str(err) for err in errors] == ["stopped after the lock"]
    assert any("exporting" in line for line in lines)
    assert list(out.iterdir()) == []
