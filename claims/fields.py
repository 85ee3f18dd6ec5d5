"""Readers for single fields of a raw record. Each returns a value or reports one problem.

They collect problems instead of raising, so one pass over a ledger reports every problem in it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from claims.errors import Problem

E = TypeVar("E", bound=StrEnum)
EARLIEST_DATE = date(1991, 1, 1)
# A time written in UTC can fall on the day after a server's local "today" (evening west of
# Greenwich): a day of slack, so a record accepted a minute ago is never "in the future".
CLOCK_SLACK = timedelta(days=1)


class FieldReader:
    """Reads the fields of one raw record, collecting a problem per bad field."""

    def __init__(self, record_id: str, raw: dict[str, object], today: date) -> None:
        self.record_id = record_id
        self.raw = raw
        self.today = today
        self.problems: list[Problem] = []
        # What is worth saying but does not reject the record (a settlement name guessed).
        self.warnings: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.record_id, field, message))

    def text(self, field: str, *, required: bool = True, value: object = None) -> str:
        value = self.raw.get(field) if value is None else value
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(field, "is missing")
            return ""
        if not isinstance(value, str):
            self.problem(field, f"must be text, got {type(value).__name__}")
            return ""
        return value.strip()

    def day(self, field: str, *, required: bool = True, value: object = None) -> date | None:
        value = self.raw.get(field) if value is None else value
        if value is None:
            if required:
                self.problem(field, "is missing")
            return None
        parsed = _as_date(value)
        if parsed is None:
            self.problem(field, f"{value!r} is not a date (use YYYY-MM-DD)")
        elif parsed > self.today:
            self.problem(field, f"{parsed} is in the future (today is {self.today})")
        elif parsed < EARLIEST_DATE:
            self.problem(field, f"{parsed} is before {EARLIEST_DATE}: not a date of this conflict")
        else:
            return parsed
        return None

    def moment(self, field: str) -> datetime | None:
        """An optional point in time with its time zone (`2026-12-01T15:52:00Z`)."""
        value = self.raw.get(field)
        if value is None:
            return None
        moment = _as_moment(value)
        if moment is None:
            self.problem(field, f"{value!r} is not a time with a zone (use 2026-12-01T15:52:00Z)")
        elif moment.date() > self.today + CLOCK_SLACK:
            self.problem(field, f"{moment:%Y-%m-%d} is in the future (today is {self.today})")
        else:
            return moment
        return None

    def choice(self, field: str, enum: type[E], *, required: bool = True) -> E | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                self.problem(field, "is missing")
            return None
        try:
            return enum(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.problem(field, f"{value!r} is not one of: {allowed}")
            return None

    def flag(self, field: str, *, value: object = None, default: bool = False) -> bool:
        value = self.raw.get(field) if value is None else value
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(field, f"must be true or false, got {value!r}")
            return default
        return value

    def number(self, field: str, value: object, *, required: bool = True) -> float | None:
        if value is None:
            if required:
                self.problem(field, "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(field, f"{value!r} is not a number")
            return None
        try:
            number = float(str(value).replace(",", "").replace("_", ""))
        except ValueError:
            self.problem(field, f"{value!r} is not a number")
            return None
        if not math.isfinite(number):
            self.problem(field, f"{value!r} is not a finite number")
            return None
        if number < 0:
            self.problem(field, f"{value!r} is negative")
            return None
        return number

    def text_list(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(field, "must be a list of text")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def mapping(self, field: str, value: object) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.problem(field, f"must be a mapping, got {type(value).__name__}")
            return None
        return {str(k): v for k, v in value.items()}

    def each(self, field: str, parse: Callable[[str, object], object | None]) -> list[object]:
        value = self.raw.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(field, "must be a list")
            return []
        parsed = (parse(f"{field}[{n}]", item) for n, item in enumerate(value))
        return [p for p in parsed if p is not None]


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):  # YAML reads "2024-08-20 10:00:00" as a datetime
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _as_moment(value: object) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    return None
