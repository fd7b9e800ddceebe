"""Typed input boxes bound to plan fields: every step's money, percent, FTE, hours, days,
months, whole counts and short text behave the same.

A field is a small widget — a Text box and a message line under it. What the box shows is what
it means: a percent box shows ``25%`` for a plan value of 0.25 and reads ``25`` (or ``25%``) as
0.25; a point-in-band box reads ``low``, ``mid``, ``high`` or a percent of the way up the band
(``75%``) and shows ``50% (mid)``; a money box reads ``2m``, ``£2.5M``, ``250k``, ``250,000`` or
``1.2 million``. Text it
cannot read, and values the plan's own rules refuse, are never saved: the box keeps what was
typed, the message line says what is wrong in the units shown ("Oversight must be between 0% and
100% — you typed 150%"), and the plan stays the last valid one. No range is re-typed here: a
value is tried as an edit of the plan, and the plan model's message is shown.

:class:`PlanField` is bound to a plan path when it has one (it reads the plan's value, writes an
edit, follows the plan when another widget changes it); without a path it is a form box whose
:meth:`PlanField.read` value a form puts in the plan (say, an audience's pipeline target).

:func:`bind` does the same for a widget whose values are plan values already (a dropdown, a
toggle, a checkbox): it writes an edit when the user changes it and follows the plan otherwise,
with no "loading" flag — a value equal to the plan's is not an edit.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal

import ipywidgets as w

from mocmo.format import CURRENCY_SYMBOLS, currency_symbol
from mocmo.plan import Plan, Problem
from mocmo.ui.core import PlanSession, ProblemList, Shower, guarded, show_message

__all__ = [
    "Choices",
    "FieldKind",
    "PlanField",
    "bind",
    "count_field",
    "days_field",
    "format_value",
    "fte_field",
    "hours_field",
    "money_field",
    "months_field",
    "number_field",
    "parse_money",
    "parse_number",
    "parse_percent",
    "parse_point",
    "parse_whole",
    "percent_field",
    "plan_value",
    "point_field",
    "text_field",
]

FieldKind = Literal[
    "money", "percent", "point", "fte", "hours", "days", "months", "count", "number", "text"
]
Editor = Callable[[str, Any], list[Problem]]
"""Writes ``value`` at a plan path and returns the problems (empty when the plan took it)."""

_MINUS = (
    "\\-\u2212\u2013"  # hyphen-minus, minus sign, en dash (what people and word processors type)
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_SCALES: dict[str, int] = {
    "": 1,
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mm": 1_000_000,
    "million": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
}
_MONEY_RE = re.compile(
    rf"^(?P<sign1>[{_MINUS}])?\s*(?P<sym>[^\d\s.{_MINUS}]+)?\s*(?P<sign2>[{_MINUS}])?\s*"
    rf"(?P<num>{_NUMBER})\s*(?P<scale>[a-z]*)$",
    re.IGNORECASE,
)
_PLAIN_RE = re.compile(rf"^(?P<sign>[{_MINUS}])?\s*(?P<num>{_NUMBER})$")
_PERCENT_RE = re.compile(rf"^(?P<sign>[{_MINUS}])?\s*(?P<num>{_NUMBER})\s*%?$")


# --------------------------------------------------------------------------- parsers


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


def _to_float(value: Decimal, hint: str) -> float:
    """``value`` as a float; ``ValueError`` (worded for the box) when it is too large for one
    (400 typed digits would otherwise become infinity and be quoted back as "inf")."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"is far too large to be a number — {hint}")
    return number


def parse_money(text: str, currency: str = "GBP") -> float:
    """An amount of money typed in a box, in ``currency``: ``2m``, ``£2.5M``, ``250k``,
    ``250,000``, ``£52,000``, ``1.2 million``, ``-5k``, ``£1bn``.

    The symbol may be the currency's own (``£`` for GBP) or its code (``GBP 52,000``); thousands
    separators must group by three. Raises ``ValueError`` (a sentence a person can read) for
    empty text, words (``two million``), stray characters (``52k?``) or another currency.
    """
    typed = text.strip()
    hint = "type an amount such as 250k, £2.5m or 250,000"
    if not typed:
        raise ValueError(f"is empty — {hint}")
    match = _MONEY_RE.match(typed)
    if match is None or match["scale"].lower() not in _SCALES:
        raise ValueError(f"can't be read as an amount: {typed!r} — {hint}")
    if match["sign1"] and match["sign2"]:
        raise ValueError(f"can't be read as an amount: {typed!r} — {hint}")
    symbol = match["sym"]
    if symbol is not None:
        own = {currency_symbol(currency).strip(), currency}
        if symbol.upper() not in {s.upper() for s in own}:
            named = next((c for c, s in CURRENCY_SYMBOLS.items() if s == symbol), symbol)
            raise ValueError(f"is in {named}, but this plan is in {currency}: {typed!r}")
    value = _decimal(match["num"]) * _SCALES[match["scale"].lower()]
    if match["sign1"] or match["sign2"]:
        value = -value
    return _to_float(value, hint)


def parse_percent(text: str) -> float:
    """A percentage typed in a percent box, as a fraction: ``25`` and ``25%`` give 0.25,
    ``12.5 %`` 0.125, ``-5`` -0.05. Raises ``ValueError`` for empty or unreadable text."""
    typed = text.strip()
    match = _PERCENT_RE.match(typed)
    if not typed:
        raise ValueError("is empty — type a percentage such as 25")
    if match is None:
        raise ValueError(f"can't be read as a percentage: {typed!r} — type a number such as 25")
    value = _decimal(match["num"]) / 100
    return _to_float(-value if match["sign"] else value, "type a number such as 25")


POINT_WORDS: dict[str, float] = {"low": 0.0, "mid": 0.5, "high": 1.0}
"""The band's named points, as fractions of the way from its low to its high."""
_POINT_SHOWN = re.compile(r"^(?P<percent>.*?)\s*\((?P<word>[a-z]+)\)$")


def parse_point(text: str) -> float:
    """Where a salary sits in its band, typed in a Point in band box, as a fraction of the way
    from the band's low to its high: ``low`` 0, ``mid`` 0.5, ``high`` 1 (any case), or a
    percent — ``75`` and ``75%`` give 0.75. The box's own ``50% (mid)`` reads back as 0.5.
    Raises ``ValueError`` for empty or unreadable text, or a percent and a name that disagree."""
    typed = text.strip()
    hint = "type low, mid, high or a percentage such as 75"
    if not typed:
        raise ValueError(f"is empty — {hint}")
    word = typed.lower()
    if word in POINT_WORDS:
        return POINT_WORDS[word]
    shown = _POINT_SHOWN.match(word)
    if shown is not None and shown["word"] in POINT_WORDS:
        try:
            value = parse_percent(shown["percent"])
        except ValueError:
            raise ValueError(f"can't be read as a point in the band: {typed!r} — {hint}") from None
        if not math.isclose(value, POINT_WORDS[shown["word"]], abs_tol=1e-9):
            raise ValueError(f"says two different points: {typed!r} — {hint}")
        return value
    try:
        return parse_percent(typed)
    except ValueError:
        raise ValueError(f"can't be read as a point in the band: {typed!r} — {hint}") from None


def _read_plain(typed: str, empty: str, unreadable: str) -> Decimal:
    """The plain number (optional minus, digits, thousands commas) of already stripped text,
    signed; ``ValueError(empty)`` for no text, ``ValueError(unreadable)`` for other text."""
    if not typed:
        raise ValueError(empty)
    match = _PLAIN_RE.match(typed)
    if match is None:
        raise ValueError(unreadable)
    value = _decimal(match["num"])
    return -value if match["sign"] else value


def parse_number(text: str, unit: str = "") -> float:
    """A number typed in a box (FTE, hours, days): ``2``, ``37.5``, ``1,200``, ``-1``.
    Raises ``ValueError`` for empty or unreadable text."""
    typed = text.strip()
    example = f"such as 37.5{' ' + unit if unit else ''}"
    return _to_float(
        _read_plain(
            typed,
            f"is empty — type a number {example}",
            f"can't be read as a number: {typed!r} — type a number {example}",
        ),
        f"type a number {example}",
    )


def parse_whole(text: str, unit: str = "") -> int:
    """A whole number typed in a box (months, counts): ``6``, ``1,200``. Raises ``ValueError``
    for empty or unreadable text and for a fraction (``2.5``)."""
    typed = text.strip()
    what = unit or "number"
    value = _read_plain(
        typed,
        f"is empty — type a whole {what} such as 6",
        f"can't be read as a whole {what}: {typed!r}",
    )
    if value != value.to_integral_value():
        raise ValueError(f"must be a whole {what} — you typed {typed}")
    return int(value)


def _plain(number: float, grouping: bool = False) -> str:
    """``number`` without float noise or trailing zeros: 25, 12.5, 1,200 (with grouping)."""
    text = f"{round(number, 6):,.6f}" if grouping else f"{round(number, 6):.6f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(kind: FieldKind, value: Any, currency: str = "GBP") -> str:
    """How a plan value is shown in a box of ``kind``: 0.25 → ``25%``; 2000000 → ``£2,000,000``;
    6 → ``6``; None → empty."""
    if value is None:
        return ""
    if kind == "text":
        return str(value)
    number = float(value)
    if kind == "percent":
        return f"{_plain(number * 100)}%"
    if kind == "point":
        name = next((n for n, f in POINT_WORDS.items() if math.isclose(number, f)), None)
        return f"{_plain(number * 100)}%" + (f" ({name})" if name else "")
    if kind == "money":
        sign = "-" if number < 0 else ""
        return f"{sign}{currency_symbol(currency)}{_plain(abs(number), grouping=True)}"
    return _plain(number, grouping=True)


def parse(kind: FieldKind, text: str, currency: str = "GBP") -> Any:
    """The plan value typed ``text`` stands for in a box of ``kind`` (``ValueError`` if none)."""
    if kind == "money":
        return parse_money(text, currency)
    if kind == "percent":
        return parse_percent(text)
    if kind == "point":
        return parse_point(text)
    if kind in ("months", "count"):
        return parse_whole(text, {"months": "number of months", "count": "number"}[kind])
    if kind == "text":
        return text
    return parse_number(text, {"fte": "FTE", "hours": "hours", "days": "days"}.get(kind, ""))


# --------------------------------------------------------------------------- the model's words

_NUM_IN_TEXT = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w%])")


def _in_units(kind: FieldKind, message: str, currency: str) -> str:
    """The plan model's message with its numbers in the box's units (0 and 1 → 0% and 100%)."""
    if kind not in ("percent", "point", "money"):
        return message
    shown: FieldKind = "percent" if kind == "point" else kind

    def convert(match: re.Match[str]) -> str:
        try:
            number = float(match.group(0).replace(",", ""))
        except ValueError:
            return match.group(0)
        return format_value(shown, number, currency)

    return _NUM_IN_TEXT.sub(convert, message)


def _what_is_wrong(problem: Problem) -> str:
    """The rule a problem states, without the "got <value>, " the model puts first."""
    message = problem.message
    match = re.match(r"^got .*?, (must .*)$", message, re.DOTALL)
    return match.group(1) if match else message


# --------------------------------------------------------------------------- plan paths

_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def plan_value(plan: Plan, path: str) -> Any:
    """The value at ``path`` in ``plan`` (``assumptions.on_costs.employer_ni_rate``,
    ``legacy_roles[2].activities[1].oversight``); ``KeyError`` when there is none."""
    node: Any = plan
    for match in _PATH_PART.finditer(path):
        name, index = match.groups()
        try:
            if name is None:
                node = node[int(index)]
            else:  # a field, or a key of a mapping field (assumptions.fx_rates.USD.rate)
                node = node[name] if isinstance(node, Mapping) else getattr(node, name)
        except (AttributeError, IndexError, KeyError, TypeError):
            raise KeyError(f"{path!r}: the plan has no field at this path") from None
    return node


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, bool) or isinstance(b, bool):
            return a is b
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)


# --------------------------------------------------------------------------- the field


class PlanField(w.VBox):
    """A Text box and a message line, reading and writing one plan value of one kind.

    ``.value`` is the plan value the box stands for (a fraction for a percent box) — setting a
    number shows it as the box would (0.2 → ``20%``) and is an edit like typing it; setting a
    string is typing it (``"25"`` in a percent box means 25%). ``.text`` is the Text widget.
    """

    def __init__(
        self,
        session: PlanSession,
        path: str | Callable[[], str | None] | None,
        label: str,
        kind: FieldKind,
        *,
        edit: Editor | None = None,
        crash: ProblemList | Shower | None = None,
        track: bool = True,
        what: str = "apply this edit",
        to_plan: Callable[[Any], Any] | None = None,
        from_plan: Callable[[Any], Any] | None = None,
        placeholder: str = "",
        width: str = "19em",
        label_width: str = "11em",
        optional: bool = False,
    ) -> None:
        self.session = session
        self.optional = optional
        """Empty text means "no value" (``None`` in the plan, e.g. a headcount not fixed)."""
        self._where = path
        self.label = label
        self.kind: FieldKind = kind
        self._edit: Editor = edit if edit is not None else self._apply
        self._crash = crash
        self._to: Callable[[Any], Any] = to_plan or _unchanged
        """How a read value is written in the plan (a band point: 0.5 → "mid")."""
        self._from: Callable[[Any], Any] = from_plan or _unchanged
        """How a plan value is read for the box ("mid" → 0.5)."""
        self._shown = ""  # the text last set from the plan: setting it back is no edit
        self._refused: tuple[str, Any] | None = None  # (typed, plan value then) while refused
        self._closed = False
        self.text = w.Text(
            description=label,
            placeholder=placeholder,
            continuous_update=False,
            layout=w.Layout(width=width),
            style={"description_width": label_width},
        )
        self.message = w.HTML(layout=w.Layout(margin=f"0 0 0 {label_width}"))
        self.message.layout.display = "none"
        self.text.observe(guarded(self._typed, self._report, what=what), names="value")
        super().__init__([self.text, self.message])
        self.add_class("mocmo-field")
        if path is not None and track:
            session.observe(self._follow)
        if path is not None and not callable(path):  # a function's row is picked later
            self._follow(session.plan)

    # reading and writing -----------------------------------------------------------------------
    @property
    def path(self) -> str | None:
        """The plan path this box edits now (a picked row's, for a path given as a function);
        ``None`` for a form box."""
        return self._where() if callable(self._where) else self._where

    def reload(self) -> None:
        """Show the plan's value at :attr:`path` afresh (another row was picked): any refused
        text and its message go; with no value there, the box is emptied and disabled."""
        at = self.path
        try:
            value = plan_value(self.session.plan, at) if at is not None else None
        except KeyError:
            value = None
        self.disabled = at is not None and value is None
        self.show(value)

    @property
    def currency(self) -> str:
        """The plan's currency (money boxes read and show it)."""
        return self.session.plan.meta.currency

    @property
    def value(self) -> Any:
        """The plan value the box stands for: the plan's own for a bound field, else what the
        typed text reads as (``None`` if it cannot be read)."""
        if self.path is not None:
            return plan_value(self.session.plan, self.path)
        try:
            return parse(self.kind, self.text.value, self.currency)
        except ValueError:
            return None

    @value.setter
    def value(self, new: Any) -> None:
        self.text.value = (
            new if isinstance(new, str) else format_value(self.kind, self._from(new), self.currency)
        )

    @property
    def disabled(self) -> bool:
        """True when the box cannot be typed in."""
        return bool(self.text.disabled)

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self.text.disabled = value

    @property
    def typed(self) -> bool:
        """True when the box holds text typed since the plan's value was last shown."""
        return bool(self.text.value != self._shown)

    @property
    def refused(self) -> bool:
        """True while the box shows text that was not saved (its message says why)."""
        return self._refused is not None

    def read(self) -> Any:
        """The plan value the typed text stands for; ``ValueError`` (shown under the box) when
        it cannot be read. An optional box's empty text stands for ``None``."""
        if self.optional and not self.text.value.strip():
            return None
        try:
            return parse(self.kind, self.text.value, self.currency)
        except ValueError as err:
            self.say(f"{self.label} {err}")
            raise

    def show(self, value: Any) -> None:
        """Show ``value`` (a plan value) in the box and clear the message, as when the plan
        changes; no edit is made."""
        self._refused = None
        self.say("")
        self._shown = format_value(self.kind, self._from(value), self.currency)
        self.text.value = self._shown

    def say(self, message: str) -> None:
        """Show ``message`` under the box (empty hides the line)."""
        self.message.value = (
            f'<span class="mocmo-error">{html.escape(message)}</span>' if message else ""
        )
        self.message.layout.display = None if message else "none"

    def refuse(self, problems: list[Problem]) -> None:
        """Say why the typed value was not saved, in the box's units."""
        lines = []
        typed = self.text.value.strip()
        try:
            shown = format_value(self.kind, parse(self.kind, typed, self.currency), self.currency)
        except ValueError:
            shown = typed
        for p in problems:
            if self.path is not None and p.path == self.path:
                rule = _in_units(self.kind, _what_is_wrong(p), self.currency)
                lines.append(f"{self.label} {rule} — you typed {shown}")
            else:
                lines.append(p.message)
        self.say("; ".join(lines) or f"{self.label}: not saved")

    def close(self) -> None:
        """Stop following the plan (the field's row was removed) and close the widgets."""
        self._closed = True
        super().close()

    # handlers -----------------------------------------------------------------------------
    def _apply(self, path: str, value: Any) -> list[Problem]:
        return self.session.apply({path: value})

    def _report(self, message: str) -> None:
        self.say(message)
        if self._crash is not None:
            show_message(self._crash, message)

    def _typed(self, change: Mapping[str, Any]) -> None:
        text = str(change["new"])
        if text == self._shown and self._refused is None:
            return  # the plan's own value, set by :meth:`show`
        try:
            value = self._to(self.read())
        except ValueError:
            self._hold(text)
            return
        if self.path is None:
            self.say("")
            return
        current = plan_value(self.session.plan, self.path)
        if _same(value, current):
            self.show(current)
            return
        problems = self._edit(self.path, value)
        if problems:
            self.refuse(problems)
            self._hold(text)

    def _hold(self, text: str) -> None:
        """Remember that ``text`` is shown but not in the plan (kept until corrected)."""
        current = plan_value(self.session.plan, self.path) if self.path is not None else None
        self._refused = (text, current)

    def _follow(self, plan: Plan) -> None:
        if self._closed or self.path is None:
            return
        try:
            value = plan_value(plan, self.path)
        except KeyError:
            return  # the row this field edits is gone; its panel rebuilds it
        self.follow(value)

    def follow(self, value: Any) -> None:
        """The plan's value is now ``value``: show it, unless the box holds refused text and
        the plan's value is the one it was refused against (kept until corrected)."""
        if self._refused is not None and _same(self._refused[1], value):
            return  # keep the typed text and its message until corrected
        shown = format_value(self.kind, self._from(value), self.currency)
        if self._refused is None and self._shown == shown:
            return
        self.show(value)


def _unchanged(value: Any) -> Any:
    return value


def _field(kind: FieldKind) -> Callable[..., PlanField]:
    def make(session: PlanSession, path: str | None, label: str, **options: Any) -> PlanField:
        return PlanField(session, path, label, kind, **options)

    make.__name__ = f"{kind}_field"
    make.__doc__ = f"A {kind} box bound to ``path`` (see :class:`PlanField`)."
    return make


money_field = _field("money")
percent_field = _field("percent")
point_field = _field("point")
fte_field = _field("fte")
hours_field = _field("hours")
days_field = _field("days")
months_field = _field("months")
count_field = _field("count")
number_field = _field("number")
text_field = _field("text")


# --------------------------------------------------------------------------- other widgets

_MISSING: Any = object()
"""What :func:`bind` reads when nothing is picked or the picked row is gone."""


def bind(
    widget: w.ValueWidget,
    session: PlanSession,
    path: Callable[[], str | None] | str,
    *,
    edit: Editor,
    show: ProblemList | Shower,
    to_plan: Callable[[Any], Any] = lambda v: v,
    from_plan: Callable[[Any], Any] = lambda v: v,
    what: str = "apply this edit",
    track: bool = True,
) -> Callable[[Plan | None], None]:
    """Make ``widget`` (a dropdown, toggle, slider, checkbox) a view of the plan value at
    ``path``: a user change writes ``to_plan(new)`` through ``edit``; a change of the plan sets
    ``from_plan(value)``; a refused edit puts the widget back to the plan's value. ``path`` may
    be a function (the selected row's path) returning ``None`` when nothing is selected.

    No "loading" flag: a widget value equal to the plan's is not an edit. Returns the function
    that sets the widget from the plan (call it when ``path`` now names another row).
    """

    def where() -> str | None:
        return path() if callable(path) else path

    def current() -> Any:
        at = where()
        if at is None:
            return _MISSING
        try:
            return plan_value(session.plan, at)
        except KeyError:
            return _MISSING

    def follow(_plan: Plan | None = None) -> None:
        value = current()
        if value is not _MISSING and not _same(from_plan(value), widget.value):
            widget.value = from_plan(value)

    def changed(change: Mapping[str, Any]) -> None:
        at = where()
        if at is None or getattr(widget, "_replacing", False):
            return  # nothing picked, or a Choices widget's choices being replaced
        value = to_plan(change["new"])
        if _same(value, current()):
            return
        if edit(at, value):
            follow()

    widget.observe(guarded(changed, show, what=what), names="value")
    if track:  # else the page sets the widget when it redraws (rows it rebuilds)
        session.observe(follow)
    follow()
    return follow


class Choices(w.Dropdown):
    """A dropdown whose choices follow the plan (the audiences, the roles, the phases …).

    :meth:`set_choices` replaces the choices and keeps the pick; the handlers given to
    :meth:`on_pick` hear only a real change of pick — a user's, or the picked item gone from the
    plan — not the redraw (ipywidgets resets a dropdown to its first choice when its options are
    replaced, which would otherwise reload a form over what the user typed).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._replacing = False
        self._pick_handlers: list[Callable[[Mapping[str, Any]], None]] = []

    def on_pick(
        self, handler: Callable[[Mapping[str, Any]], None], show: ProblemList | Shower, what: str
    ) -> None:
        """Call ``handler(change)`` (guarded) when the pick changes, not when choices are
        replaced with the pick still there."""
        safe = guarded(handler, show, what=what)
        self._pick_handlers.append(safe)
        self.observe(lambda change: None if self._replacing else safe(change), names="value")

    def set_choices(self, options: list[tuple[str, Any]]) -> None:
        """Show ``options`` (label, value); the pick stays if it is still a choice, else the
        first choice is picked and the pick handlers are told."""
        wanted = [tuple(o) for o in options]
        shown: Any = self.options  # type: ignore[has-type]
        if [tuple(o) for o in shown] == wanted:
            return
        picked: Any = self.value  # type: ignore[has-type]
        values = [value for _label, value in wanted]
        self._replacing = True
        try:
            self.options = wanted
            chosen: Any = picked if picked in values else (values[0] if values else None)
            self.value = chosen
        finally:
            self._replacing = False
        if self.value != picked:
            for handler in self._pick_handlers:
                handler({"name": "value", "old": picked, "new": self.value, "owner": self})
