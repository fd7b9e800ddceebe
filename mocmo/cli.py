"""The ``mocmo`` command: new · validate · summary · timeline · export · brief · compare ·
diff · import-roster · import-xlsx · app.

Exit codes: 0 ok, 2 invalid input (every problem on stderr, one per line), 1 unexpected error
(one line; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import numbers
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mocmo.files import FileRefused, read_bytes_limited
from mocmo.plan import PlanError, Problem, load_plan, save_plan, write_text_atomic

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2


class UsageError(Exception):
    """Bad input from the user that is not a plan problem (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, except that an argument starting with dashes that is no option of the command
    and looks like a file name (``---.yaml``, ``-plan.yaml``, ``--/x``) is a file name."""

    def _parse_optional(self, arg_string: str) -> Any:
        found = super()._parse_optional(arg_string)
        first = found[0] if isinstance(found, list) and found else found
        unknown = isinstance(first, tuple) and first[0] is None
        looks_like_a_file = arg_string.startswith("---") or (
            "=" not in arg_string and any(c in arg_string for c in "./")
        )
        if unknown and looks_like_a_file:
            return None
        return found


def _print_problems(problems: Sequence[Problem], source: str | None = None) -> None:
    for p in problems:
        prefix = f"{source}: " if source else ""
        print(f"{prefix}{p.severity}: {p}", file=sys.stderr)


def _cmd_new(args: argparse.Namespace) -> int:
    from mocmo import defaults

    target = Path(args.path)  # a symlink is followed when written (mocmo.files)
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give the path of a .yaml file to write")
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    why = defaults.starter_option_problem(args.example, args.country, args.fx)
    if why:
        raise UsageError(why)
    if args.example:
        source = defaults.example_path(args.example)
        load_plan(source)  # a bundled example must itself be valid before it is copied
        # Copy the text, not a re-dump: the example's comments explain it to a newcomer.
        write_text_atomic(target, read_bytes_limited(source).decode("utf-8"))
    else:
        words = " ".join(target.stem.replace("_", " ").replace("-", " ").split())
        # The plan's name comes from the file name; a name of only dashes gives no words.
        plan = defaults.starter_plan(words.title() or "New Plan", "", args.country or "uk", args.fx)
        save_plan(plan, target)
        print(f"wrote a starter plan to {target}{defaults.starter_note(plan)}")
        return EXIT_OK
    print(f"wrote a copy of the example {args.example!r} to {target}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from mocmo.summary import checks

    problems = checks(load_plan(args.path))
    _print_problems(problems, args.path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return EXIT_INVALID
    warnings = len(problems)
    print(f"{args.path}: valid" + (f" ({warnings} warning(s))" if warnings else ""))
    return EXIT_OK


def _json_number(value: object) -> int | float | None:
    """A figure as a plain JSON number (numpy scalars included); NaN, infinity, None → null."""
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    raise TypeError(f"headline figure is not a number: {value!r}")


def _cmd_summary(args: argparse.Namespace) -> int:
    from mocmo.figures import figure
    from mocmo.format import describe_figure
    from mocmo.present.costing import legacy_pay_note, pay_note
    from mocmo.summary import headline

    plan = load_plan(args.path)
    figures = headline(plan)
    if args.json:
        plain = {str(k): _json_number(v) for k, v in figures.items()}
        print(json.dumps(plain, indent=2, allow_nan=False))
        return EXIT_OK
    print(f"{plan.meta.name} — {plan.meta.company}".rstrip(" —"))
    labels = {key: figure(key).label for key in figures}
    width = max((len(label) for label in labels.values()), default=0)
    for key, value in figures.items():
        text = describe_figure(key, value, plan.meta.currency)
        print(f"  {labels[key]:<{width}}  {text:>20}  {key}")
    print(legacy_pay_note(plan))
    print(pay_note(plan))
    return EXIT_OK


def _cmd_ranges(args: argparse.Namespace) -> int:
    from mocmo import ranges
    from mocmo.format import describe_figure

    plan = load_plan(args.path)
    sim = ranges.simulate_drivers(plan)
    figures = ranges.headline(plan)
    table = ranges.tornado(plan)
    found = ranges.thresholds(plan)
    if args.json:
        out = {
            "draws": sim.draws,
            "seed": sim.seed,
            "figures": {k: _json_number(v) for k, v in figures.items()},
            "drivers": [
                {"key": d.key, "label": d.label, "kind": d.kind, "low": d.low,
                 "plan": d.plan_value, "high": d.high, "source": d.source,
                 "default_range": d.default_range}
                for d in ranges.drivers(plan)
            ],
            "tornado": [
                {k: _json_number(v) if isinstance(v, float) else v for k, v in row.items()}
                for row in table.to_dict("records")
            ],
            "thresholds": [
                {"driver": t.driver, "test": t.test, "holds_at_plan": t.holds_at_plan,
                 "value": t.value, "direction": t.direction, "sentence": t.sentence}
                for t in found
            ],
        }  # fmt: skip
        print(json.dumps(out, indent=2, allow_nan=False))
        return EXIT_OK
    cur = plan.meta.currency
    print(f"Ranges of {plan.meta.name}: {sim.draws:,} draws, seed {sim.seed}")
    for key in (*ranges.RANGE_FIGURES, "net_change"):
        cells = [describe_figure(f"{key}_p{q}", figures[f"{key}_p{q}"], cur) for q in (10, 50, 90)]
        print(f"  {key:<18} P10 {cells[0]:>14}  P50 {cells[1]:>14}  P90 {cells[2]:>14}")
    print("Tornado (whole-cost net change, each driver at its P10 and P90):")
    for row in table.to_dict("records"):
        lo = describe_figure("total_net_change", row["net_change_at_p10"], cur)
        hi = describe_figure("total_net_change", row["net_change_at_p90"], cur)
        at_p10, at_p90 = f"{row['p10_words']:>11} {lo:>12}", f"{row['p90_words']:>11} {hi:>12}"
        print(f"  {row['label']:<46} {at_p10}   {at_p90}")
    print("What would have to be true:")
    for t in found:
        print(f"  {t.sentence}")
    return EXIT_OK


def _csv_cell(value: object, unit: str) -> object:
    """A timeline value for a CSV cell: money to the penny, a pay factor to 6 places."""
    if isinstance(value, float) and unit in ("money", "money to date"):
        return f"{value:.2f}"
    if isinstance(value, float) and unit == "factor":
        return f"{value:.6f}"
    return "" if value is None else value


def _cmd_timeline(args: argparse.Namespace) -> int:
    from mocmo.present.migration import timeline_records, timeline_text

    plan = load_plan(args.path)
    if not (args.json or args.csv):
        print(timeline_text(plan))
        return EXIT_OK
    columns, records = timeline_records(plan)
    if args.json:
        doc = {
            "plan": plan.meta.name,
            "currency": plan.meta.currency,
            "columns": [{"key": c.key, "label": c.label, "unit": c.unit} for c in columns],
            "months": records,
        }
        print(json.dumps(doc, indent=2, allow_nan=False, ensure_ascii=False))
        return EXIT_OK
    import csv

    cur = plan.meta.currency
    units = {"money": f"{cur}/month", "money to date": cur, "people": "people", "FTE": "FTE"}
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [f"{c.label} ({units[c.unit]})" if c.unit in units else c.label for c in columns]
    )
    for record in records:
        writer.writerow([_csv_cell(record[c.key], c.unit) for c in columns])
    return EXIT_OK


def _cmd_figures(args: argparse.Namespace) -> int:
    from mocmo.figures import glossary

    entries = glossary()
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.markdown:
        from mocmo.present.figures import glossary_markdown

        print(glossary_markdown(), end="")
        return EXIT_OK
    for entry in entries:
        formula = "simulation output" if entry["simulation"] else f"formula on {entry['sheet']}"
        print(f"{entry['key']} — {entry['label']} ({entry['unit_words']}; {formula})")
        print(f"    {entry['explanation']}")
    return EXIT_OK


def _optional(module: str, name: str, what: str) -> Any:
    """``module.name`` if that part of mocmo is present, else a clear "not available" error."""
    try:
        found = importlib.import_module(module)
    except ImportError as err:
        if err.name != module:
            raise  # the module exists but something it needs is missing: a real error
        raise UsageError(f"{what} is not available yet in this version of mocmo") from None
    return getattr(found, name)


def _cmd_export(args: argparse.Namespace) -> int:
    export_all = _optional("mocmo.export", "export_all", "export")
    plan = load_plan(args.path)
    if args.verify and _workbook_disagrees(plan, args.path):
        return EXIT_INVALID
    written = export_all(plan, Path(args.out), not args.quiet, args.include_people)
    if args.verify:  # LibreOffice is there: store every formula's value for previews
        from mocmo.verify import store_recalculated

        for path in written:
            if Path(path).suffix == ".xlsx":
                store_recalculated(Path(path))
    for path in written:
        print(path)
    if args.brief:  # the board pack beside the workbook
        return _write_brief(plan, args.path, Path(args.out), "pdf,pptx,html", args.quiet)
    return EXIT_OK


def _write_brief(plan: Any, source: str, out: Path, formats: str, quiet: bool) -> int:
    """Write the board pack; without Chromium the HTML and the deck are written and the PDF's
    absence is an error naming what to install (exit 2, as ``export --verify`` without
    LibreOffice)."""
    from mocmo.brief import parse_formats, write_brief

    try:
        wanted = parse_formats(formats)
    except ValueError as err:
        raise UsageError(str(err)) from None
    say = None if quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    result = write_brief(plan, out, wanted, source=Path(source).name, progress=say)
    for path in result.written:
        print(path)
    if result.missing:
        raise UsageError(f"brief: no PDF written: {result.missing}; the other files were written")
    return EXIT_OK


def _cmd_brief(args: argparse.Namespace) -> int:
    return _write_brief(load_plan(args.path), args.path, Path(args.out), args.format, args.quiet)


def _workbook_disagrees(plan: Any, source: str) -> bool:
    """``export --verify``: recalculate the plan's workbook with LibreOffice before anything is
    written; True (each differing figure printed with both values) when it disagrees."""
    from mocmo.verify import LibreOfficeMissing, verify_plan

    try:
        found = verify_plan(plan)
    except LibreOfficeMissing as err:
        raise UsageError(f"--verify: {err}") from None
    for mismatch in found:
        print(f"{source}: error: {mismatch}", file=sys.stderr)
    if found:
        print(
            f"mocmo: error: the workbook's formulas and mocmo disagree on {len(found)} "
            "figure(s); nothing was exported",
            file=sys.stderr,
        )
    return bool(found)


def _cmd_compare(args: argparse.Namespace) -> int:
    from mocmo.compare import compare
    from mocmo.export import export_comparison
    from mocmo.present.compare import format_differences, format_figures

    a, b = load_plan(args.a), load_plan(args.b)
    comparison = compare(a, b)
    if args.json:
        print(json.dumps(comparison.to_dict(), indent=2, allow_nan=False))
    else:
        print(f"A: {args.a} — {a.meta.name}")
        print(f"B: {args.b} — {b.meta.name}")
        print()
        print(format_figures(comparison))
        print()
        print(f"What differs in the inputs ({len(comparison.differences)}):")
        print(format_differences(comparison.differences))
    if args.out:
        written = export_comparison(a, b, Path(args.out), comparison)
        for path in written:  # on stderr with --json, so stdout stays one JSON object
            print(path, file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def _pairs(given: Sequence[str] | None, option: str, example: str) -> dict[str, str]:
    """``--map A=B`` options as {A: B} (split at the last '='); a malformed one is refused."""
    pairs: dict[str, str] = {}
    for text in given or ():
        left, sep, right = text.rpartition("=")
        if not sep or not left.strip() or not right.strip():
            raise UsageError(f"{option} {text!r}: expected {example}")
        pairs[left.strip()] = right.strip()
    return pairs


def _cmd_import_roster(args: argparse.Namespace) -> int:
    from mocmo.roster import RosterError, describe_import, import_roster, write_import

    columns = _pairs(args.map, "--map", "COLUMN=FIELD, e.g. --map 'Pay=salary'")
    teams = _pairs(args.map_team, "--map-team", 'TEAM=LEGACY ROLE, e.g. "Growth=Demand Generation"')
    plan = load_plan(args.into)
    target = Path(args.out or args.into)
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give the path of the plan (.yaml) to write")
    try:
        result = import_roster(
            plan,
            args.roster,
            target,
            columns=columns,
            teams=teams,
            sheet=args.sheet,
            skip_invalid=args.skip_invalid,
        )
    except RosterError as err:
        for problem in err.problems:
            print(f"{args.roster}: error: {problem}", file=sys.stderr)
        print(
            f"mocmo: error: the roster was not imported ({len(err.problems)} problem(s)); "
            "nothing was written",
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(describe_import(result))
    if args.dry_run:
        print("Dry run: nothing was written.")
        return EXIT_OK
    roster_path, plan_path = write_import(result, target)
    print(f"wrote {roster_path} ({len(result.roster.people)} people; private: keep it off shares)")
    print(f"wrote {plan_path} (teams and totals only; it names the roster file)")
    return EXIT_OK


def _cmd_import_xlsx(args: argparse.Namespace) -> int:
    from mocmo.excel.importer import WorkbookRefused, import_workbook
    from mocmo.present.compare import format_differences

    into = Path(args.into)
    target = Path(args.out) if args.out else None
    if target is None and not args.dry_run:
        raise UsageError(
            f"give --out NEW.yaml for the new plan (or --out {into} to replace {into}); "
            "nothing was written"
        )
    if target is not None and target.is_dir():
        raise UsageError(f"{target} is a folder; give the path of the plan (.yaml) to write")
    plan = load_plan(into)
    if target is not None and plan.roster and target.parent.resolve() != into.parent.resolve():
        raise UsageError(
            f"{into} names its roster {plan.roster!r} in its own folder: write the new plan "
            f"into {into.parent} too; nothing was written"
        )
    try:
        result = import_workbook(plan, args.book)
    except WorkbookRefused as err:
        for problem in err.problems:
            print(f"{args.book}: error: {problem}", file=sys.stderr)
        print(
            f"mocmo: error: the workbook was not imported ({len(err.problems)} problem(s)); "
            "nothing was written",
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(f"What the workbook changes in {into} ({len(result.differences)}):")
    print(format_differences(result.differences))
    not_imported = result.report()
    if not_imported:
        print(f"Not imported ({len(result.not_imported) + len(result.outside)}):")
        print("\n".join(f"- {line}" for line in not_imported))
    if args.dry_run:
        print("Dry run: nothing was written.")
    elif not result.changed:
        print("No changes: nothing was written.")
    else:
        assert target is not None  # refused above without --out
        save_plan(result.new_plan, target)
        print(f"wrote {target}")
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from mocmo.diff import plan_differences
    from mocmo.present.compare import format_differences

    print(format_differences(plan_differences(load_plan(args.a), load_plan(args.b))))
    return EXIT_OK


def _cmd_app(args: argparse.Namespace) -> int:
    serve = _optional("mocmo.app", "serve", "app mode")
    culling_class = _optional("mocmo.app", "Culling", "app mode")
    try:
        culling = culling_class(idle_s=args.cull_idle, interval_s=args.cull_interval)
    except ValueError as err:
        raise UsageError(str(err)) from None
    code: int = serve(args.plan, port=args.port, open_browser=not args.no_browser, culling=culling)
    return code


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mocmo",
        description="Mini CMO: redesign a B2B marketing team for the AI era, and cost it.",
        epilog="Exit codes: 0 ok, 2 invalid input, 1 unexpected error.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=f"mocmo {_version()}")
    # --debug is also accepted after the command (`mocmo validate plan.yaml --debug`).
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        """The command ``name``, run by ``func``."""
        p = sub.add_parser(name, help=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    def add_plan(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        """A command reading one plan file."""
        p = add(name, help_text, func)
        p.add_argument("path")
        return p

    def add_two_plans(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        """A command reading two plan files, A then B."""
        p = add(name, help_text, func)
        p.add_argument("a", metavar="A.yaml")
        p.add_argument("b", metavar="B.yaml")
        return p

    p = add("new", "write a starter plan, or a copy of a bundled example", _cmd_new)
    p.add_argument("path", help="where to write the plan (.yaml)")
    p.add_argument("--example", metavar="NAME", help="copy a bundled example plan instead")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--country", choices=("us", "uk", "ie", "de", "fr", "nl"),
                   help="the new plan's on-cost profile and currency (default uk)")  # fmt: skip
    p.add_argument("--fx", type=float, metavar="RATE",
                   help="plan currency per GBP for the UK bands (default: assumed)")  # fmt: skip

    add_plan("validate", "check a plan file; exit 2 with every problem if invalid", _cmd_validate)

    p = add_plan("summary", "print the plan's headline figures", _cmd_summary)
    p.add_argument("--json", action="store_true", help="one JSON object of plain numbers")

    p = add_plan(
        "timeline",
        "print the month-by-month table: people, payroll, one-offs, cumulative",
        _cmd_timeline,
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="one JSON object: columns and months")
    how.add_argument("--csv", action="store_true", help="CSV, one row a month (for a spreadsheet)")

    p = add_plan(
        "ranges",
        "the ranges on the uncertain drivers: P10/P50/P90, tornado, what would have to be true",
        _cmd_ranges,
    )
    p.add_argument("--json", action="store_true", help="one JSON object")

    p = add(
        "figures", "list every headline figure: key, label, unit and what it means", _cmd_figures
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="one JSON list of the figures")
    how.add_argument("--markdown", action="store_true", help="a Markdown table (docs/figures.md)")

    p = add_plan("export", "write the finance workbook, charts and summary.json", _cmd_export)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument(
        "--verify",
        action="store_true",
        help="first recalculate the workbook with LibreOffice (exit 2 if a figure differs); "
        "then store every formula's value in the file, for previews",
    )
    p.add_argument(
        "--brief", action="store_true", help="also write the board pack (see mocmo brief) in DIR"
    )
    p.add_argument(
        "--include-people",
        nargs="?",
        const="pseudonymised",
        choices=("pseudonymised", "names"),
        help="add a People sheet, one row a person of the roster: pseudonymised P001 … "
        "(or with names: --include-people names); without it no export shows a person",
    )

    p = add_plan(
        "brief",
        "the board pack: a one-page A4 brief (PDF, HTML) and a 9-slide deck (.pptx)",
        _cmd_brief,
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument(
        "--format",
        default="pdf,pptx,html",
        metavar="F",
        help="comma-separated: pdf, pptx, html (default: all three; the PDF needs Chromium)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress output")

    p = add_two_plans(
        "compare", "two plans side by side: every headline figure and what differs", _cmd_compare
    )
    p.add_argument("--json", action="store_true", help="one JSON object: figures, differences")
    p.add_argument("--out", metavar="DIR", help="also write a comparison workbook and charts")

    p = add(
        "import-roster",
        "start from your own people: import a roster (CSV or .xlsx)",
        _cmd_import_roster,
    )
    p.add_argument(
        "roster", metavar="ROSTER", help="the roster file (.csv or .xlsx), one row a person"
    )
    p.add_argument("--into", required=True, metavar="PLAN", help="the plan to import into (.yaml)")
    p.add_argument("--out", metavar="NEW_PLAN", help="write the new plan here instead of over PLAN")
    p.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (id, name, title, team, salary, fte, start_date, "
        "birth_date, age, location, manager, variable_pay; or ignore); repeatable",
    )
    p.add_argument(
        "--map-team",
        action="append",
        metavar="TEAM=ROLE",
        help="count the roster's TEAM as the plan's legacy ROLE, e.g. \"Growth=Demand "
        'Generation"; repeatable',
    )
    p.add_argument("--sheet", metavar="S", help="the workbook's sheet to read (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave out invalid rows (each listed) instead of importing nothing",
    )

    p = add(
        "import-xlsx",
        "read a reviewed workbook's inputs back into a plan: what changed, in words",
        _cmd_import_xlsx,
    )
    p.add_argument("book", metavar="BOOK.xlsx", help="a workbook mocmo export wrote for PLAN")
    p.add_argument(
        "--into", required=True, metavar="PLAN", help="the plan it was exported from (.yaml)"
    )
    p.add_argument(
        "--out",
        metavar="NEW",
        help="write the new plan here (required unless --dry-run; name PLAN itself to replace it)",
    )
    p.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")

    add_two_plans(
        "diff", "what differs from plan A to plan B, in words (for reviewing plan files)", _cmd_diff
    )

    p = add("app", "serve the guided workbook as a web app on 127.0.0.1", _cmd_app)
    p.add_argument("plan", nargs="?", help="the plan to open (default: your current plan)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--no-browser", action="store_true", help="don't open a browser")
    p.add_argument(
        "--cull-idle",
        type=int,
        default=600,
        metavar="SECONDS",
        help="shut down a kernel no tab has used for this long (default 600)",
    )
    p.add_argument(
        "--cull-interval",
        type=int,
        default=60,
        metavar="SECONDS",
        help="how often to look for such kernels (default 60)",
    )
    return parser


def _version() -> str:
    from mocmo import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mocmo`` command; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error argparse has printed
        return done.code if isinstance(done.code, int) else EXIT_INVALID
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except PlanError as err:
        _print_problems(err.problems, err.source)
        return EXIT_INVALID
    except (
        UsageError,
        FileRefused,
        FileNotFoundError,
        PermissionError,
        IsADirectoryError,
        NotADirectoryError,
    ) as err:
        print(f"mocmo: error: {err}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the one place that turns surprises into a line
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"mocmo: unexpected error: {_one_line(err)} (run with --debug for details)",
                file=sys.stderr,
            )
        return EXIT_ERROR


def _one_line(err: BaseException) -> str:
    """``Type: message`` on a single line, however long or multi-line the message is."""
    text = " ".join(str(err).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
