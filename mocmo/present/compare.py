"""Two plans side by side, in words: the figures as an aligned text table (what ``mocmo
compare`` prints), a difference in the figure's own unit, the input differences as a list.

The figures and differences come from :func:`mocmo.compare.compare`; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

from mocmo.compare import Comparison
from mocmo.diff import Difference
from mocmo.format import describe_figure, figure_unit

__all__ = ["describe_delta", "format_differences", "format_figures"]

_EPS = 1e-9
"""A difference smaller than this is no difference (float noise)."""


def describe_delta(key: str, delta: float | None, currency: str = "GBP") -> str:
    """A difference of a headline figure as a person reads it, signed: ``+£12,000``,
    ``−3.5 days``, ``+2.0 pts`` for a ratio (percentage points), ``0`` when nothing moved."""
    if delta is None:
        return "—"
    if abs(delta) < _EPS:
        return "0"
    sign = "+" if delta > 0 else "−"
    if figure_unit(key) == "ratio":
        return f"{sign}{abs(delta) * 100:,.1f} pts"
    text = describe_figure(key, abs(delta), currency)
    if figure_unit(key) in ("month", "months"):
        text = f"{abs(delta):g} month" + ("s" if abs(delta) != 1 else "")
    return sign + text


def _pct_change(pct: float | None) -> str:
    if pct is None:
        return "—"
    if abs(pct) < 0.0005:
        return "0%"
    return f"{pct * 100:+,.1f}%".replace("-", "−")


def format_figures(comparison: Comparison) -> str:
    """The figures as an aligned text table: figure, A, B, Δ (B − A), Δ% (of |A|)."""
    cur = comparison.currency
    rows = [("figure", "A", "B", "Δ", "Δ%")]
    for f in comparison.figures:
        rows.append(
            (
                f.key,
                describe_figure(f.key, f.a, cur),
                describe_figure(f.key, f.b, cur),
                describe_delta(f.key, f.delta, cur),
                _pct_change(f.pct),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for r in rows:
        cells = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, 5)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_differences(differences: Sequence[Difference]) -> str:
    """The input differences, one a line (``- …``), or a line saying there are none."""
    if not differences:
        return "No differences in the inputs."
    return "\n".join(f"- {d.text}" for d in differences)
