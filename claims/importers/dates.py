"""When a snapshot was taken, read from its file name or from a field."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

# DeepStateMap's history archive names each snapshot by its Unix time: 1723939200.geojson.
_UNIX = re.compile(r"(?<!\d)(\d{10})(?:\.\d+)?(?!\d)")
_ISO = re.compile(r"(?<!\d)(20\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")
# A Unix time before 2022 or after 2035 is not a snapshot of this war.
_EARLIEST, _LATEST = 1_640_995_200, 2_082_758_400


def time_from_name(name: str) -> datetime | None:
    """The time a file name carries (a Unix timestamp or a YYYY-MM-DD / YYYYMMDD date), in UTC."""
    for match in _UNIX.finditer(name):
        seconds = int(match.group(1))
        if _EARLIEST <= seconds <= _LATEST:
            return datetime.fromtimestamp(seconds, tz=UTC)
    iso = _ISO.search(name)
    if iso is None:
        return None
    try:
        day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def time_from_value(value: object) -> datetime | None:
    """A date field's value (ISO text, epoch milliseconds as ArcGIS writes them), in UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return time_from_name(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
