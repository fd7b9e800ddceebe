"""Drawing charts for files: the worker processes of :class:`mocmo.charts.catalog.Renderer`,
the font every chart is set in, and the org chart's lines drawn once per pixel."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

from mocmo.charts.catalog import Renderer
from mocmo.charts.core import FONT, styled


def _bar(label: str, value: float) -> Any:
    data = pd.DataFrame({"label": [label], "value": [value]})
    chart = alt.Chart(data).mark_bar().encode(x="value:Q", y="label:N").properties(width=200)
    return styled(chart)


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class _Broken:
    """A "chart" whose spec vl-convert cannot draw."""

    def to_dict(self, validate: bool = True) -> dict[str, Any]:
        return {"mark": "no-such-mark", "data": {"values": [{"a": 1}]}}


def test_workers_draw_what_this_process_draws(tmp_path: Path) -> None:
    """SVG and PNG from a worker process equal those drawn in this process; the PNG is twice
    the SVG's size; files and the page are written, and the job folder goes on close."""
    charts = {"one": _bar("Alpha", 3), "two": _bar("Beta", 5)}
    with Renderer(charts, workers=0) as here:
        expected = {name: here.result(name) for name in charts}
    with Renderer(charts, workers=1) as renderer:
        folder = renderer._folder
        written = renderer.write(tmp_path, "charts", "Test charts")
        drawn = {name: renderer.result(name) for name in charts}
    assert drawn == expected
    svg, png = drawn["one"]
    assert "Alpha" in svg and 'width="' in svg
    width, _height = _png_size(png)
    svg_width = float(svg.split('width="', 1)[1].split('"', 1)[0])
    assert width == round(2 * svg_width)
    assert {p.name for p in written} == {"one.svg", "one.png", "two.svg", "two.png", "charts.html"}
    assert (tmp_path / "charts" / "two.png").read_bytes() == drawn["two"][1]
    assert not folder.exists()


def test_a_chart_that_cannot_be_drawn_raises_where_it_is_asked_for() -> None:
    """vl-convert's error reaches the caller, from a worker as from this process, and the
    other charts are still drawn."""
    for workers in (0, 1):
        with Renderer({"bad": _Broken(), "good": _bar("Gamma", 1)}, workers=workers) as renderer:
            with pytest.raises(ValueError):
                renderer.result("bad")
            assert "Gamma" in renderer.result("good")[0]


def test_charts_of_a_dead_worker_are_drawn_here() -> None:
    """When the worker process dies, every chart is still drawn (by this process)."""
    charts = {f"c{i}": _bar(f"Label {i}", i + 1) for i in range(4)}
    with Renderer(workers=1) as renderer:
        renderer._workers[0].kill()
        renderer._workers[0].wait()
        renderer.add(charts)
        for i, name in enumerate(charts):
            assert f"Label {i}" in renderer.result(name)[0]


def test_a_chart_added_again_is_drawn_as_added_last() -> None:
    """Adding a chart under a name already added replaces it. After the renderer has closed,
    the charts asked for before are still there; one never asked for is an error, not a
    wait."""
    renderer = Renderer({"a": _bar("First", 1)}, workers=1)
    renderer.add({"a": _bar("Second", 2), "b": _bar("Other", 3)})
    assert "Second" in renderer.result("a")[0] and "First" not in renderer.result("a")[0]
    renderer.close()
    assert "Second" in renderer.result("a")[0]
    with pytest.raises(RuntimeError, match="not drawn"):
        renderer.result("b")


def test_pngs_mapping_reads_charts_only_when_asked() -> None:
    """``pngs`` maps keys to the PNGs of the charts added, leaving out those not added."""
    with Renderer({"orgchart-legacy": _bar("Today", 2)}, workers=1) as renderer:
        pngs = renderer.pngs({"legacy": "orgchart-legacy", "new": "orgchart-new"})
        assert list(pngs) == ["legacy"] and len(pngs) == 1
        assert _png_size(pngs["legacy"])[0] > 0
        assert pngs.get("new") is None


def test_every_chart_is_set_in_liberation_sans_first() -> None:
    """Every chart's text is in the font list that starts with vl-convert's built-in Liberation
    Sans (drawn from memory: fast); the org chart's text marks name it too, and the charts
    page uses the same list."""
    from mocmo.charts.catalog import all_charts, charts_html
    from mocmo.defaults import load_example

    assert FONT.split(",")[0] == "Liberation Sans"
    charts = all_charts(load_example())
    for name, chart in charts.items():
        spec = chart.to_dict(validate=False)
        assert spec["config"]["font"] == FONT, name
    org = charts["orgchart-new"].to_dict(validate=False)
    texts = [layer for layer in org["layer"] if layer["mark"]["type"] == "text"]
    assert texts and all(layer["mark"]["font"] == FONT for layer in texts)
    page = charts_html({"orgchart-new": charts["orgchart-new"]}, "Charts")
    assert f"font-family: {FONT};" in page


# --------------------------------------------------------------------------- org chart lines


def _segments(rows: list[tuple[str, str, str, float, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source", "target", "kind", "x", "y", "x2", "y2"])


def test_overlapping_line_pieces_to_one_box_are_drawn_once() -> None:
    """Pieces to the same box on one horizontal or vertical line that overlap or touch become
    their union; pieces apart, to another box, of another kind or slanted stay as they are."""
    from mocmo.charts.orgchart import _merged_segments

    merged = _merged_segments(
        _segments(
            [
                ("a", "p", "solid", 100, 10, 0, 10),  # drawn right to left
                ("b", "p", "solid", 0, 10, 40, 10),  # inside the first
                ("c", "p", "solid", 100, 10, 150, 10),  # touches it
                ("d", "p", "solid", 200, 10, 210, 10),  # apart
                ("e", "q", "solid", 0, 10, 50, 10),  # another box's line
                ("f", "p", "dotted", 0, 10, 50, 10),  # another kind
                ("g", "p", "solid", 5, 0, 5, 10),  # vertical
                ("h", "p", "solid", 5, 10, 5, 4),  # vertical, overlapping
                ("i", "p", "solid", 0, 0, 10, 10),  # slanted
            ]
        )
    )
    got = {
        (r["target"], r["kind"], r["x"], r["y"], r["x2"], r["y2"], r["source"])
        for r in merged.to_dict("records")
    }
    assert got == {
        ("p", "solid", 0, 10, 150, 10, ""),
        ("p", "solid", 200, 10, 210, 10, "d"),
        ("q", "solid", 0, 10, 50, 10, "e"),
        ("p", "dotted", 0, 10, 50, 10, "f"),
        ("p", "solid", 5, 0, 5, 10, ""),
        ("p", "solid", 0, 0, 10, 10, "i"),
    }


def test_large_org_chart_draws_every_line_piece_and_fewer_rules() -> None:
    """With 40 audiences the new model's drawing has far fewer rule marks than line pieces, and
    every piece of every line lies on a drawn rule of its kind (nothing is left out)."""
    from mocmo.charts.orgchart import org_chart_chart
    from mocmo.orgchart import new_chart, segment_table
    from mocmo.synthetic import synthetic_plan

    layout = new_chart(synthetic_plan(300, 40, 18))
    pieces = segment_table(layout)
    spec = org_chart_chart(layout).to_dict(validate=False)
    rules = spec["datasets"][spec["layer"][0]["data"]["name"]]
    assert len(rules) < len(pieces) / 2

    def covered(piece: dict[str, Any]) -> bool:
        lo_x, hi_x = sorted((piece["x"], piece["x2"]))
        lo_y, hi_y = sorted((piece["y"], piece["y2"]))
        for rule in rules:
            rx = sorted((rule["x"], rule["x2"]))
            ry = sorted((rule["y"], rule["y2"]))
            if (
                rule["kind"] == piece["kind"]
                and rx[0] <= lo_x + 1e-9
                and hi_x <= rx[1] + 1e-9
                and ry[0] <= lo_y + 1e-9
                and hi_y <= ry[1] + 1e-9
            ):
                return True
        return False

    assert all(covered(p) for p in pieces.to_dict("records"))


def test_a_styled_chart_is_shown_as_altair_shows_it() -> None:
    """Jupyter gets the same SVG from a styled chart as Altair's own display (which validates
    the spec first); derived charts keep that; the spec has no trace of it."""
    from mocmo.charts.core import enable_offline

    enable_offline()
    chart = _bar("Delta", 4)
    assert isinstance(chart, alt.Chart)
    ours = chart._repr_mimebundle_()
    altairs = alt.Chart._repr_mimebundle_(chart)
    assert ours and ours == altairs and "Delta" in ours["image/svg+xml"]
    assert type(chart.properties(height=80))._repr_mimebundle_ is type(chart)._repr_mimebundle_
    assert "__class__" not in chart.to_dict()


def test_charts_page_script_is_built_by_a_worker_as_here(tmp_path: Path) -> None:
    """The charts page's script comes from the worker when one was started (vl-convert takes
    seconds to build it), and equals the one built in this process."""
    from mocmo.charts import catalog

    with Renderer({"one": _bar("Epsilon", 1)}, workers=0) as here:
        vl_version = here.vl_version
    catalog._BUNDLES.pop(vl_version, None)
    with Renderer({"one": _bar("Epsilon", 1)}, workers=1) as renderer:
        assert renderer._bundle_posted
        from_worker = renderer.javascript_bundle()
        renderer.write(tmp_path)
    catalog._BUNDLES.pop(vl_version, None)
    assert from_worker == catalog._javascript_bundle(vl_version)
    assert "vegaEmbed" in from_worker and "</script" not in from_worker
    assert from_worker in (tmp_path / "charts.html").read_text(encoding="utf-8")


def test_charts_import_without_compiling_the_iri_grammar() -> None:
    """A fresh process that imports the charts does not import ``rfc3987_syntax`` (whose import
    compiles grammars for seconds), still validates chart specs with jsonschema, and can import
    ``rfc3987_syntax`` itself afterwards when it is installed."""
    import subprocess
    import sys

    code = (
        "import sys, importlib.util\n"
        "import altair as alt\n"
        "import mocmo.charts.core\n"
        "assert 'rfc3987_syntax' not in sys.modules, 'grammar module imported'\n"
        "chart = alt.Chart(alt.Data(values=[{'a': 1}])).mark_bar().encode(x='a:Q')\n"
        "chart.to_dict(validate=True)\n"
        "try:\n"
        "    alt.Chart(alt.Data(values=[])).mark_bar(size='big').to_dict(validate=True)\n"
        "except Exception as exc:\n"
        "    assert 'size' in str(exc), exc\n"
        "else:\n"
        "    raise AssertionError('an invalid spec validated')\n"
        "if importlib.util.find_spec('rfc3987_syntax'):\n"
        "    import rfc3987_syntax\n"
        "print('ok')\n"
    )
    # mocmo.charts must be imported before Altair to take effect: import it first.
    code = "import mocmo.charts\n" + code
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_chart_encodings_are_channel_objects_not_strings() -> None:
    """Every ``.encode(...)`` in mocmo's charts passes channel objects (``alt.X("a:Q")``,
    ``alt.Text(...)``, ``alt.FillValue(...)``), never a shorthand string or a value dict:
    Altair turns each of those into a channel by rebuilding its schema hash table first."""
    import ast

    import mocmo.charts

    offenders: list[str] = []
    for path in sorted(Path(mocmo.charts.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "encode":
                continue
            for kw in node.keywords:
                values = kw.value.elts if isinstance(kw.value, ast.List | ast.Tuple) else [kw.value]
                for value in values:
                    plain = isinstance(value, ast.Constant | ast.JoinedStr | ast.Dict)
                    helper = (
                        isinstance(value, ast.Call)
                        and isinstance(value.func, ast.Attribute)
                        and value.func.attr == "value"
                    )
                    if plain or helper:
                        offenders.append(f"{path.name}:{value.lineno} {kw.arg}=")
    assert not offenders, offenders
