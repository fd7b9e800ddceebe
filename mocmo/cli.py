"""The ``mocmo`` command: new · validate · summary · export · app.

Exit codes: 0 ok, 2 invalid input (every problem on stderr, one per line), 1 unexpected error
(one line; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from mocmo.plan import PlanError, Problem, load_plan, save_plan

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2


class UsageError(Exception):
    """Bad input from the user that is not a plan problem (exit 2)."""


def _print_problems(problems: Sequence[Problem], source: str | None = None) -> None:
    for p in problems:
        prefix = f"{source}: " if source else ""
        print(f"{prefix}{p.severity}: {p}", file=sys.stderr)


def _cmd_new(args: argparse.Namespace) -> int:
    from mocmo import defaults

    target = Path(args.path)
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    if args.example:
        plan = defaults.load_example(args.example)
    else:
        plan = defaults.starter_plan(name=target.stem.replace("_", " ").replace("-", " ").title())
    save_plan(plan, target)
    kind = f"a copy of the example {args.example!r}" if args.example else "a starter plan"
    print(f"wrote {kind} to {target}")
    return EXIT_OK


def _load_checked(path: str) -> tuple[object, list[Problem]]:
    from mocmo.summary import checks

    plan = load_plan(path)
    return plan, checks(plan)


def _cmd_validate(args: argparse.Namespace) -> int:
    plan, problems = _load_checked(args.path)
    _print_problems(problems, args.path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return EXIT_INVALID
    warnings = len(problems)
    print(f"{args.path}: valid" + (f" ({warnings} warning(s))" if warnings else ""))
    return EXIT_OK


def _json_number(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _cmd_summary(args: argparse.Namespace) -> int:
    from mocmo.format import describe_figure
    from mocmo.summary import headline

    plan = load_plan(args.path)
    figures = headline(plan)
    if args.json:
        print(json.dumps({k: _json_number(v) for k, v in figures.items()}, indent=2))
        return EXIT_OK
    print(f"{plan.meta.name} — {plan.meta.company}".rstrip(" —"))
    width = max((len(k) for k in figures), default=0)
    for key, value in figures.items():
        print(f"  {key:<{width}}  {describe_figure(key, value, plan.meta.currency)}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    try:
        from mocmo.export import export_all
    except ImportError:
        raise UsageError("export is not available yet in this version of mocmo") from None
    plan = load_plan(args.path)
    written = export_all(plan, Path(args.out), progress=not args.quiet)
    for path in written:
        print(path)
    return EXIT_OK


def _cmd_app(args: argparse.Namespace) -> int:
    try:
        from mocmo.app import serve
    except ImportError:
        raise UsageError("app mode is not available yet in this version of mocmo") from None
    return serve(args.plan, port=args.port, open_browser=not args.no_browser)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mocmo",
        description="Mini CMO: redesign a B2B marketing team for the AI era, and cost it.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=f"mocmo {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="write a starter plan, or a copy of a bundled example")
    p.add_argument("path", help="where to write the plan (.yaml)")
    p.add_argument("--example", metavar="NAME", help="copy a bundled example plan instead")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("validate", help="check a plan file; exit 2 with every problem if invalid")
    p.add_argument("path")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("summary", help="print the plan's headline figures")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="one JSON object of plain numbers")
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("export", help="write the finance workbook, charts and summary.json")
    p.add_argument("path")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("app", help="serve the guided workbook as a web app on 127.0.0.1")
    p.add_argument("plan", nargs="?", help="the plan to open (default: your current plan)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--no-browser", action="store_true", help="don't open a browser")
    p.set_defaults(func=_cmd_app)
    return parser


def _version() -> str:
    from mocmo import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mocmo`` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except PlanError as err:
        _print_problems(err.problems, err.source)
        return EXIT_INVALID
    except (UsageError, FileNotFoundError, PermissionError, IsADirectoryError) as err:
        print(f"mocmo: error: {err}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - the one place that turns surprises into a line
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"mocmo: unexpected error: {type(err).__name__}: {err} (run with --debug for details)",
                file=sys.stderr,
            )
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
