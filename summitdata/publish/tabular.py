"""Query results as text for people and programs: an aligned table, CSV, JSON or a Markdown table."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, datetime, time
from decimal import Decimal

FORMATS = ("table", "csv", "json", "markdown")
NARROWEST = 8  # a column is never squeezed below this many characters to fit the terminal


def cell_text(value: object) -> str:
    """One value as text: nothing for NULL, lists as `CHN, PRK`, structs as `key: value, ...`, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell_text(v)}" for k, v in value.items())
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _json_value(value: object) -> object:
    """A value JSON can hold: dates as ISO text, decimals as numbers; lists and structs kept as they are."""
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split()) if "\n" in text or "\t" in text else text
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _fit(widths: list[int], total: int) -> list[int]:
    """Column widths narrowed, widest first, until the table (with 2 spaces between columns) fits `total`."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > total:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= NARROWEST:
            break
        widths[widest] -= 1
    return widths


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def text_table(columns: list[str], rows: list[tuple], width: int = 40, total: int | None = None) -> str:
    """An aligned table: cells cut to `width` characters, the whole narrowed to `total` (the terminal's
    width when not given); numbers right-aligned."""
    total = shutil.get_terminal_size((120, 24)).columns if total is None else total
    texts = [[_cut(cell_text(v), width) for v in row] for row in rows]
    natural = [max([len(c)] + [len(r[i]) for r in texts]) for i, c in enumerate(columns)]
    widths = _fit([min(n, max(width, len(c))) for n, c in zip(natural, columns, strict=True)], total)
    numeric = [bool(rows) and all(_is_number(r[i]) or r[i] is None for r in rows) for i in range(len(columns))]

    def line(cells: list[str]) -> str:
        parts = [_cut(c, w).rjust(w) if right else _cut(c, w).ljust(w)
                 for c, w, right in zip(cells, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(columns), "  ".join("-" * w for w in widths), *(line(r) for r in texts)])


def csv_text(columns: list[str], rows: list[tuple]) -> str:
    """CSV with a header line; lists as `CHN, PRK`, NULL as an empty field."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(v) for v in row] for row in rows)
    return out.getvalue().rstrip("\n")


def json_text(columns: list[str], rows: list[tuple]) -> str:
    """A JSON array of one object per row, a row a line; lists stay arrays, dates are ISO text."""
    objects = [{c: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return "[\n" + ",\n".join(json.dumps(o, ensure_ascii=False) for o in objects) + "\n]" if objects else "[]"


def markdown_text(columns: list[str], rows: list[tuple], width: int = 40) -> str:
    """A Markdown (GitHub) table, cells cut to `width` characters."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(_cut(c, width).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(columns), "|" + "|".join("---" for _ in columns) + "|",
                      *(line([cell_text(v) for v in row]) for row in rows)])


def render(columns: list[str], rows: list[tuple], fmt: str = "table", width: int = 40) -> str:
    """Rows in one of `FORMATS`; `width` cuts the cells of the table and Markdown formats only."""
    if fmt == "table":
        return text_table(columns, rows, width)
    if fmt == "markdown":
        return markdown_text(columns, rows, width)
    if fmt == "csv":
        return csv_text(columns, rows)
    if fmt == "json":
        return json_text(columns, rows)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
