"""Cached values in the workbook's formula cells, so a file viewer, an email preview or
``pandas.read_excel`` shows the figures without recalculating.

openpyxl writes a formula cell as ``<c r="B7"><f>…</f><v></v></c>``: a formula without a
result. :func:`store_values` is a post-pass over the saved file's sheet XML that puts a value
into the ``<v>`` of the cells it is given, leaving every formula as it is (and the workbook's
"recalculate everything on load" flag set, so Excel and LibreOffice still compute every cell
themselves). Which values:

- every export: each headline figure's cell on the Summary sheet — the defined name of the
  figure — holds the value mocmo computed (:func:`summary_values`);
- with LibreOffice (``mocmo export --verify``): every formula cell of every sheet holds the
  value LibreOffice computed (:func:`recalculated_values`).

The Summary sheet says so (:data:`STORED_NOTE`).
"""

from __future__ import annotations

import math
import posixpath
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

__all__ = [
    "STORED_NOTE",
    "CellValues",
    "recalculated_values",
    "store_values",
    "summary_values",
]

CellValues = Mapping[str, Mapping[str, Any]]
"""Sheet title → cell coordinate (``B7``) → the value to store (number, text, bool, None)."""

STORED_NOTE = (
    "A preview that does not recalculate (an email, a file viewer, pandas) shows the value "
    "mocmo computed for each figure on this sheet — after mocmo export --verify, every "
    "formula's value as LibreOffice computed it. Excel and LibreOffice recalculate every cell "
    "when the file opens."
)

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
"""Excel's error values: a recalculated cell showing one is stored as an error, not text."""
_FORMULA_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*)>(?P<f><f(?:\s[^>]*)?>.*?</f>|<f[^>]*/>)'
    r"<v\s*(?:/>|></v>)</c>",
    re.S,
)


def _sheet_paths(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its part in the zip (``xl/worksheets/sheet3.xml``)."""
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    paths: dict[str, str] = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        part = target.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = part.lstrip("/") if part.startswith("/") else posixpath.join("xl", part)
        paths[sheet.get("name", "")] = posixpath.normpath(part)
    return paths


def _cell_xml(ref: str, attrs: str, formula: str, value: Any) -> str:
    """One formula cell with ``value`` cached in it (type ``str``, ``b``, ``e`` or a number)."""
    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
    if value is None:
        kind, text = "str", ""
    elif isinstance(value, bool):
        kind, text = "b", "1" if value else "0"
    elif isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            kind, text = "e", "#NUM!"
        else:
            kind, text = "", repr(number) if number != int(number) else str(int(number))
    else:
        text = str(value)
        kind = "e" if text in _ERRORS else "str"
        text = escape(text)
    typed = f' t="{kind}"' if kind else ""
    return f'<c r="{ref}"{attrs}{typed}>{formula}<v>{text}</v></c>'


def _fill(xml: str, values: Mapping[str, Any]) -> tuple[str, int]:
    """``xml`` with each formula cell named in ``values`` holding its value; how many."""
    done = 0

    def one(match: re.Match[str]) -> str:
        nonlocal done
        ref = match["ref"]
        if ref not in values:
            return match[0]
        done += 1
        return _cell_xml(ref, match["attrs"], match["f"], values[ref])

    return _FORMULA_CELL.sub(one, xml), done


def store_values(xlsx: Path, values: CellValues) -> int:
    """Put ``values`` into the formula cells of the workbook at ``xlsx`` (rewritten in place:
    call it on a temporary file that is then renamed over the target). Only formula cells
    without a value are touched; the formulas stay. Returns how many cells got a value."""
    wanted = {title: cells for title, cells in values.items() if cells}
    if not wanted:
        return 0
    stored = 0
    with tempfile.TemporaryDirectory(prefix="mocmo-cache-") as tmp:
        copy = Path(tmp) / "book.xlsx"
        with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(copy, "w") as out:
            paths = _sheet_paths(source)
            parts = {paths[t]: cells for t, cells in wanted.items() if t in paths}
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in parts:
                    text, count = _fill(data.decode("utf-8"), parts[info.filename])
                    data, stored = text.encode("utf-8"), stored + count
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        shutil.copyfile(copy, xlsx)
    return stored


def summary_values(book: Any, figures: Mapping[str, Any]) -> CellValues:
    """The Summary sheet's cell of each headline figure (its defined name) → mocmo's value;
    penny figures rounded to 2 places as the sheet's ``ROUND(…, 2)`` does."""
    from mocmo.figures import figure

    cells: dict[str, Any] = {}
    for key, value in figures.items():
        target = book.names.get(key.lower())
        if target is None:
            continue
        sheet, _, coord = target.rpartition("!")
        if sheet.strip("'").replace("''", "'") != "Summary":
            continue
        if figure(key).penny and isinstance(value, int | float) and not isinstance(value, bool):
            value = round(float(value), 2)
        cells[coord.replace("$", "")] = value
    return {"Summary": cells}


def recalculated_values(original: Path, recalculated: Path) -> CellValues:
    """Every formula cell of ``original`` → its value in ``recalculated`` (the same workbook
    after LibreOffice recalculated it)."""
    from openpyxl import load_workbook

    formulas = load_workbook(original, read_only=True)
    results = load_workbook(recalculated, read_only=True, data_only=True)
    found: dict[str, dict[str, Any]] = {}
    try:
        for ws in formulas.worksheets:
            if ws.title not in results.sheetnames:
                continue
            refs = {
                cell.coordinate
                for row in ws.iter_rows()
                for cell in row
                if getattr(cell, "data_type", None) == "f"
            }
            if not refs:
                continue
            values: dict[str, Any] = {}
            for row in results[ws.title].iter_rows():
                for cell in row:
                    coord = getattr(cell, "coordinate", None)
                    if isinstance(coord, str) and coord in refs:
                        values[coord] = cell.value
            found[ws.title] = {r: values.get(r) for r in refs}
    finally:
        formulas.close()
        results.close()
    return found
