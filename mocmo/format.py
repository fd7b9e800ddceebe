"""Readable numbers for people: £1.2M, 37.5 h/wk, 12%, 6.2 weeks. Presentation only; a
headline figure's unit comes from its registry entry (:mod:`mocmo.figures`), not its name."""

from __future__ import annotations

import math

from mocmo.figures import figure

__all__ = [
    "CURRENCY_SYMBOLS",
    "currency_symbol",
    "describe_figure",
    "figure_label",
    "figure_unit",
    "fmt_days",
    "fmt_hours",
    "fmt_money",
    "fmt_money_full",
    "fmt_pct",
]

CURRENCY_SYMBOLS: dict[str, str] = {"GBP": "£", "EUR": "€", "USD": "$"}


def currency_symbol(currency: str) -> str:
    """The symbol of an ISO currency code, or the code and a space."""
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def fmt_money(value: float | None, currency: str = "GBP") -> str:
    """Short money: £1.2M, £297.5K, −£12K, £850."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sym = currency_symbol(currency)
    sign = "−" if value < 0 else ""
    v = abs(value)
    if v >= 1_000_000:
        text = f"{v / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif v >= 10_000:
        text = f"{v / 1000:.1f}".rstrip("0").rstrip(".") + "K"
    else:
        text = f"{v:,.0f}"
    return f"{sign}{sym}{text}"


def fmt_money_full(value: float | None, currency: str = "GBP") -> str:
    """Full money with thousands separators: £297,500."""
    if value is None:
        return "—"
    sign = "−" if value < 0 else ""
    return f"{sign}{currency_symbol(currency)}{abs(value):,.0f}"


def fmt_hours(value: float | None) -> str:
    """Hours per week: 37.5 h/wk."""
    return "—" if value is None else f"{value:,.1f} h/wk"


def fmt_days(value: float | None) -> str:
    """Working days and weeks: 31 days (6.2 weeks)."""
    return "—" if value is None else f"{value:,.1f} days ({value / 5:,.1f} weeks)"


def fmt_pct(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: 0.123 → 12%, −0.169 → −16.9% (the minus sign "−", as money
    has; none when the shown figure rounds to 0)."""
    if value is None:
        return "—"
    text = f"{abs(value) * 100:,.{digits}f}"
    sign = "−" if value < 0 and text.strip("0.,") else ""
    return f"{sign}{text}%"


def figure_unit(key: str) -> str:
    """The unit of a headline figure, as its registry entry declares it
    (:data:`mocmo.figures.UNITS`); a KeyError for a key that is not a figure."""
    return figure(key).unit


def figure_label(key: str) -> str:
    """What a person calls a headline figure (its registry label)."""
    return figure(key).label


def describe_figure(key: str, value: float | int | None, currency: str = "GBP") -> str:
    """A headline figure as a person reads it, in its declared unit."""
    if value is None:
        return "—"
    unit = figure_unit(key)
    if unit == "money":
        return fmt_money_full(float(value), currency)
    if unit == "ratio":
        return fmt_pct(float(value), 1)
    if unit == "hours_per_week":
        return fmt_hours(float(value))
    if unit == "days":
        return f"{float(value):,.1f} days"
    if unit == "weeks":
        return f"{float(value):,.1f} weeks"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"
