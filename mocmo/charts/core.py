"""Common chart helpers: offline rendering, the project's colours, money formats and saving.

Rendering works offline: the inline HTML renderer embeds Vega, and PNG/SVG files are made by
vl-convert with no network.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import altair as alt

__all__ = [
    "DESTINATION_COLORS",
    "GROUP_COLORS",
    "PALETTE",
    "color_scale",
    "enable_offline",
    "money_axis_format",
    "money_locale",
    "save_chart",
    "styled",
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

_LOCALES: dict[str, dict[str, Any]] = {
    "GBP": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""]},
    "USD": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
    "EUR": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


def enable_offline() -> None:
    """Render charts in notebooks and Voilà with Vega embedded: no CDN is needed."""
    alt.renderers.enable("html", template="inline")
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


def styled(chart: Any, currency: str = "GBP") -> Any:
    """The project's look, and the plan's currency in ``$`` formats. Apply last: a configured
    chart can no longer be layered or concatenated."""
    # One configure call: each configure_* call deep-copies the whole chart.
    return chart.configure(
        locale={"number": money_locale(currency)},
        font="DejaVu Sans",
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12, grid=True, gridOpacity=0.4),
        title=alt.TitleConfig(fontSize=14, anchor="start"),
        legend=alt.LegendConfig(labelFontSize=11, titleFontSize=12),
    )


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
