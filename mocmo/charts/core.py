"""Common chart helpers: offline rendering, the project's colours, money formats and saving.

Rendering works offline: charts are drawn as SVG by vl-convert, in notebooks and in files.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import numbers
import pickle
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import altair as alt
import numpy as np
import pandas as pd

__all__ = [
    "DESTINATION_COLORS",
    "FONT",
    "GROUP_COLORS",
    "PALETTE",
    "category_color",
    "color_scale",
    "draws_bars",
    "draws_frame",
    "enable_offline",
    "money_axis_format",
    "money_locale",
    "remember_chart",
    "save_chart",
    "styled",
    "waterfall_layers",
    "wrapped_title",
]

PALETTE: tuple[str, ...] = (
    "#1f4e79",  # deep blue
    "#e07a1f",  # amber
    "#2e8b57",  # green
    "#8e44ad",  # purple
    "#c0392b",  # red
    "#7f8c8d",  # grey
    "#16a085",  # teal
    "#d4ac0d",  # mustard
)

DESTINATION_COLORS: dict[str, str] = {
    "Stays (custodian)": "#1f4e79",
    "Shifts (GTM Marketer)": "#e07a1f",
    "AI oversight": "#d4ac0d",
    "AI absorbed (net)": "#2e8b57",
}
"""Colours of where legacy hours go, used by every chart that splits hours by destination."""

GROUP_COLORS: dict[str, str] = {
    "Legacy roles": "#7f8c8d",
    "GTM": "#e07a1f",
    "GTM Marketers": "#e07a1f",
    "Custodians": "#1f4e79",
    "MarOps": "#2e8b57",
    "Other": "#8e44ad",
}
"""Colours of org groups, the same in every chart."""

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
"""The font of every chart's text, as a CSS font list. vl-convert carries Liberation Sans inside
itself, so it measures and draws the text with it straight from memory; a system font such as
DejaVu Sans is opened from its file again for each text item, which made drawing about 2.5×
slower. Liberation Sans has Arial's metrics, so a browser without it (the SVGs, the charts
page) draws the text as wide with Arial or Helvetica. A text with a character it lacks (the
governance grid's ✓) is drawn in a system font that has it (DejaVu, installed by
``scripts/system-deps.sh``): keep such characters out of longer texts."""

_LOCALES: dict[str, dict[str, Any]] = {
    "GBP": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""]},
    "USD": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
    "EUR": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


def enable_offline() -> None:
    """Render charts in notebooks and Voilà as SVG made by vl-convert: no network, no script.

    The inline-HTML renderer embeds ~0.9 MB of Vega per chart; inside an ipywidgets ``Output``
    that stalls the kernel's executor (nbclient, hence Voilà and nbval) for minutes. SVG is a few
    tens of KB, draws the same chart, and needs no JavaScript (tooltips are not shown).
    """
    if alt.renderers.active != "svg":
        alt.renderers.enable("svg")
    alt.data_transformers.disable_max_rows()


def money_locale(currency: str = "GBP") -> dict[str, Any]:
    """A d3 number locale whose ``$`` format prints the plan's currency symbol."""
    return _LOCALES.get(
        currency,
        {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", f" {currency}"]},
    )


def money_axis_format(short: bool = True) -> str:
    """d3 format for money axes and tooltips: ``$,.3~s`` (£1.2M) or ``$,.0f`` (£1,234,567)."""
    return "$.3~s" if short else "$,.0f"


def color_scale(mapping: dict[str, str], domain: Iterable[str] | None = None) -> alt.Scale:
    """A colour scale fixing each category's colour, in the order of ``domain``."""
    keys = list(domain) if domain is not None else list(mapping)
    return alt.Scale(
        domain=keys, range=[mapping.get(k, PALETTE[i % len(PALETTE)]) for i, k in enumerate(keys)]
    )


def category_color(
    field: str,
    colors: dict[str, str],
    keys: Iterable[str] | None = None,
    *,
    title: str | None = None,
    legend: Any = alt.Undefined,
    sort: bool = True,
) -> alt.Color:
    """A colour encoding of the categories of ``field``, each in its fixed colour of ``colors``
    (:func:`color_scale`), in the order of ``keys`` (else of ``colors``) — the legend too,
    unless ``sort`` is False; no legend title unless ``title``."""
    domain = list(keys) if keys is not None else list(colors)
    return alt.Color(
        field,
        scale=color_scale(colors, domain),
        title=title,
        sort=domain if sort else alt.Undefined,
        legend=legend,
    )


def waterfall_layers(
    data: pd.DataFrame, y_title: str, colors: dict[str, str], kinds: Iterable[str]
) -> alt.LayerChart:
    """A waterfall's floating bars and their labels: one bar per ``step`` of ``data`` (in its
    order) from ``low`` to ``high``, coloured by ``kind`` (``colors``, in the order of
    ``kinds``), the ``label`` above each, and the step's amount and running total (``amount``,
    ``end``) as its tooltip. The caller sets the size and title."""
    order = [str(s) for s in data["step"]]
    money = money_axis_format(short=True)
    full = money_axis_format(short=False)
    x = alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=0))
    base = alt.Chart(data)
    bars = base.mark_bar(size=38).encode(
        x=x,
        y=alt.Y("low:Q", title=y_title, axis=alt.Axis(format=money)),
        y2=alt.Y2("high:Q"),
        color=category_color("kind:N", colors, kinds, legend=alt.Legend(orient="top"), sort=False),
        tooltip=[
            alt.Tooltip("step:N", title="Step"),
            alt.Tooltip("amount:Q", title="Amount", format=full),
            alt.Tooltip("end:Q", title="Running total", format=full),
        ],
    )
    labels = base.mark_text(dy=-6, fontSize=11).encode(
        x=x, y=alt.Y("high:Q"), text=alt.Text("label:N")
    )
    return bars + labels


def draws_frame(values: Any, bins: int) -> pd.DataFrame:
    """Simulated draws of one figure counted into ``bins`` equal bins: ``bin_start``,
    ``bin_end``, ``draws`` (how many fell in the bin) and ``share`` (of all draws)."""
    span: tuple[float, float] | None = None
    if len(values):
        lo, hi = float(np.min(values)), float(np.max(values))
        if hi - lo <= 1e-9 * max(1.0, abs(lo), abs(hi)):
            # Every draw equal but for float noise: counted as that one value, in bins around
            # it as numpy makes for exactly equal values (a range of 1e-10 cannot be split).
            middle = (lo + hi) / 2
            values = np.full(len(values), middle)
            span = (middle - 0.5, middle + 0.5)
    counts, edges = np.histogram(values, bins=bins, range=span)
    return pd.DataFrame(
        {
            "bin_start": edges[:-1],
            "bin_end": edges[1:],
            "draws": counts,
            "share": counts / max(len(values), 1),
        }
    )


def draws_bars(data: pd.DataFrame, title: str, opacity: float) -> alt.Chart:
    """The histogram of :func:`draws_frame`'s bins: draws per bin over a money axis titled
    ``title``, each bin's range, draws and share in its tooltip."""
    full = money_axis_format(short=False)
    return (
        alt.Chart(data)
        .mark_bar(color=PALETTE[0], opacity=opacity)
        .encode(
            x=alt.X(
                "bin_start:Q",
                title=title,
                axis=alt.Axis(format=money_axis_format(short=True)),
                bin="binned",
            ),
            x2=alt.X2("bin_end:Q"),
            y=alt.Y("draws:Q", title="Draws"),
            tooltip=[
                alt.Tooltip("bin_start:Q", title="From", format=full),
                alt.Tooltip("bin_end:Q", title="To", format=full),
                alt.Tooltip("draws:Q", title="Draws", format=","),
                alt.Tooltip("share:Q", title="Share of draws", format=".1%"),
            ],
        )
    )


def grid_base(
    data: pd.DataFrame,
    column: str,
    columns: Iterable[str],
    row: str,
    rows: Iterable[str],
    *,
    column_axis: alt.Axis,
    row_axis: alt.Axis,
) -> alt.Chart:
    """The base of a grid chart: one cell per (``row``, ``column``) value of ``data``, columns
    and rows in the orders given, no axis titles (the cells' marks are the caller's)."""
    return alt.Chart(data).encode(
        x=alt.X(f"{column}:N", sort=list(columns), title=None, axis=column_axis),
        y=alt.Y(f"{row}:N", sort=list(rows), title=None, axis=row_axis),
    )


def wrapped_title(text: str, subtitle: str = "", width: int = 95) -> alt.TitleParams:
    """A chart title whose subtitle is wrapped into lines of at most ``width`` characters (no
    subtitle when ``subtitle`` is empty)."""
    if not subtitle:
        return alt.TitleParams(text)
    return alt.TitleParams(text, subtitle=textwrap.wrap(subtitle, width))


def styled(chart: Any, currency: str = "GBP") -> Any:
    """The project's look, and the plan's currency in ``$`` formats. Apply last: a configured
    chart can no longer be layered or concatenated. The chart returned is shown in Jupyter
    without validating its spec against the schema again (see :class:`_ShownUnvalidated`)."""
    # One configure call: each configure_* call deep-copies the whole chart.
    configured = chart.configure(
        locale={"number": money_locale(currency)},
        font=FONT,
        padding=_padding(chart),
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=11, titleFontSize=12, grid=True, gridOpacity=0.4, labelLimit=0
        ),
        title=alt.TitleConfig(fontSize=14, anchor="start", limit=0),
        legend=alt.LegendConfig(labelFontSize=11, titleFontSize=12, labelLimit=0, titleLimit=0),
    )
    # Altair keeps attributes set on a chart as spec properties: set the class past that.
    object.__setattr__(configured, "__class__", _shown_unvalidated(type(configured)))
    return configured


WIDER_FONT = 0.075
"""Pixels per character and per pixel of font size that a text may need beyond its width in
Liberation Sans: vl-convert lays every chart out in Liberation Sans, but a browser without it
or Arial (a plain Linux desktop) draws the SVG in DejaVu Sans, some 15% wider (20% in bold).
Text placed against the chart's edge (labels of a left axis, legends, value labels) would be
cut there ("urce-of-truth fragmentation"); :func:`styled` pads the chart by this much of its
longest label."""

WIDER_BOLD = 0.11
""":data:`WIDER_FONT` for bold text (titles)."""

WIDE_EM = {False: 0.56, True: 0.62}
"""Width of an average character in DejaVu Sans, regular and bold, in font sizes: a title
(bold, 14 px) or subtitle line (12 px) longer than the chart reaches past it by about
``WIDE_EM × size × characters − width`` in that font."""

_LABEL_CHANNELS = ("x", "y", "color", "text", "row", "column", "facet", "shape")
_MIN_PADDING = 5
_LABEL_SIZE = 11
_TITLE_SIZE = 14
_SUBTITLE_SIZE = 12


@dataclasses.dataclass
class _Texts:
    """What :func:`_padding` reads from a chart: its data frames, the fields drawn as text
    (axis labels, legends, text marks) and its titles as (text, size, bold)."""

    frames: list[pd.DataFrame] = dataclasses.field(default_factory=list)
    fields: set[str] = dataclasses.field(default_factory=set)
    titles: list[tuple[str, int, bool]] = dataclasses.field(default_factory=list)

    def read(self, chart: Any) -> None:
        """Collect from ``chart`` and from the charts inside it."""
        props = _props(chart)
        data = props.get("data", alt.Undefined)
        if isinstance(data, pd.DataFrame):
            self.frames.append(data)
        encoding = _props(props.get("encoding", alt.Undefined))
        for channel in _LABEL_CHANNELS:
            value = encoding.get(channel, alt.Undefined)
            if isinstance(value, dict):
                field = value.get("field", alt.Undefined)
            else:
                field = _props(value).get("field", alt.Undefined)
                shorthand = _props(value).get("shorthand", alt.Undefined)
                if isinstance(shorthand, str) and shorthand:
                    self.fields.add(shorthand.split(":", 1)[0])
            if isinstance(field, str):
                self.fields.add(field)
        title = props.get("title", alt.Undefined)
        text = title if isinstance(title, str) else _props(title).get("text")
        subtitle = _props(title).get("subtitle")
        for part, size, bold in ((text, _TITLE_SIZE, True), (subtitle, _SUBTITLE_SIZE, False)):
            lines = [part] if isinstance(part, str) else part if isinstance(part, list) else []
            self.titles.extend((str(line), size, bold) for line in lines)
        for key in ("layer", "vconcat", "hconcat", "concat"):
            inner = props.get(key, alt.Undefined)
            for part in inner if isinstance(inner, list) else ():
                self.read(part)
        inner = props.get("spec", alt.Undefined)
        if inner is not alt.Undefined and not isinstance(inner, dict):
            self.read(inner)

    def longest_label(self) -> int:
        """Characters of the longest value of a field drawn as text (10 for a number)."""
        longest = 0
        for frame in self.frames:
            for field in self.fields & {str(c) for c in frame.columns}:
                values = frame[field]
                if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
                    lengths = (len(str(v)) for v in values.tolist() if v is not None and v == v)
                    longest = max(longest, max(lengths, default=0))
                else:
                    longest = max(longest, 10)  # a formatted number: "£147.6K", "1,234,567"
        return longest


def _props(value: Any) -> dict[str, Any]:
    """The properties set on an Altair object (its ``_kwds``: reading them as attributes
    goes through Altair's descriptors, slowly), or ``{}``."""
    kwds = getattr(value, "_kwds", None)
    return kwds if isinstance(kwds, dict) else {}


def _padding(chart: Any) -> dict[str, int]:
    """Padding round ``chart`` that leaves room for its longest label and its titles drawn in
    a font wider than the one the layout was measured in (see :data:`WIDER_FONT`)."""
    texts = _Texts()
    texts.read(chart)
    side = _MIN_PADDING + math.ceil(WIDER_FONT * _LABEL_SIZE * texts.longest_label())
    width = _props(chart).get("width", alt.Undefined)
    known = width if isinstance(width, int | float) and not isinstance(width, bool) else None
    right = side
    for text, size, bold in texts.titles:
        if known is None:
            reach = (WIDER_BOLD if bold else WIDER_FONT) * size * len(text)
        else:
            reach = WIDE_EM[bold] * size * len(text) - known
        right = max(right, _MIN_PADDING + math.ceil(reach))
    return {"left": side, "right": right, "top": _MIN_PADDING, "bottom": side}


class _ShownUnvalidated:
    """Mixed into styled charts: Jupyter shows them as Altair does (the active renderer, SVG by
    vl-convert) from ``to_dict(validate=False)``. Every builder's spec is validated by the
    tests (``chart.to_dict()`` still validates); validating it again each time a widget edit
    redraws a chart cost 5–25 ms a chart."""

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
        try:
            spec = self.to_dict(  # type: ignore[attr-defined]
                validate=False, context={"pre_transform": False}
            )
        except Exception:
            from altair.utils import display_traceback

            display_traceback(in_ipython=True)
            return {}
        renderer = alt.renderers.get()
        return renderer(spec) if renderer else None


_SHOWN_UNVALIDATED: dict[type, type] = {}


def _shown_unvalidated(cls: type) -> type:
    """``cls`` (an Altair chart class) with :class:`_ShownUnvalidated` mixed in, same name."""
    if issubclass(cls, _ShownUnvalidated):
        return cls
    if cls not in _SHOWN_UNVALIDATED:
        _SHOWN_UNVALIDATED[cls] = type(
            cls.__name__, (_ShownUnvalidated, cls), {"__module__": cls.__module__}
        )
    return _SHOWN_UNVALIDATED[cls]


def save_chart(chart: Any, base: Path, formats: Iterable[str] = ("png", "svg")) -> list[Path]:
    """Save ``chart`` as ``base.png`` (2× scale) and ``base.svg`` offline; returns the files."""
    base.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        path = base.with_suffix(f".{fmt}")
        if fmt == "png":
            chart.save(str(path), scale_factor=2)
        else:
            chart.save(str(path))
        written.append(path)
    return written


# --------------------------------------------------------------------------- remembering charts

_Builder = TypeVar("_Builder", bound=Callable[..., Any])
_NOT_A_KEY = object()
REMEMBERED_CHARTS = 16
"""Charts each :func:`remember_chart` builder keeps (the most recently used)."""


def _content_key(value: Any) -> Any:
    """A hashable key equal for equal content (frames by their values, index, columns and
    dtypes); ``_NOT_A_KEY`` for anything whose content cannot be compared safely."""
    if value is None or isinstance(value, str | numbers.Number):
        return (type(value).__name__, value)
    if isinstance(value, pd.DataFrame | pd.Series):
        # Equal pickles unpickle to equal frames, so equal digests mean equal content (two
        # equal frames laid out differently in memory merely miss the cache).
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return _NOT_A_KEY
        return (type(value).__name__, hashlib.blake2b(data, digest_size=20).hexdigest())
    if isinstance(value, tuple | list):
        parts = tuple(_content_key(v) for v in value)
        return _NOT_A_KEY if any(p is _NOT_A_KEY for p in parts) else (type(value).__name__, parts)
    if isinstance(value, dict):
        items = tuple((_content_key(k), _content_key(v)) for k, v in value.items())
        flat = [part for item in items for part in item]
        return _NOT_A_KEY if any(p is _NOT_A_KEY for p in flat) else ("dict", items)
    params = getattr(type(value), "__dataclass_params__", None)
    if dataclasses.is_dataclass(value) and params is not None and params.frozen and params.eq:
        fields = tuple(getattr(value, f.name) for f in dataclasses.fields(value))
        inner = _content_key(fields)
        return _NOT_A_KEY if inner is _NOT_A_KEY else (type(value).__qualname__, inner)
    return _NOT_A_KEY


def remember_chart(
    builder: _Builder | None = None, *, inputs: Callable[..., Any] | None = None
) -> Any:
    """Make a chart builder return the very same chart object when called again with inputs of
    equal content (data frames compared by their values), without building it again.

    A widget edit redraws a panel from the new plan; most of its charts get the same data as
    before. With their builders remembered those charts come back as the same object, which
    :class:`mocmo.ui.core.ChartBox` does not display again. Inputs it cannot compare by
    content (a plan, a simulation) make the builder run as usual — unless ``inputs`` is given:
    ``@remember_chart(inputs=f)`` compares ``f(*args, **kwargs)`` instead of the arguments, for
    a builder that takes a plan; ``f`` must return everything the builder reads from it. The
    returned chart is shared: derive new charts from it (Altair's methods return copies),
    never assign to it.
    """
    if builder is None:
        return functools.partial(remember_chart, inputs=inputs)
    cache: OrderedDict[Any, Any] = OrderedDict()

    @functools.wraps(builder)
    def remembered(*args: Any, **kwargs: Any) -> Any:
        key = _content_key(inputs(*args, **kwargs) if inputs else (args, kwargs))
        if key is _NOT_A_KEY:
            return builder(*args, **kwargs)
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        chart = builder(*args, **kwargs)
        cache[key] = chart
        while len(cache) > REMEMBERED_CHARTS:
            cache.popitem(last=False)
        return chart

    return remembered
