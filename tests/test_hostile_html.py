"""User text is never rendered as HTML (issue #15, item 2).

A *hostile plan* is the bundled example with every user text field of the plan model (found by
walking the pydantic models: every ``str`` field and tuple of ``str`` that is not a fixed choice)
replaced by hostile strings — a script, an ``<img onerror>``, closing table tags, an
``<svg onload>`` and already-escaped entities — each with a number after it so that names stay
unique and cross-references stay consistent (the same text is replaced the same way everywhere).

Every panel of every step is built on it, its pickers walked through every item, a validation
problem quoting user text provoked, the plan exported (workbook, every chart's SVG and
``charts.html``) and the notebooks' displayed outputs evaluated; every HTML/SVG string shown is
parsed with :mod:`html.parser` and must hold no element or attribute made from user text while
the user text appears in it as text. One real-browser check opens the Audiences page of a hostile
plan in Voilà and Chromium. That test is last in the module: Playwright's sync API holds an event
loop (see conftest).
"""

from __future__ import annotations

import ast
import os
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args, get_origin

import ipywidgets as w
import pytest
from pydantic import BaseModel

from mocmo import defaults
from mocmo.plan import Plan, parse_plan, save_plan, with_value

if TYPE_CHECKING:
    from playwright.sync_api import Page

PAYLOADS: tuple[str, ...] = (
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "</td></tr></table><b>x</b>",
    "\"'><svg onload=alert(1)>",
    "&amp; &lt;",
)
"""Hostile user text: each must come out as these very characters, never as markup."""

KEPT: frozenset[str] = frozenset({"Head of GTM", "GTM Marketer", "CMO", "CDO"})
"""Texts the model reads as fixed positions (hires of the audience tower, reporting lines to the
CMO and the CDO): kept so that the hostile plan means what the example means."""

NOT_TEXT: frozenset[tuple[str, str]] = frozenset(
    {
        ("Meta", "currency"),
        ("Assumptions", "country"),  # on-cost profile codes: a choice from data/defaults/oncosts
        ("LegacyRole", "country"),
        ("MarOpsSeat", "country"),
        ("RosterPerson", "country"),
    }
)
"""``str`` fields that are codes, not free text."""

USER_TAGS: frozenset[str] = frozenset({"script", "img", "svg", "iframe", "object", "embed"})


# --------------------------------------------------------------------------- the hostile plan


def _is_text(annotation: Any) -> bool:
    """True for ``str``, ``str | None`` and ``tuple[str, ...]`` (through ``Annotated``), not for
    ``Literal`` choices."""
    origin = get_origin(annotation)
    if annotation is str:
        return True
    if origin is Annotated:
        return _is_text(get_args(annotation)[0])
    if origin is Literal:
        return False
    if origin in (typing.Union, types.UnionType):
        return any(_is_text(a) for a in get_args(annotation) if a is not type(None))
    if origin is tuple:
        return _is_text(get_args(annotation)[0])
    return False


@dataclass
class _Hostile:
    """Replaces each distinct user text by a numbered hostile string, the same one each time
    (empty texts too: a description or unit left empty in the example is filled)."""

    mapping: dict[str, str] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)

    def text(self, value: str) -> str:
        if value in KEPT:
            return value
        if value not in self.mapping:
            i = len(self.mapping)
            self.mapping[value] = f"{PAYLOADS[i % len(PAYLOADS)]} {i}"
        return self.mapping[value]

    def data(self, model: BaseModel) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, info in type(model).model_fields.items():
            value = getattr(model, name)
            kind = type(model).__name__
            if _is_text(info.annotation) and (kind, name) not in NOT_TEXT:
                self.fields.add(f"{kind}.{name}")
                if isinstance(value, tuple):
                    value = [self.text(v) for v in value]
                elif isinstance(value, str):
                    value = self.text(value)
            elif isinstance(value, BaseModel):
                value = self.data(value)
            elif isinstance(value, tuple):
                value = [self.data(v) if isinstance(v, BaseModel) else v for v in value]
            out[name] = value
        return out


def _models(model: BaseModel) -> Iterator[BaseModel]:
    """``model`` and every model inside it."""
    yield model
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, BaseModel):
                yield from _models(item)


def hostile_plan() -> tuple[Plan, _Hostile]:
    """The example plan with every user text field replaced by hostile text (valid, same
    figures)."""
    hostile = _Hostile()
    plan = parse_plan(hostile.data(defaults.load_example()))
    return plan, hostile


# --------------------------------------------------------------------------- reading HTML


class _Scan(HTMLParser):
    """Elements, attributes and text of one HTML or SVG string."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.bold: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] in ("script", "style"):
            return  # not text a reader sees
        self.text.append(data)
        if self._open and self._open[-1] == "b":
            self.bold.append(data)


def scan(markup: str) -> _Scan:
    """``markup`` parsed."""
    parser = _Scan()
    parser.feed(markup)
    parser.close()
    return parser


def injected(markup: str, allowed_tags: frozenset[str] = frozenset()) -> list[str]:
    """What in ``markup`` is markup made from user text: elements a plan's text would make
    (script, img, svg, …, unless ``allowed_tags``), event-handler attributes, ``<b>x</b>``.
    The root ``<svg>`` of an SVG document (a chart) is the chart's own."""
    parsed = scan(markup)
    tags = parsed.tags[1:] if parsed.tags and parsed.tags[0][0] == "svg" else parsed.tags
    found = [f"<{tag}>" for tag, _ in tags if tag in USER_TAGS - allowed_tags]
    found += [
        f"<{tag} {name}=…>" for tag, attrs in parsed.tags for name, _ in attrs if name[:2] == "on"
    ]
    found += ["<b>x</b>" for text in parsed.bold if text.strip() == "x"]
    return found


def shown_text(markup: str) -> str:
    """The text a reader sees in ``markup`` (entities decoded), as one string."""
    return "".join(scan(markup).text)


# --------------------------------------------------------------------------- reading widgets


def widgets_in(root: w.Widget) -> Iterator[w.Widget]:
    """``root`` and every widget below it (children of boxes)."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        stack.extend(reversed(list(getattr(widget, "children", ()) or ())))


def html_shown(root: w.Widget) -> list[str]:
    """Every HTML/SVG string the widget tree under ``root`` shows: HTML and HTMLMath values,
    Output widgets' text/html and image/svg+xml outputs, descriptions allowed to be HTML."""
    found: list[str] = []
    for widget in widgets_in(root):
        if isinstance(widget, w.HTML | w.HTMLMath):
            found.append(widget.value)
        if isinstance(widget, w.Output):
            for output in widget.outputs:
                data = output.get("data", {})
                found += [data[k] for k in ("text/html", "image/svg+xml") if k in data]
        if getattr(widget, "description_allow_html", False):
            found.append(widget.description)
    return found


PICKERS = ("picker", "replaced_picker", "role", "phase", "hire", "workflow")
"""Attributes of the panels (and their editors) that choose which item a form shows."""


def every_view(root: w.Widget) -> list[str]:
    """:func:`html_shown` of ``root`` as it is, then with each picker on each of its items
    (the form of every audience, role, phase, hire, workflow, agent … in turn)."""
    found = html_shown(root)
    pickers = [
        picker
        for widget in widgets_in(root)
        for name in PICKERS
        if isinstance(picker := widget.__dict__.get(name), w.Dropdown)
    ]
    for picker in pickers:
        for _label, value in list(picker.options):
            picker.value = value
            found += html_shown(root)
    return found


def charts_shown(root: w.Widget) -> list[str]:
    """The SVG a kernel shows for each chart in the ChartBoxes under ``root`` (outside a kernel
    a ChartBox only keeps its chart): Altair's SVG renderer, as :func:`enable_offline` sets."""
    from IPython.core.formatters import DisplayFormatter

    from mocmo.charts.core import enable_offline
    from mocmo.ui.core import ChartBox

    enable_offline()
    formatter = DisplayFormatter()
    return [
        formatter.format(box.chart)[0]["image/svg+xml"]
        for box in widgets_in(root)
        if isinstance(box, ChartBox) and box.chart is not None
    ]


def assert_safe(
    pages: dict[str, list[str]], hostile: _Hostile, without_user_text: Iterable[str] = ()
) -> None:
    """No page holds markup from user text, and each page (but ``without_user_text``) shows
    some hostile text as text."""
    bad = {
        where: sorted(set(hits))
        for where, markups in pages.items()
        if (hits := [hit for m in markups for hit in injected(m)])
    }
    assert not bad, f"markup from user text: {bad}"
    hostile_texts = set(hostile.mapping.values())
    silent = [
        where
        for where, markups in pages.items()
        if where not in without_user_text
        and not any(h in shown_text(m) for m in markups for h in hostile_texts)
    ]
    assert not silent, f"no user text shown as text in {silent}"


# --------------------------------------------------------------------------- fixtures


@dataclass
class Workspace:
    """A workspace whose current plan is the hostile plan, and a hostile variant beside it."""

    plan: Plan
    hostile: _Hostile
    path: Path
    variant: Path


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """MOCMO_HOME in a temporary folder; the current plan is the hostile plan."""
    plan, hostile = hostile_plan()
    home = tmp_path / "home"
    plans = home / "plans"
    plans.mkdir(parents=True)
    path = save_plan(plan, plans / "hostile.yaml")
    first = plan.audiences[0].name
    variant = with_value(plan, "audiences[0].name", f"{first} {PAYLOADS[0]}")
    variant_path = save_plan(with_value(variant, "meta.name", PAYLOADS[1]), plans / "variant.yaml")
    monkeypatch.setenv("MOCMO_HOME", str(home))
    monkeypatch.setenv("MOCMO_PLAN", str(path))
    from mocmo.ui.core import set_current_plan_path

    set_current_plan_path(path)
    return Workspace(plan, hostile, path, variant_path)


# --------------------------------------------------------------------------- the tests


def test_the_hostile_plan_replaces_every_user_text_field() -> None:
    """The hostile plan is valid and every user text field of the example holds hostile text."""
    plan, hostile = hostile_plan()
    from mocmo.summary import plan_errors

    assert plan_errors(plan) == []
    assert {"Audience.name", "Meta.name", "Pain.name", "Agent.output", "Step.owner"} <= (
        hostile.fields
    )
    texts = list(hostile.mapping.values())
    assert len(texts) > 100
    empty = [
        f"{kind}.{name}"
        for kind, name in (f.split(".") for f in hostile.fields)
        for model in _models(plan)
        if type(model).__name__ == kind and getattr(model, name) == ""
    ]
    assert empty == []  # lists may stay empty (a workflow with no owner yet): no text to show
    assert all(any(v.startswith(p) for p in PAYLOADS) for v in texts)
    assert plan.audiences[0].name in texts and plan.meta.name in texts


def test_the_checker_finds_markup_and_accepts_escaped_text() -> None:
    """The checks below catch raw hostile text and accept the same text escaped."""
    import html

    for payload in PAYLOADS[:4]:
        assert injected(f"<div>{payload}</div>"), payload
        assert not injected(f"<div>{html.escape(payload)}</div>"), payload
    assert shown_text(f"<td>{html.escape(PAYLOADS[4])}</td>") == PAYLOADS[4]
    assert shown_text(f"<td>{PAYLOADS[4]}</td>") != PAYLOADS[4]


def test_every_step_panel_shows_user_text_as_text(workspace: Workspace) -> None:
    """Every panel of every step, with each picker on each item, shows the hostile plan's text
    escaped: no element or attribute from it, and the text itself visible."""
    from mocmo.ui import (
        audiences,
        core,
        costing,
        diagnostics,
        export,
        governance,
        migration,
        orgchart,
        reshape,
        scenarios,
        start,
    )

    session = core.open_session(workspace.path, fresh=True)
    pages: dict[str, list[str]] = {"start": every_view(start.panel())}
    charts: dict[str, list[str]] = {}
    for name, module in (
        ("diagnostics", diagnostics),
        ("audiences", audiences),
        ("reshape", reshape),
        ("costing", costing),
        ("migration", migration),
        ("governance", governance),
        ("export", export),
    ):
        step = module.panel(session)
        pages[name] = every_view(step)
        charts[f"{name} charts"] = charts_shown(step)
    org = orgchart.panel(session)
    pages["orgchart"] = html_shown(org)
    charts["org chart"] = charts_shown(org)
    org.view.value = "new"
    pages["orgchart"] += html_shown(org)
    charts["org chart"] += charts_shown(org)

    panel = scenarios.panel(session)
    panel.plan_b.value = str(workspace.variant)
    panel.run()
    pages["scenarios"] = html_shown(panel)
    charts["scenarios charts"] = charts_shown(panel)
    assert workspace.plan.audiences[0].name in shown_text(panel.differences.value)

    # Diagnostics hold scores only; Export shows file paths; the org chart's text is its chart.
    assert_safe(pages, workspace.hostile, without_user_text=("diagnostics", "export", "orgchart"))
    charts = {k: v for k, v in charts.items() if v}
    assert {"audiences charts", "reshape charts", "org chart"} <= set(charts)
    bad = {k: hits for k, v in charts.items() if (hits := [injected(m) for m in v if injected(m)])}
    assert not bad, f"markup from user text in charts: {bad}"
    assert any(
        h in shown_text(svg)
        for svg in charts["audiences charts"]
        for h in workspace.hostile.mapping.values()
    )


def test_the_audiences_table_and_a_problem_quoting_a_name_are_escaped(
    workspace: Workspace,
) -> None:
    """Every audience's name is in the Audiences table as text, and the problem that quotes a
    duplicate name shows the name as text."""
    from mocmo.ui import audiences, core

    panel = audiences.panel(core.open_session(workspace.path, fresh=True))
    table = shown_text(panel.table.value)
    for audience in workspace.plan.audiences:
        assert audience.name in table
    panel.picker.value = audiences.NEW
    panel.name.value = workspace.plan.audiences[1].name
    panel.add_button.click()
    problems = panel.form_problems.value
    assert not injected(problems)
    assert workspace.plan.audiences[1].name in shown_text(problems)


def test_start_here_on_an_invalid_hostile_file_shows_its_problems_as_text(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start Here on an invalid plan whose file name and values are hostile: the path and each
    problem quoting a value show as text."""
    import yaml

    from mocmo.ui import start

    data = workspace.plan.model_dump(mode="json")
    stranger = "<svg onload=alert(1)> nobody"
    data["audiences"][0]["owner"] = stranger
    bad = workspace.path.with_name(f"{PAYLOADS[1]}.yaml")
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("MOCMO_PLAN", str(bad))
    panel = start.panel()
    pages = {"start": html_shown(panel)}
    assert_safe(pages, workspace.hostile)
    text = shown_text("".join(pages["start"]))
    assert stranger in text and PAYLOADS[1] in text


def test_the_audiences_styler_escapes_every_cell(workspace: Workspace) -> None:
    """The notebook's audience table (a pandas Styler) shows every name, ICP and channel as
    text, the money and shares still formatted."""
    from mocmo.ui.audiences import styled_table

    markup = styled_table(workspace.plan).to_html()
    assert not injected(markup)
    text = shown_text(markup)
    for audience in workspace.plan.audiences:
        assert audience.name in text and audience.icp in text
        assert all(channel in text for channel in audience.channels)
    assert "£" in text and "%" in text


def _last_value(source: str, namespace: dict[str, Any]) -> Any:
    """Run a notebook cell's code in ``namespace``; the value of its last expression, if any."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None and "panel(" in ast.unparse(last):
        tree.body.pop()  # a step's panel: built and checked in its own test
        last = None
    body = tree.body[:-1] if last is not None else tree.body
    exec(compile(ast.Module(body=body, type_ignores=[]), "<cell>", "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)


def test_the_notebooks_display_user_text_as_text(workspace: Workspace) -> None:
    """Each notebook cell's displayed value (tables, Stylers, charts as SVG) on the hostile
    plan holds no markup from user text; the panels they show are checked above."""
    import nbformat
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    pages: dict[str, list[str]] = {}
    for notebook in sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb")):
        namespace: dict[str, Any] = {}
        shown: list[str] = []
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            value = _last_value(cell.source.replace("draws=200_000", "draws=2_000"), namespace)
            if value is None or isinstance(value, w.Widget):
                continue  # panels: test_every_step_panel_shows_user_text_as_text
            data, _meta = formatter.format(value)
            shown += [data[k] for k in ("text/html", "image/svg+xml") if k in data]
        if shown:
            pages[notebook.name] = shown
    assert "01_audiences.ipynb" in pages
    # Diagnostics are scores and hours: no user text to show.
    assert_safe(pages, workspace.hostile, without_user_text=("00_diagnostics.ipynb",))


def test_exported_charts_and_charts_page_show_user_text_as_text(workspace: Workspace) -> None:
    """Exported from the Export page, every chart's SVG (org charts included) and charts.html
    hold no markup from user text; charts.html has only its own two scripts."""
    from mocmo.ui import core, export

    panel = export.panel(core.open_session(workspace.path, fresh=True))
    written = panel.export()
    svgs = [p for p in written if p.suffix == ".svg"]
    assert {"orgchart-legacy.svg", "orgchart-new.svg"} <= {p.name for p in svgs}
    pages = {p.name: [p.read_text(encoding="utf-8")] for p in svgs}
    bad = {n: hits for n, (m,) in pages.items() if (hits := injected(m))}
    assert not bad, f"markup from user text in charts: {bad}"
    roots = {n: [t for t, _ in scan(m).tags].count("svg") for n, (m,) in pages.items()}
    assert set(roots.values()) == {1}, roots
    with_text = [n for n, (m,) in pages.items() if any(h in shown_text(m) for h in PAYLOADS[:2])]
    assert with_text, "no chart shows the hostile names as text"

    page = next(p for p in written if p.name == "charts.html").read_text(encoding="utf-8")
    parsed = scan(page)
    assert [t for t, _ in parsed.tags].count("script") == 2
    assert not injected(page, frozenset({"script"}))
    assert workspace.plan.meta.name in shown_text(page)
    links = panel.links.value
    assert not injected(links)


# --------------------------------------------------------------------------- a real browser


@pytest.mark.browser
def test_browser_audiences_page_of_a_hostile_plan_runs_no_user_text(
    workspace: Workspace, browser_page: Page, artifacts_dir: Path
) -> None:
    """`mocmo app` on a hostile plan in Chromium, at its Audiences step: the title is not
    changed, no <img src="x">, <svg onload> or <b>x</b> is in the page, the names show as text."""
    from app_server import running_app

    page = browser_page
    page.set_default_navigation_timeout(60_000)
    home = Path(os.environ["MOCMO_HOME"])
    # `mocmo app PLAN`, as a user starts it: the hostile plan becomes the current plan.
    with running_app(home, artifacts_dir / "app.log", str(workspace.path)) as app:
        page.goto(app.url, wait_until="commit")  # the printed address: the one-page app
        step = page.get_by_role("button", name="3 · Audiences", exact=True)
        step.wait_for(timeout=120_000)
        step.click()
        page.get_by_role("button", name="Add as a new audience").wait_for(timeout=60_000)
        names = [a.name for a in workspace.plan.audiences]
        shown = page.locator("body").inner_text()
        page.screenshot(path=str(artifacts_dir / "hostile-audiences.png"), full_page=True)
        assert "pwned" not in page.title()
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator("svg[onload]").count() == 0
        assert page.locator("b").filter(has_text=re.compile(r"^x$")).count() == 0
    assert all(name in shown for name in names)


@pytest.mark.browser
def test_browser_charts_page_tooltips_show_user_text_as_text(
    workspace: Workspace, browser_page: Page, artifacts_dir: Path
) -> None:
    """The charts page (as export writes it) of a hostile plan in Chromium: Vega draws the
    audience chart, the title is the plan's name as text, and a bar's tooltip shows the hostile
    audience name as text with no <img>, <svg> or <script> inside it."""
    from mocmo.charts.audiences import audience_charts
    from mocmo.charts.catalog import charts_html

    plan = workspace.plan
    pipeline, _product_map = audience_charts(plan)
    markup = charts_html({"audiences-pipeline": pipeline}, plan.meta.name, plan.meta.company)
    page = browser_page
    page.set_content(markup)  # file:// is not loopback: the test context would block it
    drawing = page.locator("#chart-0 svg.marks")  # Vega draws the chart as SVG
    drawing.wait_for(timeout=30_000)
    box = drawing.bounding_box()
    assert box is not None
    tooltip = page.locator("#vg-tooltip-element.visible")
    for step in range(80):  # sweep down the bars until an <img onerror> audience's tooltip
        page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * step / 100)
        if tooltip.count() and PAYLOADS[1] in tooltip.inner_text():
            break
    page.screenshot(path=str(artifacts_dir / "charts-tooltip.png"), full_page=True)
    assert tooltip.count() == 1, "no tooltip of an <img onerror> audience appeared"
    assert PAYLOADS[1] in tooltip.inner_text()
    assert page.title() == plan.meta.name
    assert page.locator('img[src="x"], svg[onload], #vg-tooltip-element script').count() == 0
    assert page.locator("#vg-tooltip-element *:is(img, svg, b)").count() == 0
    assert page.locator("#chart-0 svg svg, #chart-0 img, #chart-0 b").count() == 0
