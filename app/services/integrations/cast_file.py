"""Reading an EPSO CAST export: CSV (UTF-8) or XLSX, streamed row by row, every cell checked.

File-level defects (encoding, an overlong line, too many columns, a missing column) raise
``FileDefect``: the import is refused whole before anything is applied. Row-level defects come
back as rejections (row, column, reason); the other rows are applied.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import TypeAdapter, ValidationError
from python_calamine import CalamineError, CalamineWorkbook

from app.models.integrations_cast import CastRecord, Rejection
from app.models.reference import CountryCode, FunctionGroup

COLUMNS = ("epso_per_id", "last_name", "first_name", "email", "nationality", "function_group",
           "profile", "result", "result_date", "registration_date", "languages")
REQUIRED = ("epso_per_id", "last_name", "first_name", "email", "function_group", "result")
MAX_LINE_CHARS = 64 * 1024
MAX_COLUMNS = 64
MAX_CELL_CHARS = 500
# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PER_ID = re.compile(r"^[0-9]{6,10}$")
_LANGUAGE = re.compile(r"^([A-Z]{2})(?::(A1|A2|B1|B2|C1|C2))?$")
_FG = re.compile(r"^(?:FG\s*)?(I|II|III|IV)$", re.IGNORECASE)
_COUNTRY: TypeAdapter[str] = TypeAdapter(CountryCode)
Row = tuple[int, list[str]]


class FileDefect(Exception):
    """The file cannot be imported at all."""

    def __init__(self, reason: str, row: int = 0) -> None:
        super().__init__(reason)
        self.rejection = Rejection(row=row, reason=reason)


def _csv_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        number = 0

        def lines() -> Iterator[str]:
            nonlocal number
            while True:
                try:
                    line = handle.readline(MAX_LINE_CHARS + 1)
                except UnicodeDecodeError:
                    raise FileDefect("the file is not UTF-8 text", number + 1) from None
                if not line:
                    return
                number += 1
                if len(line) > MAX_LINE_CHARS:
                    raise FileDefect(f"a line is longer than {MAX_LINE_CHARS} characters",
                                     number)
                if "\x00" in line:
                    raise FileDefect("the file holds NUL bytes: not a text file", number)
                yield line

        reader = csv.reader(lines(), strict=True)
        try:
            for row in reader:
                if len(row) > MAX_COLUMNS:
                    raise FileDefect(f"more than {MAX_COLUMNS} columns", reader.line_num)
                yield reader.line_num, row
        except csv.Error as exc:
            raise FileDefect(f"not well-formed CSV ({exc})", reader.line_num) from None


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _xlsx_rows(path: Path) -> Iterator[Row]:
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if len(row) > MAX_COLUMNS and any(v not in ("", None) for v in row[MAX_COLUMNS:]):
                raise FileDefect(f"more than {MAX_COLUMNS} columns", number)
            yield number, [_cell(v) for v in row[:MAX_COLUMNS]]
    except CalamineError as exc:
        raise FileDefect(f"not a readable XLSX workbook ({type(exc).__name__})") from None


def rows(path: Path, file_format: str) -> Iterator[Row]:
    """(row number, cells) for every row, the header first."""
    return _xlsx_rows(path) if file_format == "xlsx" else _csv_rows(path)


def column_index(header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Where each of our columns is in this file; FileDefect naming the missing ones."""
    names = {name.strip().lower(): i for i, name in enumerate(header)}
    index: dict[str, int] = {}
    for column in COLUMNS:
        theirs = mapping.get(column, column).strip().lower()
        if theirs in names:
            index[column] = names[theirs]
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise FileDefect(f"missing columns: {', '.join(missing)} (give a column mapping if "
                         "the file names them otherwise)", 1)
    return index


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_row(number: int, cells: list[str], index: dict[str, int]
              ) -> CastRecord | Rejection:
    """One data row as a record, or the first reason it is refused."""
    values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
    for column, value in values.items():
        if value.startswith(_FORMULA_START):
            return Rejection(row=number, column=column,
                             reason="a cell that starts like a formula is refused")
        if len(value) > MAX_CELL_CHARS:
            return Rejection(row=number, column=column, reason="the cell is too long")
    for column in REQUIRED:
        if not values.get(column):
            return Rejection(row=number, column=column, reason="required")
    if not _PER_ID.match(values["epso_per_id"]):
        return Rejection(row=number, column="epso_per_id", reason="not an EPSO Per-ID "
                                                                  "(6 to 10 digits)")
    try:
        email = validate_email(values["email"], check_deliverability=False).normalized
    except EmailNotValidError:
        return Rejection(row=number, column="email", reason="not an e-mail address")
    group = _FG.match(values["function_group"].replace(" ", ""))
    if group is None:
        return Rejection(row=number, column="function_group", reason="not FG I, II, III or IV")
    result = values["result"].lower()
    if result not in ("passed", "failed"):
        return Rejection(row=number, column="result", reason="must be passed or failed")
    nationality = values.get("nationality") or None
    if nationality:
        try:
            nationality = _COUNTRY.validate_python(nationality.upper())
        except ValidationError:
            return Rejection(row=number, column="nationality", reason="not an ISO 3166 code")
    dates: dict[str, date | None] = {}
    for column in ("result_date", "registration_date"):
        try:
            dates[column] = _date(values.get(column, ""))
        except ValueError:
            return Rejection(row=number, column=column, reason="not a date (YYYY-MM-DD)")
    languages = [part.strip().upper() for part in values.get("languages", "").split(";")
                 if part.strip()]
    if any(not _LANGUAGE.match(code) for code in languages):
        return Rejection(row=number, column="languages", reason="write languages as EN:C1;FR:B2")
    return CastRecord(per_id=values["epso_per_id"], last_name=values["last_name"],
                      first_name=values["first_name"], email=email.lower(),
                      nationality=nationality,
                      function_group=FunctionGroup(f"FG{group.group(1).upper()}").value,
                      profile=values.get("profile") or None, result=result,
                      languages=languages, **dates)


def record_hash(record: CastRecord) -> str:
    """A digest of the record's content: equal digests mean nothing changed."""
    body = json.dumps(record.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()
