"""Layers that hold: the calculation modules import no view (charts, workbook, widgets) and
write no file — checked on their source with ast, function-level imports included."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mocmo"

CALCULATION_MODULES = (
    "plan",
    "audiences",
    "reshape",
    "costing",
    "migration",
    "governance",
    "diagnostics",
    "compare",
    "summary",
    "figures",
    "neworg",
)
"""The modules that compute (a module may also be a package: every file in it counts)."""

NOT_YET_WRITTEN = frozenset({"neworg"})
"""Modules of the list another change is still creating: checked as soon as they exist."""

FORBIDDEN_IMPORTS = ("mocmo.charts", "mocmo.excel", "mocmo.ui", "altair", "openpyxl", "ipywidgets")

WRITING_METHODS = frozenset(
    {
        "write_text",
        "write_bytes",
        "save",
        "savefig",
        "to_excel",
        "to_csv",
        "to_parquet",
        "to_pickle",
        "to_feather",
        "to_hdf",
        "mkstemp",
        "NamedTemporaryFile",
        # mocmo's own writers
        "write_text_atomic",
        "save_plan",
        "save_atomically",
        "write_workbook",
        "export_all",
        "export_comparison",
    }
)
"""Calls that write a file, whatever object they are called on."""

PLAN_FILE_WRITERS = frozenset({"save_plan"})
PLAN_FILE_MODULE = PACKAGE / "plan" / "io.py"
"""The plan file is the user's work and the plan package's job (ARCHITECTURE: "YAML and atomic
files"): inside mocmo/plan/io.py, save_plan may write it — nothing else may."""


def _files(module: str) -> list[Path]:
    single = PACKAGE / f"{module}.py"
    package = PACKAGE / module
    if single.is_file():
        return [single]
    if package.is_dir():
        return sorted(package.rglob("*.py"))
    return []


def _imported(tree: ast.AST, path: Path) -> Iterator[tuple[int, str]]:
    """Every module an import statement anywhere in ``tree`` names (relative ones resolved),
    and every constant ``importlib.import_module("…")``."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and _name(node.func) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_forbidden(module: str) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN_IMPORTS)


def _write_mode(call: ast.Call, position: int) -> bool:
    """True when an open()-like call's mode (argument ``position`` or ``mode=``) writes."""
    mode: ast.expr | None = call.args[position] if len(call.args) > position else None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return any(ch in mode.value for ch in "wax+")
    return True  # a mode computed at run time may write


_OS_WRITE_FLAGS = frozenset({"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"})


def _writing_call(node: ast.Call) -> str | None:
    """The name of the file-writing call ``node`` makes, or None."""
    name = _name(node.func)
    if name in WRITING_METHODS:
        return name
    if name == "open" and isinstance(node.func, ast.Name):
        return "open" if _write_mode(node, 1) else None
    if name == "open" and _name_of_value(node.func) == "os":  # os.open(path, flags)
        flags = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
        return "os.open" if flags & _OS_WRITE_FLAGS else None
    if name in {"open", "fdopen"} and isinstance(node.func, ast.Attribute):
        return name if _write_mode(node, 1 if name == "fdopen" else 0) else None
    if name in {"replace", "rename"} and _name_of_value(node.func) == "os":
        return f"os.{name}"
    return None


def _writes(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    """(line, call, outermost enclosing function) of every file-writing call in ``tree``."""
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = owner
            if owner == "<module>" and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if isinstance(child, ast.Call):
                call = _writing_call(child)
                if call is not None:
                    found.append((child.lineno, call, inner))
            visit(child, inner)

    visit(tree, "<module>")
    yield from sorted(found)


def _name_of_value(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


def test_every_calculation_module_is_checked() -> None:
    """Each calculation module of the list exists (bar those still being written), so the
    checks below cannot pass by finding nothing."""
    missing = [m for m in CALCULATION_MODULES if not _files(m) and m not in NOT_YET_WRITTEN]
    assert not missing, f"calculation modules not found: {missing}"


@pytest.mark.parametrize("module", CALCULATION_MODULES)
def test_calculation_modules_import_no_view(module: str) -> None:
    """No calculation module imports mocmo.charts, mocmo.excel, mocmo.ui, altair, openpyxl or
    ipywidgets — not at the top, not inside a function."""
    found = []
    for path in _files(module):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imported(tree, path):
            if _is_forbidden(name):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", CALCULATION_MODULES)
def test_calculation_modules_write_no_file(module: str) -> None:
    """No calculation module writes a file (open for writing, write_text, save, to_excel, os.
    replace, mocmo's writers …); only save_plan in mocmo/plan/io.py writes the plan file."""
    found = []
    for path in _files(module):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, call, owner in _writes(tree):
            if path == PLAN_FILE_MODULE and owner in PLAN_FILE_WRITERS:
                continue
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line} {owner}() calls {call}")
    assert not found, "\n".join(found)


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """A function-level view import, open(…, "w"), Path.write_text, a workbook save and
    DataFrame.to_excel are each found; reading a file is not."""
    source = (
        "import json\n"
        "def f(path, frame, wb):\n"
        "    from mocmo.excel._book import Book\n"
        "    import altair as alt\n"
        "    with open(path, 'w') as fh:\n"
        "        fh.write('x')\n"
        "    path.write_text('x')\n"
        "    wb.save(path)\n"
        "    frame.to_excel(path)\n"
        "    with path.open(encoding='utf-8') as fh:\n"
        "        json.load(fh)\n"
        "    open(path).read()\n"
        "    os.open(path, os.O_RDONLY)\n"
        "    os.open(path, os.O_WRONLY | os.O_CREAT)\n"
    )
    path = PACKAGE / "example_module.py"  # never written: only its name places it in mocmo
    tree = ast.parse(source)
    imports = [name for _, name in _imported(tree, path) if _is_forbidden(name)]
    assert imports == ["mocmo.excel._book", "mocmo.excel._book.Book", "altair"]
    assert [(line, call) for line, call, _ in _writes(tree)] == [
        (5, "open"),
        (7, "write_text"),
        (8, "save"),
        (9, "to_excel"),
        (14, "os.open"),
    ]


SENTENCES_NOT_YET_MOVED: dict[str, frozenset[str]] = {}
"""Sentences ("what this means": words for people, no new number) still in step modules another
change is restructuring (issue #16): each is to move to mocmo.present; the list may only
shrink (it is empty: every step's sentences are in mocmo.present)."""


def _sentence_functions(module: str) -> set[str]:
    names = set()
    for path in _files(module):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and (
                node.name.startswith(("what_this_means", "describe_", "format_"))
                or node.name.endswith("_sentence")
            ):
                names.add(node.name)
    return names


@pytest.mark.parametrize("module", CALCULATION_MODULES)
def test_what_this_means_sentences_live_in_the_presentation_layer(module: str) -> None:
    """No calculation module defines a "what this means" sentence (what_this_means, *_sentence,
    describe_*, format_*) beyond the declared ones not yet moved to mocmo.present."""
    extra = _sentence_functions(module) - SENTENCES_NOT_YET_MOVED.get(module, frozenset())
    assert not extra, (
        f"mocmo.{module} words figures for people: move {sorted(extra)} to mocmo.present"
    )


def test_the_moved_sentences_are_in_mocmo_present() -> None:
    """The comparison's, the governance and the diagnostics steps' sentences are found in
    mocmo.present: a plan without agents says so, one not yet assessed asks for the maturity
    stage, and a 2-month delta reads "+2 months"."""
    from plans import minimal_plan

    from mocmo.present import diagnostics
    from mocmo.present.compare import describe_delta
    from mocmo.present.governance import governance_sentence, what_this_means

    plan = minimal_plan()
    assert plan.diagnostics.maturity_stage is None
    ask = "Choose the stage that best describes the team today (1–5)."
    assert diagnostics.maturity_sentence(plan) == ask
    assert ask in diagnostics.what_this_means(plan)
    assert not plan.agents
    expected = "No agents in the register yet: add the first one, with its outcome and owner."
    assert governance_sentence(plan) == expected
    assert what_this_means(plan)[0] == expected
    assert describe_delta("breakeven_month", 2) == "+2 months"


def test_the_steps_sentences_are_in_mocmo_present_and_keep_their_old_names() -> None:
    """The reshape, costing and migration steps' sentences are defined in mocmo.present, and the
    names they had in the step modules give the very same functions."""
    from mocmo import costing, migration, reshape
    from mocmo.present import costing as costing_words
    from mocmo.present import migration as migration_words
    from mocmo.present import reshape as reshape_words

    moved = {
        (reshape, reshape_words): (
            "workflow_sentence",
            "hours_sentence",
            "tax_sentence",
            "load_sentence",
            "new_org_sentence",
            "what_this_means",
        ),
        (costing, costing_words): ("describe_marops_net",),
        (migration, migration_words): ("timeline_sentence",),
    }
    for (step, words), names in moved.items():
        for name in names:
            function = getattr(words, name)
            assert function.__module__ == words.__name__
            assert getattr(step, name) is function
