"""Reading a roster file: a CSV (UTF-8) or an Excel .xlsx (its first sheet, or a named one),
its columns matched to roster fields, and each row's cells read into a person's values.

* Formats: ``.csv`` (comma, semicolon or tab separated; UTF-8, with or without a byte-order
  mark) and ``.xlsx``/``.xlsm``. Anything else — an old ``.xls``, a PDF, a CSV in another
  encoding (Windows-1252, UTF-16: reported with the byte and line) — is refused with what to do.
* The first row is the header; rows are numbered as a spreadsheet shows them (the header is row
  1). Blank rows are skipped.
* Columns are matched to fields case-insensitively, ignoring spaces and punctuation, with the
  common HRIS names (:data:`SYNONYMS`: "Employee ID", "Base Salary", "Department", "Hire Date",
  "FTE" …); ``--map COLUMN=FIELD`` overrides (``--map COLUMN=ignore`` drops a column). Columns
  that match no field are ignored and listed.
* Amounts: ``52000``, ``52,000``, ``£52,000`` and ``52000.50`` are read; anything else
  (``52k``, ``52k?``, ``fifty``, ``(52,000)``) is refused with the row and column. FTE: a
  fraction (``0.8``) or a percentage (``80%``), empty = 1. Dates: ``2019-03-01``, ``01/03/2019``
  (day first), ``1 Mar 2019`` or an Excel date cell.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from mocmo.files import FileRefused, read_bytes_limited
from mocmo.roster.models import FIELDS, IGNORE, REQUIRED_FIELDS, RosterError, RowProblem

__all__ = [
    "MAX_ROSTER_BYTES",
    "SYNONYMS",
    "Table",
    "map_columns",
    "normalise_header",
    "parse_age",
    "parse_date",
    "parse_fte",
    "parse_money",
    "read_cells",
    "read_table",
]

MAX_ROSTER_BYTES = 20 * 1024 * 1024
"""The largest roster file read (20 MB: far more people than a marketing team has)."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "employee id", "employee number", "employee no", "employee code", "emp id",
        "emp no", "staff id", "staff number", "person id", "worker id", "payroll id",
        "payroll number", "identifier", "employee", "hris id",
    ),
    "name": (
        "name", "full name", "employee name", "display name", "preferred name", "worker name",
        "legal name",
    ),
    "title": ("job title", "title", "position", "position title", "role", "job", "job role"),
    "team": (
        "team", "department", "dept", "function", "team name", "department name", "group",
        "sub department", "org unit", "organisation unit", "organization unit", "cost centre",
        "cost center",
    ),
    "salary": (
        "salary", "base salary", "annual salary", "annual base salary", "base pay",
        "annual base pay", "base", "salary annual", "fte salary", "full time salary",
        "annual salary fte", "basic salary",
    ),
    "fte": ("fte", "full time equivalent", "fte ratio", "fte percent", "working fraction"),
    "start_date": (
        "start date", "hire date", "date of hire", "date hired", "joined", "date joined",
        "join date", "employment start date", "continuous service date", "service start date",
        "original hire date", "seniority date",
    ),
    "birth_date": ("date of birth", "dob", "birth date", "birthdate", "birthday"),
    "age": ("age", "age years", "age at start"),
    "location": ("location", "country", "office", "work location", "site", "city", "region"),
    "manager": (
        "manager", "line manager", "reports to", "manager name", "manager id", "supervisor",
        "direct manager",
    ),
    "variable_pay": (
        "variable pay", "variable", "bonus", "target bonus", "bonus target", "commission",
        "on target variable", "variable compensation", "annual bonus",
    ),
}  # fmt: skip
"""Column names (normalised: lower case, words separated by one space) each field is found
under."""

_CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
_ANY_SYMBOL = re.compile(r"[£$€¥₹]")
_PLAIN = re.compile(r"\d+(\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")
"""A date with a time of day (as a spreadsheet may write a date cell): the time is dropped."""
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y")


class Table:
    """A roster file's header and rows as read: ``rows`` holds (row number, cells by column);
    cells are text (CSV) or the workbook's values (numbers, dates, text, None)."""

    def __init__(self, columns: Sequence[str], rows: Sequence[tuple[int, dict[str, Any]]]):
        self.columns: tuple[str, ...] = tuple(columns)
        self.rows: tuple[tuple[int, dict[str, Any]], ...] = tuple(rows)


def normalise_header(text: str) -> str:
    """A column name for matching: lower case, every run of non-alphanumerics one space
    ("Employee_ID" → "employee id", "Salary (annual)" → "salary annual")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


# --------------------------------------------------------------------------- the file


def read_table(
    path: str | os.PathLike[str], sheet: str | None = None, data: bytes | None = None
) -> Table:
    """The header and rows of the roster at ``path`` (CSV or .xlsx), or :class:`RosterError`
    saying why it cannot be read (empty, not CSV/xlsx, not UTF-8, no such sheet, no rows).

    ``data``: the file's bytes, already in hand (a file uploaded in the app); ``path`` is then
    only its name (the suffix says CSV or .xlsx) and nothing is read from disk."""
    p = Path(path)
    suffix = p.suffix.casefold()
    if suffix == ".xls":
        _refuse(
            "an old Excel .xls workbook, which mocmo does not read; save it as .xlsx (Excel "
            "Workbook) or as CSV UTF-8 and import that"
        )
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        shown = f"'{p.suffix}'" if p.suffix else "no extension"
        _refuse(
            f"not a CSV or .xlsx file ({shown}); export the roster from your HRIS as CSV "
            "(UTF-8) or as an Excel .xlsx workbook"
        )
    raw = _raw(p) if data is None else data
    if len(raw) > MAX_ROSTER_BYTES:
        _refuse(
            f"the file is larger than {MAX_ROSTER_BYTES // (1024 * 1024)} MB, far more than a "
            "roster; check it is the team's export"
        )
    if not raw.strip():
        _refuse("the file is empty: expected a header row and one row per person")
    if suffix == ".csv":
        if raw.startswith(b"PK\x03\x04"):
            _refuse("this is an Excel workbook, not a CSV; name it .xlsx and import it again")
        if sheet is not None:
            _refuse("--sheet is for .xlsx workbooks; a CSV has one table")
        table = _csv_table(raw)
    else:
        if not raw.startswith(b"PK\x03\x04"):
            _refuse(
                "not an .xlsx workbook (the file is not a zip archive); if it is a CSV, name "
                "it .csv"
            )
        table = _xlsx_table(raw, sheet)
    if not table.rows:
        _refuse("no people: the file has a header row but no rows under it")
    return table


def _raw(path: Path) -> bytes:
    try:
        return read_bytes_limited(path, MAX_ROSTER_BYTES, "roster file")
    except FileNotFoundError:
        _refuse(f"no roster file at {path}")
    except FileRefused as err:
        _refuse(err.reason)


def _refuse(message: str) -> NoReturn:
    raise RosterError([RowProblem(message=message)])


def _csv_text(raw: bytes) -> str:
    """The CSV's text (UTF-8, a byte-order mark dropped), or the encoding problem reported."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _refuse(
            "the file is UTF-16 text (Excel's 'Unicode Text'), not UTF-8; save it as 'CSV "
            "UTF-8 (Comma delimited)' or as .xlsx and import again"
        )
    if b"\x00" in raw:
        _refuse("not a text CSV file (it holds NUL bytes); export the roster as CSV or .xlsx")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start]
        guess = ""
        try:
            raw.decode("cp1252")
            guess = (
                "; it looks like Windows-1252 / Latin-1, which Excel writes for 'CSV (Comma "
                "delimited)'" + (" (£ is byte 0xA3 there)" if byte == 0xA3 else "")
            )
        except UnicodeDecodeError:
            pass
        _refuse(
            f"the file is not UTF-8: byte 0x{byte:02X} on line {line} is not UTF-8 text{guess}. "
            "Save it as 'CSV UTF-8 (Comma delimited)' or as .xlsx and import again"
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _csv_table(raw: bytes) -> Table:
    text = _csv_text(raw)
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ","
    if first.count(",") == 0:
        delimiter = max(";\t", key=first.count) if (";" in first or "\t" in first) else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        _refuse(f"not a readable CSV: {err}")
    header_at = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_at is None:
        _refuse("the file is empty: expected a header row and one row per person")
    header = [c.strip() for c in records[header_at]]
    return _table(header, [(i + 1, r) for i, r in enumerate(records) if i > header_at])


def _xlsx_table(raw: bytes, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        _refuse(f"not a readable .xlsx workbook ({type(err).__name__}); save it again from Excel")
    try:
        names = book.sheetnames
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in names:
            ws = book[sheet]
        else:
            _refuse(f"--sheet: no sheet {sheet!r} in the workbook; its sheets: {', '.join(names)}")
        rows = [(i, list(values)) for i, values in enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        book.close()
    header_at = next(
        (k for k, (_, values) in enumerate(rows) if any(_filled(v) for v in values)), None
    )
    if header_at is None:
        _refuse("the sheet is empty: expected a header row and one row per person")
    header = ["" if v is None else str(v).strip() for v in rows[header_at][1]]
    return _table(header, rows[header_at + 1 :])


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _table(header: list[str], rows: Sequence[tuple[int, Sequence[Any]]]) -> Table:
    """Rows as cells by column name; unnamed columns dropped, blank rows skipped, a repeated
    column name refused."""
    seen: dict[str, int] = {}
    for k, name in enumerate(header):
        if not name:
            continue
        key = name.casefold()
        if key in seen:
            _refuse(
                f"the header names the column {name!r} twice (columns {seen[key] + 1} and "
                f"{k + 1}); rename one"
            )
        seen[key] = k
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in rows:
        if not any(_filled(v) for v in values):
            continue
        cells = {name: values[k] if k < len(values) else None for k, name in enumerate(header)}
        cells.pop("", None)
        extra = [v for v in values[len(header) :] if _filled(v)]
        if extra:
            raise RosterError(
                [
                    RowProblem(
                        row=number,
                        message=f"has {len(header) + len(extra)} or more cells but the header "
                        f"names {len(header)} columns; a comma inside a value needs quotes",
                    )
                ]
            )
        out.append((number, cells))
    return Table([h for h in header if h], out)


# --------------------------------------------------------------------------- the columns


def map_columns(
    columns: Sequence[str], overrides: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """(field → column, ignored columns): each column matched to a field by its normalised
    name (:data:`SYNONYMS`), ``overrides`` (column → field or ``ignore``) first. Raises
    :class:`RosterError` for an override naming no column or field, two columns for one field,
    or a required field without a column."""
    problems: list[RowProblem] = []
    by_key = {c.casefold(): c for c in columns}
    fixed: dict[str, str] = {}  # column → field
    for given, field in (overrides or {}).items():
        column = by_key.get(given.strip().casefold())
        target = field.strip().casefold()
        if column is None:
            problems.append(
                RowProblem(
                    message=f"--map {given}={field}: the file has no column {given!r}; its "
                    f"columns: {', '.join(columns)}"
                )
            )
            continue
        if target not in FIELDS and target != IGNORE:
            problems.append(
                RowProblem(
                    message=f"--map {given}={field}: {field!r} is no roster field; the fields: "
                    f"{', '.join(FIELDS)} (or {IGNORE})"
                )
            )
            continue
        fixed[column] = target
    synonyms = {s: f for f, names in SYNONYMS.items() for s in names}
    taken: dict[str, list[str]] = {}
    ignored: list[str] = []
    for name in columns:
        matched = fixed.get(name) or synonyms.get(normalise_header(name))
        if matched is None or matched == IGNORE:
            ignored.append(name)
            continue
        taken.setdefault(matched, []).append(name)
    mapping: dict[str, str] = {}
    for field, candidates in taken.items():
        mapped = [c for c in candidates if c in fixed]
        if len(candidates) > 1 and len(mapped) != 1:
            problems.append(
                RowProblem(
                    message=f"the columns {', '.join(repr(c) for c in candidates)} all look "
                    f"like the {field} ({FIELDS[field]}); say which with --map "
                    f"'{candidates[0]}={field}' and drop the other with --map "
                    f"'{candidates[1]}={IGNORE}'"
                )
            )
            continue
        mapping[field] = mapped[0] if mapped else candidates[0]
        ignored.extend(c for c in candidates if c != mapping[field])
    for field in REQUIRED_FIELDS:
        if field not in mapping and not any(field in p.message for p in problems):
            names = ", ".join(f"'{s.title()}'" for s in SYNONYMS[field][:4])
            problems.append(
                RowProblem(
                    message=f"no column for the {field} ({FIELDS[field]}): expected one named "
                    f"like {names}; the file's columns: {', '.join(columns)}; or say which "
                    f"with --map 'COLUMN={field}'"
                )
            )
    if problems:
        raise RosterError(problems)
    return mapping, tuple(c for c in columns if c in ignored)


# --------------------------------------------------------------------------- the cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _number_cell(value: Any, expected: str) -> float | str | None:
    """A cell meant to hold a number: a number as a float, None when empty, else its text for
    the caller to read. A boolean is refused: ValueError ``got True, expected {expected}``."""
    if isinstance(value, bool):
        raise ValueError(f"got {value!r}, expected {expected}")
    if isinstance(value, int | float):
        return float(value)
    return _text(value) or None


def parse_money(value: Any, currency: str, what: str = "amount") -> float | None:
    """An amount from a cell: a number, or text such as ``52000``, ``52,000`` or
    ``£52,000.50`` (the plan's currency symbol or code may lead); None when empty. Raises
    ValueError with what was refused and what is allowed (``52k``, ``52k?``, ``£52.000``)."""
    if isinstance(value, bool):
        raise ValueError(f"got {value!r}, expected the {what} as a number, e.g. 52000")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"got {value!r}, expected the {what} as a number, e.g. 52000")
        return float(value)
    text = _text(value)
    if not text:
        return None
    body = text.replace(" ", "").replace("\u00a0", "")
    symbol = _CURRENCY_SYMBOLS.get(currency)
    for mark in (currency, currency.casefold()) + ((symbol,) if symbol else ()):
        if body.startswith(mark):
            body = body[len(mark) :]
            break
        if body.endswith(mark):
            body = body[: -len(mark)]
            break
    if _ANY_SYMBOL.search(body):
        raise ValueError(
            f"got {text!r}: an amount in another currency than the plan's {currency}; convert "
            f"it to {currency}"
        )
    if _PLAIN.fullmatch(body) or _GROUPED.fullmatch(body):
        return float(body.replace(",", ""))
    if body.startswith("-") and (_PLAIN.fullmatch(body[1:]) or _GROUPED.fullmatch(body[1:])):
        return -float(body[1:].replace(",", ""))
    raise ValueError(
        f"got {text!r}, not an amount: write the {what} as a number, e.g. 52000 or "
        f"{symbol or currency + ' '}52,000 (no 'k', words or notes)"
    )


def parse_fte(value: Any) -> float | None:
    """FTE from a cell: a fraction (0.8) or a percentage (80%); None when empty. Raises
    ValueError for other text."""
    expected = "a share of full time such as 0.8 or 80%"
    text = _number_cell(value, expected)
    if not isinstance(text, str):
        return text
    body = text.replace(" ", "")
    percent = body.endswith("%")
    number = body[:-1] if percent else body
    if not re.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+", number):
        raise ValueError(f"got {text!r}, expected {expected}")
    return float(number) / 100.0 if percent else float(number)


def parse_date(value: Any) -> _dt.date | None:
    """A date from a cell: a workbook date, or text as 2019-03-01, 01/03/2019 (day first),
    01-03-2019, 01.03.2019 or 1 Mar 2019; None when empty. Raises ValueError otherwise."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    candidate = text.split(" ")[0] if _DATE_TIME.fullmatch(text) else text
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        f"got {text!r}, not a date: write it as 2019-03-01 (year-month-day) or 01/03/2019 "
        "(day/month/year)"
    )


def parse_age(value: Any) -> float | None:
    """An age in years from a cell; None when empty. Raises ValueError for other text."""
    expected = "an age in years such as 34"
    text = _number_cell(value, expected)
    if not isinstance(text, str):
        return text
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(f"got {text!r}, expected {expected}")
    return float(text)


def read_cells(
    cells: Mapping[str, Any], columns: Mapping[str, str], currency: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row's values by field, and its problems as (column, message): identifier, team and
    salary required; salary above 0; FTE above 0 and at most 1 (empty = 1)."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []

    def cell(field: str) -> Any:
        return cells.get(columns[field]) if field in columns else None

    for field in ("id", "name", "title", "team", "location", "manager"):
        if field in columns:
            values[field] = _text(cell(field))
    for field, words in (
        ("id", "every person needs an identifier (employee ID)"),
        ("team", "every person needs a team (matched to the plan's legacy roles)"),
    ):
        if not values.get(field):
            problems.append((columns[field], f"missing; {words}"))
    try:
        salary = parse_money(cell("salary"), currency, "annual salary")
        if salary is None:
            problems.append(
                (columns["salary"], "missing; every person needs their annual base salary")
            )
        elif salary <= 0:
            problems.append(
                (columns["salary"], f"got {salary:,.2f}, the annual salary must be above 0")
            )
        else:
            values["salary"] = salary
    except ValueError as err:
        problems.append((columns["salary"], str(err)))
    if "fte" in columns:
        try:
            fte = parse_fte(cell("fte"))
            if fte is not None and not 0.0 < fte <= 1.0:
                problems.append(
                    (
                        columns["fte"],
                        f"got {_text(cell('fte'))}, FTE must be above 0 and at most 1 (a share "
                        "of full time: 0.8 or 80% = 4 days a week)",
                    )
                )
            elif fte is not None:
                values["fte"] = fte
        except ValueError as err:
            problems.append((columns["fte"], str(err)))
    for field, parse in (("start_date", parse_date), ("birth_date", parse_date)):
        if field in columns:
            try:
                values[field] = parse(cell(field))
            except ValueError as err:
                problems.append((columns[field], str(err)))
    if "age" in columns:
        try:
            values["age"] = parse_age(cell("age"))
        except ValueError as err:
            problems.append((columns["age"], str(err)))
    if "variable_pay" in columns:
        try:
            pay = parse_money(cell("variable_pay"), currency, "variable pay")
            if pay is not None and pay < 0:
                problems.append((columns["variable_pay"], f"got {pay:,.2f}, must be 0 or more"))
            elif pay is not None:
                values["variable_pay"] = pay
        except ValueError as err:
            problems.append((columns["variable_pay"], str(err)))
    return values, problems
