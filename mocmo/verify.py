"""Model against workbook: recalculate the finance workbook with LibreOffice and compare every
headline figure with what mocmo computes, so Python and the workbook cannot silently diverge.

The registry (:mod:`mocmo.figures`) pairs each figure's function with its workbook formula;
:func:`verify_plan` writes the plan's workbook (without the org chart pictures, which hold no
figure) into a temporary folder, has LibreOffice recalculate it and reads every figure's
defined name back. Simulation outputs (the Monte Carlo P10/P50/P90) are values on the Ranges
sheet, not formulas, and are not compared.

LibreOffice never recalculates a file that already holds cached values under its default
profile; a dedicated profile here sets ``OOXMLRecalcMode`` and ``ODFRecalcMode`` to 0 (always).

``mocmo export --verify`` and ``make check-workbook`` use this; the app's Export page can call
:func:`verify_export` after an export (it returns None when LibreOffice is not installed).
``python -m mocmo.verify PLAN.yaml … [--synthetic PEOPLE]`` checks plans from the command line
(exit 2 on a difference, naming each figure with both values).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mocmo.figures import FIGURES, Figure
from mocmo.plan import Plan

__all__ = [
    "RECALC_ALWAYS_XCU",
    "LibreOfficeMissing",
    "Mismatch",
    "differences",
    "find_soffice",
    "recalculate",
    "store_recalculated",
    "verify_export",
    "verify_plan",
    "verify_workbook",
    "workbook_figures",
    "write_profile",
]

RECALC_TIMEOUT_S = 120.0

RECALC_ALWAYS_XCU = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
"""A LibreOffice user profile's ``registrymodifications.xcu``: always recalculate on load."""

PENNY_TOLERANCE = 0.005
"""Money figures rounded to the penny agree within half a penny."""
TOLERANCE = 1e-6
"""Every other figure agrees within 1e-6 (absolute, or relative for large values)."""


class LibreOfficeMissing(RuntimeError):
    """LibreOffice's ``soffice`` is not installed (or not on PATH)."""


@dataclass(frozen=True)
class Mismatch:
    """A headline figure on which mocmo and the recalculated workbook disagree."""

    key: str
    model: Figure
    workbook: object

    def __str__(self) -> str:
        return (
            f"{self.key}: mocmo computes {_show(self.model)}, the recalculated workbook says "
            f"{_show(self.workbook)}"
        )


def _show(value: object) -> str:
    return "empty" if value is None or value == "" else repr(value)


def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice`` (``MOCMO_SOFFICE`` first), or None."""
    configured = os.environ.get("MOCMO_SOFFICE")
    if configured:
        return configured
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_profile(directory: Path) -> Path:
    """Make ``directory`` a LibreOffice user profile that always recalculates on load."""
    user = directory / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS_XCU, encoding="utf-8")
    return directory


def recalculate(
    xlsx: Path,
    outdir: Path,
    *,
    soffice: str | None = None,
    profile: Path | None = None,
    timeout: float = RECALC_TIMEOUT_S,
) -> Path:
    """Open ``xlsx`` in headless LibreOffice, recalculate every formula and save a copy into
    ``outdir`` (which must differ from the input's folder); returns the copy's path.

    Raises :class:`LibreOfficeMissing` without ``soffice``; RuntimeError when LibreOffice fails
    or takes longer than ``timeout`` seconds (it is stopped then)."""
    given = soffice or find_soffice()
    if given is None:
        raise LibreOfficeMissing(
            "LibreOffice (soffice) is not installed; install libreoffice-calc-nogui "
            "(make system-deps) to recalculate the workbook"
        )
    exe = shutil.which(given)
    if exe is None:
        raise LibreOfficeMissing(
            f"LibreOffice: {given!r} is not an executable program; set MOCMO_SOFFICE to the "
            "path of soffice, or unset it to use the one on PATH"
        )
    src = xlsx.resolve()
    out = outdir.resolve()
    if out == src.parent:
        raise ValueError(f"outdir must differ from the input's folder: {out}")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{src.stem}.xlsx"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="mocmo-lo-profile-") as own:
        prof = profile or write_profile(Path(own))
        cmd = [
            exe,
            f"-env:UserInstallation={prof.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.communicate()
            raise RuntimeError(f"LibreOffice took over {timeout:.0f} s on {src}") from None
    if proc.returncode != 0 or not target.is_file():
        raise RuntimeError(
            f"LibreOffice did not recalculate {src} (exit {proc.returncode}): {output.strip()}"
        )
    return target


def workbook_figures(xlsx: Path, keys: Sequence[str] | None = None) -> dict[str, object]:
    """The cached value of each headline figure's defined name in ``xlsx`` (a recalculated
    workbook); a name the workbook lacks is absent from the result."""
    import openpyxl

    wb = openpyxl.load_workbook(xlsx, data_only=True, read_only=False)
    found: dict[str, object] = {}
    for key in keys if keys is not None else list(FIGURES):
        if key not in wb.defined_names:
            continue
        destinations = list(wb.defined_names[key].destinations)
        if len(destinations) != 1:
            raise ValueError(f"defined name {key!r} points at {destinations}, not one cell")
        sheet, ref = destinations[0]
        found[key] = wb[sheet][ref.replace("$", "")].value
    return found


def _agree(key: str, model: Figure, workbook: object) -> bool:
    if model is None:
        return workbook is None or workbook == ""
    if isinstance(workbook, bool) or not isinstance(workbook, int | float):
        return False
    tolerance = PENNY_TOLERANCE if FIGURES[key].penny else TOLERANCE
    return math.isclose(float(model), float(workbook), rel_tol=TOLERANCE, abs_tol=tolerance)


def differences(model: Mapping[str, Figure], workbook: Mapping[str, object]) -> list[Mismatch]:
    """Every figure of ``model`` with a workbook formula on which ``workbook`` disagrees
    (or which the workbook lacks), in registry order."""
    found: list[Mismatch] = []
    for key, value in model.items():
        spec = FIGURES[key]
        if spec.simulation:
            continue
        if key not in workbook:
            found.append(Mismatch(key, value, "no such defined name"))
        elif not _agree(key, value, workbook[key]):
            found.append(Mismatch(key, value, workbook[key]))
    return found


def verify_workbook(plan: Plan, xlsx: Path, *, soffice: str | None = None) -> list[Mismatch]:
    """Recalculate the workbook ``xlsx`` of ``plan`` with LibreOffice and return every figure
    on which it disagrees with :func:`mocmo.summary.headline` (empty: they agree)."""
    from mocmo.summary import headline

    model = headline(plan)
    with tempfile.TemporaryDirectory(prefix="mocmo-verify-") as tmp:
        recalculated = recalculate(Path(xlsx), Path(tmp) / "recalc", soffice=soffice)
        return differences(model, workbook_figures(recalculated, list(model)))


def verify_plan(plan: Plan, *, soffice: str | None = None) -> list[Mismatch]:
    """Write ``plan``'s workbook (no org chart pictures) into a temporary folder and
    :func:`verify_workbook` it: what ``mocmo export --verify`` checks before writing anything."""
    from mocmo.excel import write_sheets
    from mocmo.excel._book import Book, save_atomically

    book = Book.new(plan)
    write_sheets(book, pictures=False)
    with tempfile.TemporaryDirectory(prefix="mocmo-verify-book-") as tmp:
        xlsx = save_atomically(book.wb, Path(tmp) / "plan.xlsx")
        return verify_workbook(plan, xlsx, soffice=soffice)


def verify_export(plan: Plan, xlsx: Path) -> list[Mismatch] | None:
    """For the app's Export page: the figures on which the exported workbook ``xlsx``
    disagrees with the model, or None when LibreOffice is not installed (nothing checked)."""
    soffice = find_soffice()
    if soffice is None:
        return None
    return verify_workbook(plan, xlsx, soffice=soffice)


def store_recalculated(xlsx: Path, *, soffice: str | None = None) -> int:
    """Recalculate ``xlsx`` with LibreOffice and store every formula's value in the file (the
    formulas stay; the file is replaced atomically), so a preview that does not recalculate
    shows every cell. Returns how many cells got a value; raises :class:`LibreOfficeMissing`
    without LibreOffice."""
    from mocmo.excel._cached import recalculated_values, store_values
    from mocmo.files import replace_atomic

    with tempfile.TemporaryDirectory(prefix="mocmo-store-") as tmp:
        copy = recalculate(xlsx, Path(tmp), soffice=soffice)
        values = recalculated_values(xlsx, copy)
    stored = 0

    def write(target: str) -> None:
        nonlocal stored
        shutil.copyfile(xlsx, target)
        stored = store_values(Path(target), values)

    replace_atomic(xlsx, write, lock=False)
    return stored


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m mocmo.verify [PLAN.yaml …] [--synthetic PEOPLE …]``: 0 when every plan's
    workbook agrees with the model, 2 naming each differing figure with both values."""
    import argparse

    from mocmo.plan import load_plan
    from mocmo.synthetic import synthetic_plan

    parser = argparse.ArgumentParser(
        prog="python -m mocmo.verify",
        description="Recalculate each plan's workbook with LibreOffice and compare its figures.",
    )
    parser.add_argument("plans", nargs="*", metavar="PLAN.yaml")
    parser.add_argument(
        "--synthetic",
        type=int,
        action="append",
        default=[],
        metavar="PEOPLE",
        help="also check mocmo.synthetic.synthetic_plan(people=PEOPLE)",
    )
    args = parser.parse_args(argv)
    plans: list[tuple[str, Plan]] = [(path, load_plan(path)) for path in args.plans]
    plans += [(f"synthetic plan of {n} people", synthetic_plan(people=n)) for n in args.synthetic]
    if not plans:
        parser.error("give at least one plan file or --synthetic PEOPLE")
    code = 0
    for name, plan in plans:
        found = verify_plan(plan)
        for mismatch in found:
            print(f"{name}: error: {mismatch}", file=sys.stderr)
        if found:
            code = 2
        else:
            print(f"{name}: workbook agrees with the model on every figure")
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
