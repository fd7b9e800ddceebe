"""Nothing cut: chart labels and buttons fit their text (issue #22, item 7).

Every chart of the example plan and of a plan whose every text is 60 characters long is drawn
to SVG by vl-convert; each visible ``<text>`` element's box (its transforms composed, its width
measured with Pillow in DejaVu Sans) must lie inside the SVG's view box. vl-convert lays the
chart out in its built-in Liberation Sans, but a browser without Liberation Sans or Arial (a
plain Linux desktop, this machine's Chromium) draws the SVG in DejaVu Sans, some 10% wider:
that is how the CMO saw "urce-of-truth fragmentation". Measuring in the wider font checks the
chart leaves room for either. Also no label may end in "…" unless the chart carries the full
text, no label may end in "…" unless the chart carries the full text, and every
``labelLimit`` in the spec must be at least the widest label it limits. Every Button of every
panel must be wide enough for its description.
"""

from __future__ import annotations

import functools
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_hostile_html import KEPT, _Hostile

from mocmo import defaults
from mocmo.plan import Plan, parse_plan

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FONT_HINT = "scripts/system-deps.sh (apt-get install -y --no-install-recommends fonts-dejavu-core)"
SVG = "{http://www.w3.org/2000/svg}"
SLACK = 1.0
"""Pixels a text box may pass the view box by (anti-aliasing, rounding of positions)."""
LONG = 60
"""Characters of every text of the long-names plan."""


# --------------------------------------------------------------------------- measuring text


def _font_path(bold: bool) -> Path:
    path = FONT_DIR / FONT_FILES[bold]
    if path.is_file():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing in CI: {FONT_HINT}")
    pytest.skip(f"{path} not found — install it with: {FONT_HINT}")


@functools.cache
def _font(bold: bool, size: float) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(_font_path(bold)), size=max(1, round(size * 16)))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of ``text`` in Liberation Sans at ``size`` px (measured at 16× and
    scaled back, so that hinting at small sizes does not round it)."""
    return float(_font(bold, size).getlength(text)) * size / max(1, round(size * 16))


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` applied inside it (SVG's ``transform="m n"``)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _transform(value: str | None) -> Matrix:
    matrix = IDENTITY
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", value or ""):
        nums = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "translate":
            step: Matrix = (1, 0, 0, 1, nums[0], nums[1] if len(nums) > 1 else 0.0)
        elif name == "rotate":
            r = math.radians(nums[0])
            step = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0.0, 0.0)
            if len(nums) == 3:
                step = _times(
                    _times((1, 0, 0, 1, nums[1], nums[2]), step), (1, 0, 0, 1, -nums[1], -nums[2])
                )
        elif name == "scale":
            step = (nums[0], 0, 0, nums[1] if len(nums) > 1 else nums[0], 0.0, 0.0)
        elif name == "matrix":
            step = (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5])
        else:
            raise AssertionError(f"transform {name} not understood")
        matrix = _times(matrix, step)
    return matrix


@dataclass(frozen=True)
class Label:
    """One drawn line of text and its box in the SVG's coordinates."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


def _line_box(
    text: str, x: float, y: float, anchor: str, size: float, bold: bool, matrix: Matrix
) -> Label:
    width = text_width(text, size, bold)
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    # The baseline is at y: capitals rise 0.73 of the font size, descenders fall 0.24.
    corners = [(x0, y - 0.73 * size), (x0 + width, y - 0.73 * size)]
    corners += [(x0, y + 0.24 * size), (x0 + width, y + 0.24 * size)]
    a, b, c, d, e, f = matrix
    xs = [a * px + c * py + e for px, py in corners]
    ys = [b * px + d * py + f for px, py in corners]
    return Label(text, min(xs), min(ys), max(xs), max(ys))


def svg_labels(svg: str) -> tuple[float, float, list[Label]]:
    """The view box's width and height and every visible line of text in ``svg``."""
    root = ET.fromstring(svg)
    _, _, view_w, view_h = (float(v) for v in root.attrib["viewBox"].split())
    labels: list[Label] = []

    def walk(node: ET.Element, matrix: Matrix) -> None:
        matrix = _times(matrix, _transform(node.get("transform")))
        if node.tag == f"{SVG}text":
            if node.get("opacity") == "0" or node.get("fill-opacity") == "0":
                return
            size = float((node.get("font-size") or "11px").removesuffix("px"))
            bold = node.get("font-weight") in ("bold", "700", "800", "900")
            anchor = node.get("text-anchor") or "start"
            spans = node.findall(f"{SVG}tspan")
            if not spans:
                if node.text:
                    labels.append(_line_box(node.text, 0.0, 0.0, anchor, size, bold, matrix))
                return
            y = 0.0
            for span in spans:
                y = float(span.get("y", y)) + float(span.get("dy", 0.0))
                x = float(span.get("x", 0.0))
                if span.text:
                    labels.append(_line_box(span.text, x, y, anchor, size, bold, matrix))
            return
        for child in node:
            walk(child, matrix)

    walk(root, IDENTITY)
    return view_w, view_h, labels


def cut_labels(svg: str) -> list[str]:
    """Lines of text in ``svg`` that reach past its view box, each with its box."""
    width, height, labels = svg_labels(svg)
    return [
        f"{label.text!r} at x {label.left:.0f}…{label.right:.0f} of {width:.0f}, "
        f"y {label.top:.0f}…{label.bottom:.0f} of {height:.0f}"
        for label in labels
        if label.left < -SLACK
        or label.top < -SLACK
        or label.right > width + SLACK
        or label.bottom > height + SLACK
    ]


# --------------------------------------------------------------------------- the plans


class _Long(_Hostile):
    """Replaces each distinct user text by a unique text of exactly ``LONG`` characters that
    starts with the original (padded with words), the same one each time."""

    def text(self, value: str) -> str:
        if value in KEPT:
            return value
        if value not in self.mapping:
            tag = f" #{len(self.mapping)}"
            base = (value or "Text") + " with a much longer name than usual here"
            while len(base) < LONG:
                base += " and more"
            self.mapping[value] = base[: LONG - len(tag)].rstrip().ljust(LONG - len(tag), "x") + tag
        return self.mapping[value]


@functools.cache
def long_plan() -> Plan:
    """The example plan with every user text (names of audiences, roles, seats, phases,
    agents, …) made 60 characters long; same figures."""
    return parse_plan(_Long().data(defaults.load_example()))


@functools.cache
def plans() -> dict[str, Plan]:
    return {"example": defaults.load_example(), "long": long_plan()}


def _charts(plan_name: str) -> dict[str, Any]:
    from mocmo.charts.catalog import all_charts

    return all_charts(plans()[plan_name])


def test_the_whole_cost_charts_are_among_those_checked() -> None:
    """The cost bridge and the staffing chart (hours against FTE per group) are drawn and
    checked for the example and the long-names plan like every other chart."""
    for name in plans():
        assert {"costing-bridge", "reshape-staffing"} <= set(_charts(name)), name


@functools.cache
def drawn(plan_name: str) -> dict[str, tuple[dict[str, Any], str]]:
    """Every chart of the plan: its spec and its SVG drawn by vl-convert."""
    import vl_convert as vlc

    out: dict[str, tuple[dict[str, Any], str]] = {}
    for name, chart in _charts(plan_name).items():
        spec = chart.to_dict(validate=False)
        out[name] = (spec, vlc.vegalite_to_svg(spec))
    return out


def _all_strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _all_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _all_strings(inner)


def _limits(spec: Any) -> Iterator[tuple[str, float]]:
    """Every ``labelLimit``/``titleLimit``/``limit`` set in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("labelLimit", "titleLimit", "limit") and isinstance(value, int | float):
                yield key, float(value)
            else:
                yield from _limits(value)
    elif isinstance(spec, list):
        for inner in spec:
            yield from _limits(inner)


# --------------------------------------------------------------------------- the checker


def _svg(width: int, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{body}</svg>'
    )


def test_the_checker_finds_text_past_the_view_box_and_accepts_text_inside() -> None:
    """A right-aligned label ending at x 100 whose width exceeds 100 px is cut; the same label
    inside a wide view box, or rotated into the box, is not; hidden text is ignored."""
    label = "Source-of-truth fragmentation"  # ~166 px at 11 px in DejaVu Sans
    width = text_width(label, 11)
    assert 140 < width < 200
    text = f'<text text-anchor="end" transform="translate(100,20)" font-size="11px">{label}</text>'
    assert len(cut_labels(_svg(400, 40, text))) == 1
    assert cut_labels(_svg(400, 40, f'<g transform="translate(120,0)">{text}</g>')) == []
    hidden = text.replace("<text ", '<text opacity="0" ')
    assert cut_labels(_svg(400, 40, hidden)) == []
    rotated = (
        f'<g transform="translate(20,10)"><text transform="rotate(90)" font-size="11px">'
        f"{label}</text></g>"
    )
    assert len(cut_labels(_svg(40, 100, rotated))) == 1  # runs 166 px down a 100 px box
    assert cut_labels(_svg(40, 200, rotated)) == []


def test_the_long_plan_has_sixty_character_names() -> None:
    """Every audience, legacy role, seat, phase and agent of the long plan is named with exactly
    60 characters, and the plan is valid."""
    from mocmo.summary import plan_errors

    plan = long_plan()
    assert plan_errors(plan) == []
    names = [a.name for a in plan.audiences] + [r.name for r in plan.legacy_roles]
    names += [p.name for p in plan.phases] + [s.name for s in plan.marops_seats]
    names += [a.name for a in plan.agents]
    assert names and all(len(n) == LONG for n in names), names


# --------------------------------------------------------------------------- charts


@pytest.mark.parametrize("plan_name", ["example", "long"])
def test_every_chart_label_lies_inside_the_chart(plan_name: str) -> None:
    """Every visible line of text of every chart, measured in DejaVu Sans, lies inside the
    chart's SVG view box (nothing drawn past an edge, where a viewer cuts it)."""
    cut = {name: found for name, (_, svg) in drawn(plan_name).items() if (found := cut_labels(svg))}
    assert not cut, cut


@pytest.mark.parametrize("plan_name", ["example", "long"])
def test_no_chart_label_is_shortened_without_its_full_text(plan_name: str) -> None:
    """A label ending in "…" appears only in a chart that carries its full text: a tooltip
    whose data holds a longer text containing the shortened one."""
    bad: dict[str, list[str]] = {}
    for name, (spec, svg) in drawn(plan_name).items():
        shortened = [lab.text for lab in svg_labels(svg)[2] if lab.text.endswith("…")]
        if not shortened:
            continue
        has_tooltip = '"tooltip"' in repr(spec).replace("'", '"')
        data = [s for s in _all_strings(spec.get("datasets", {}))]
        missing = [
            text
            for text in shortened
            if not has_tooltip
            or not any(text[:-1].strip() in s and len(s) >= len(text) for s in data)
        ]
        if missing:
            bad[name] = missing
    assert not bad, bad


@pytest.mark.parametrize("plan_name", ["example", "long"])
def test_label_limits_are_no_shorter_than_the_labels(plan_name: str) -> None:
    """Every ``labelLimit``/``titleLimit``/``limit`` in a chart's spec is 0 (no limit) or at
    least as wide as the widest line of text drawn in that chart."""
    short: dict[str, list[str]] = {}
    for name, (spec, svg) in drawn(plan_name).items():
        labels = svg_labels(svg)[2]
        widest = max((lab.right - lab.left for lab in labels), default=0.0)
        found = [
            f"{key}={value:g} < {widest:.0f}" for key, value in _limits(spec) if 0 < value < widest
        ]
        if found:
            short[name] = found
    assert not short, short


# --------------------------------------------------------------------------- buttons

CHAR_PX = 7.0
"""Width of a character of a button's text (13 px system font), as the issue measures it."""
BUTTON_PADDING_PX = 16.0
ICON_PX = 18.0
EM_PX = 13.0
"""ipywidgets' font size: ``1em`` in a widget's layout."""
DEFAULT_BUTTON_PX = 148.0
"""A Button or toggle button with no width set is ``--jp-widgets-inline-width-short`` wide."""


def _width_px(width: str | None) -> float | None:
    """``width`` in pixels; ``None`` when it follows the text (``auto``) or its box (``%``)."""
    if width in (None, ""):
        return DEFAULT_BUTTON_PX
    assert isinstance(width, str)
    if width == "auto" or width.endswith("%") or width == "max-content":
        return None
    if width.endswith("px"):
        return float(width[:-2])
    if width.endswith("em"):
        return float(width[:-2]) * EM_PX
    raise AssertionError(f"button width {width!r} not understood")


def needed_px(text: str, icon: str = "") -> float:
    """Width a button needs for ``text`` (and its icon)."""
    return CHAR_PX * len(text) + BUTTON_PADDING_PX + (ICON_PX if icon else 0.0)


def narrow_buttons(root: Any) -> list[str]:
    """Buttons and toggle buttons under ``root`` narrower than their text."""
    import ipywidgets as w
    from test_hostile_html import widgets_in

    found: list[str] = []
    for widget in widgets_in(root):
        if isinstance(widget, w.Button) and widget.description:
            have = _width_px(widget.layout.width)
            need = needed_px(widget.description, widget.icon)
            if have is not None and have < need:
                found.append(
                    f"{widget.description!r}: {widget.layout.width or 'unset'} < {need:g}px"
                )
        elif isinstance(widget, w.ToggleButtons):
            have = _width_px(widget.style.button_width)
            for label in widget._options_labels:
                need = needed_px(str(label))
                if have is not None and have < need:
                    width = widget.style.button_width or "unset"
                    found.append(f"{label!r}: button_width {width} < {need:g}px")
    return found


def test_the_button_check_finds_a_button_narrower_than_its_text() -> None:
    """A Button with no width (148 px) and a 20-character text is too narrow; with
    width "auto", or 12em (156 px), it is not."""
    import ipywidgets as w

    assert needed_px("Save under this name") == 7 * 20 + 16
    assert narrow_buttons(w.VBox([w.Button(description="Save under this name")]))
    wide = [
        w.Button(description="Save under this name", layout=w.Layout(width=x))
        for x in ("auto", "12em")
    ]
    assert narrow_buttons(w.VBox(wide)) == []
    toggles = w.ToggleButtons(options=["Shifts (GTM Marketer)"], style={"button_width": "11em"})
    assert narrow_buttons(toggles)  # 143 px < 7 × 21 + 16 = 163 px


@pytest.mark.parametrize("plan_name", ["example", "long"])
def test_every_button_of_every_panel_fits_its_text(
    plan_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every Button and toggle button of the app (its sidebar and every step's panel, built on
    the plan) is "auto"/box-wide or wide enough for its text at 7 px a character."""
    from mocmo.plan import save_plan
    from mocmo.ui import core
    from mocmo.ui.shell import APP_STEPS, AppShell

    home = tmp_path / "home"
    (home / "plans").mkdir(parents=True)
    path = save_plan(plans()[plan_name], home / "plans" / "plan.yaml")
    monkeypatch.setenv("MOCMO_HOME", str(home))
    monkeypatch.setenv("MOCMO_PLAN", str(path))
    core.set_current_plan_path(path)
    app = AppShell(core.open_session(path, fresh=True))
    narrow: dict[str, list[str]] = {}
    for step in APP_STEPS:
        app.go(step.key)
        if found := narrow_buttons(app):
            narrow[step.key] = found
    assert not narrow, narrow
