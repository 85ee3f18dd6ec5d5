"""The second clock: the day or period a claim refers to, resolved against the day it was published.

Phrases are found with patterns per language ("on Sunday", "в воскресенье", "у неділю", "last week",
"in August", "over the past five months", "since the start of the operation", "13 серпня");
the calendar words in them are resolved by `dateparser` (weekday and month names, "five months ago"
in all three languages), with inflected Russian and Ukrainian forms brought to their dictionary
form by `pymorphy3` first ("в августе" -> "август", "у серпні" -> "серпень", "в неділю" -> "неділя").
No network: dateparser's language data and pymorphy3's dictionaries ship inside the packages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import dateparser

from claims.extract.morphology import lemma

# The Kursk operation began on 6 August 2024: "since the start of the operation" counts from here.
OPERATION_START = date(2024, 8, 6)
DAY, WEEK, MONTH = "day", "week", "month"


@dataclass(frozen=True, slots=True)
class ReferredDate:
    """A period a phrase names: first and last day, how exact, where it was said."""

    start: date
    end: date
    precision: str
    span_start: int
    span_end: int
    confidence: float


Resolver = Callable[["re.Match[str]", date, str], tuple[date, date, str] | None]

_WEEKDAYS_EN = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAYS_RU = r"понедельник|вторник|сред[ау]|четверг|пятниц[ау]|суббот[ау]|воскресенье"
_WEEKDAYS_UK = r"понеділок|вівторок|серед[ау]|четвер|п['’ʼ]?ятниц[юя]|субот[уа]|неділ[юя]"
_MONTHS_EN = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?"
)
_MONTHS_RU = r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[яйе]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"
_MONTHS_UK = r"січн\w*|лют\w*|березн\w*|квітн\w*|травн\w*|червн\w*|липн\w*|серпн\w*|серпень|вересн\w*|вересень|жовтн\w*|жовтень|листопад\w*|грудн\w*|грудень"
_NUMBER_WORD = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"одн\w+|дв\w+|тр\w+|четыр\w+|пят\w+|шест\w+|сем\w+|восем\w+|девят\w+|десят\w+|"
    r"чотир\w+|п['’ʼ]ят\w+|шіст\w+|сім\w*|вісім\w*|дев['’ʼ]ят\w+|десят\w+"
)


def _weekday(match: re.Match[str], published: date, language: str) -> tuple[date, date, str] | None:
    # The latest such weekday on or before publication: "on Monday" in a Monday report is that day.
    day = _calendar_word(match["word"], language, published + timedelta(days=1))
    return (day, day, DAY) if day else None


def _month(match: re.Match[str], published: date, language: str) -> tuple[date, date, str] | None:
    day = _calendar_word(match["word"], language, published + timedelta(days=1))
    if day is None:
        return None
    year = int(match["year"]) if match.groupdict().get("year") else day.year
    if year > published.year or (year == published.year and day.month > published.month):
        year -= 1
    first = date(year, day.month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if match.groupdict().get("mid") is not None:
        middle = first.replace(day=15)
        return middle, middle, WEEK
    return first, min(last, published), MONTH


def _explicit(
    match: re.Match[str], published: date, language: str
) -> tuple[date, date, str] | None:
    parsed = _parse(match.group(0), language, published + timedelta(days=1))
    if parsed is None or parsed.date() > published:
        return None
    return parsed.date(), parsed.date(), DAY


def _past_period(
    match: re.Match[str], published: date, language: str
) -> tuple[date, date, str] | None:
    count = match.groupdict().get("count") or "1"
    unit = match["unit"].lower()
    precision = MONTH if unit.startswith(("month", "месяц", "місяц")) else DAY
    if unit.startswith(("week", "недел", "тижн", "тижд")):
        precision = WEEK
    ago = {"en": "ago", "ru": "назад", "uk": "тому"}[language]
    parsed = _parse(f"{count} {_unit_word(unit, language)} {ago}", language, published)
    if parsed is None:
        return None
    return parsed.date(), published, precision


def _past_day(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    """ "in the past day", "за сутки", "протягом доби": the 24 hours straddle two calendar days."""
    count = match.groupdict().get("count")
    days = _small_number(count) if count else 1
    return published - timedelta(days=max(days - 1, 1)), published, DAY


def _yesterday(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    day = published - timedelta(days=1)
    return day, day, DAY


def _today(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    return published, published, DAY


def _last_week(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    monday = published - timedelta(days=published.weekday() + 7)
    return monday, monday + timedelta(days=6), WEEK


def _last_month(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    last_day = published.replace(day=1) - timedelta(days=1)
    return last_day.replace(day=1), last_day, MONTH


def _this_week(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    return published - timedelta(days=6), published, WEEK


def _since_start(match: re.Match[str], published: date, language: str) -> tuple[date, date, str]:
    return min(OPERATION_START, published), published, DAY


_WORD_END = r"(?![\w'’ʼ])"
# (pattern, resolver, confidence), per language; the first pattern to match a stretch wins.
_PATTERNS: dict[str, list[tuple[str, Resolver, float]]] = {
    "en": [
        (r"\bsince the (?:start|beginning) of (?:the |its |their )?(?:operation|offensive|incursion|fighting|hostilities)", _since_start, 0.9),
        (rf"\b(?:over|in|during|for) the (?:past|last) (?:almost |nearly |about |some )?(?P<count>{_NUMBER_WORD}) (?P<unit>days?|weeks?|months?)\b", _past_period, 0.85),
        (r"\b(?:over|in|during) the (?:past|last) (?:day|24 hours)\b|\bover the past 24 hours\b|\bovernight\b", _past_day, 0.8),
        (r"\b(?:over|in|during) the (?:past|last) week\b|\bthis week\b", _this_week, 0.8),
        (r"\blast week\b", _last_week, 0.85),
        (r"\blast month\b", _last_month, 0.8),
        (r"\byesterday\b", _yesterday, 0.9),
        (r"\btoday\b", _today, 0.8),
        (rf"\b(?:on|last|late on|early on) (?P<word>{_WEEKDAYS_EN})\b", _weekday, 0.9),
        (rf"\b(?:(?P<day>\d{{1,2}}) (?:{_MONTHS_EN})|(?:{_MONTHS_EN}) (?P<day2>\d{{1,2}}))\b(?:,? (?P<year>20\d\d))?", _explicit, 0.9),
        (rf"\b(?:in )?(?P<mid>mid-)(?P<word>{_MONTHS_EN})\b", _month, 0.7),
        (rf"\b(?:in|during|for) (?:early |late )?(?P<word>{_MONTHS_EN})\b(?: (?P<year>20\d\d))?", _month, 0.8),
    ],
    "ru": [
        (r"\b(?:с начала|за время) (?:специальной военной )?(?:операции|боевых действий|боёв|боев|вторжения|наступления)", _since_start, 0.9),
        (rf"\bза (?:последние |прошедшие )?(?:почти |около |более )?(?P<count>{_NUMBER_WORD}) (?P<unit>дн\w+|дня|недел\w+|месяц\w*){_WORD_END}", _past_period, 0.85),
        (rf"\b(?:в течение|за) (?P<count>{_NUMBER_WORD}) суток\b", _past_day, 0.85),
        (r"\bза (?:последние |прошедшие |минувшие )?сутки\b|\bминувшей ночью\b|\bв течение суток\b", _past_day, 0.8),
        (r"\bна прошлой неделе\b", _last_week, 0.85),
        (r"\b(?:в прошлом|в прошедшем|в минувшем) месяце\b", _last_month, 0.8),
        (r"\b(?:за|на) (?:этой|текущей|прошедшую|минувшую) неделе?\w*\b|\bза неделю\b", _this_week, 0.8),
        (r"\bвчера\b|\bнакануне\b", _yesterday, 0.85),
        (r"\bсегодня\b", _today, 0.8),
        (rf"\bв?о? ?(?P<word>{_WEEKDAYS_RU}){_WORD_END}", _weekday, 0.85),
        (rf"\b(?P<day>\d{{1,2}}) (?P<word>{_MONTHS_RU})(?: (?P<year>20\d\d))?", _explicit, 0.9),
        (rf"\bв середине (?P<mid>)(?P<word>{_MONTHS_RU})", _month, 0.7),
        (rf"\b(?:в|за) (?P<word>{_MONTHS_RU})(?: (?P<year>20\d\d))?", _month, 0.8),
    ],
    "uk": [
        (r"(?:з початку|від початку|за час) (?:курської )?(?:операції|бойових дій|наступу|вторгнення)", _since_start, 0.9),
        (rf"\bза (?:останні |минулі )?(?:майже |близько |понад )?(?P<count>{_NUMBER_WORD}) (?P<unit>дн\w+|дні|тижн\w+|тижд\w+|місяц\w*|місяці){_WORD_END}", _past_period, 0.85),
        (r"\bвід початку (?:поточної )?доби", _today, 0.85),
        (r"\b(?:за (?:останню |минулу )?добу|протягом (?:минулої )?доби|минулої ночі)", _past_day, 0.8),
        (r"\bминулого тижня\b|\bна минулому тижні\b", _last_week, 0.85),
        (r"\bминулого місяця\b|\bу минулому місяці\b", _last_month, 0.8),
        (r"\bза (?:цей |минулий )?тиждень\b|\bцього тижня\b", _this_week, 0.8),
        (r"\bвчора\b|\bучора\b|\bнапередодні\b", _yesterday, 0.85),
        (r"\bсьогодні\b", _today, 0.8),
        (rf"(?:\b[ву] )?(?P<word>{_WEEKDAYS_UK}){_WORD_END}", _weekday, 0.85),
        (rf"\b(?P<day>\d{{1,2}}) (?P<word>{_MONTHS_UK})(?: (?P<year>20\d\d))?", _explicit, 0.9),
        (rf"\bв середині (?P<mid>)(?P<word>{_MONTHS_UK})", _month, 0.7),
        (rf"\b(?:[ву]|за) (?P<word>{_MONTHS_UK})(?: (?P<year>20\d\d))?", _month, 0.8),
    ],
}  # fmt: skip
_COMPILED = {
    language: [(re.compile(p, re.IGNORECASE), resolve, conf) for p, resolve, conf in patterns]
    for language, patterns in _PATTERNS.items()
}


def referred_dates(text: str, published: date, language: str) -> list[ReferredDate]:
    """Every date phrase of `text`, resolved against `published`, in order of position."""
    found: list[ReferredDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, resolve, confidence in _COMPILED.get(language, _COMPILED["en"]):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            period = resolve(match, published, language)
            if period is None:
                continue
            start, end, precision = period
            taken.append((match.start(), match.end()))
            found.append(
                ReferredDate(start, end, precision, match.start(), match.end(), confidence)
            )
    return sorted(found, key=lambda d: d.span_start)


def _calendar_word(word: str, language: str, base: date) -> date | None:
    parsed = _parse(_dictionary_form(word, language), language, base)
    return parsed.date() if parsed else None


def _dictionary_form(word: str, language: str) -> str:
    if language == "en":
        return word.rstrip(".")
    return lemma(word.lower(), language)


def _unit_word(unit: str, language: str) -> str:
    # dateparser reads "пять месяцев назад"; bring "месяца"/"місяців" to a form it knows.
    if language == "en":
        return unit
    stem = unit.lower()
    table = {
        "ru": (("месяц", "месяцев"), ("недел", "недель"), ("дн", "дней"), ("дня", "дней")),
        "uk": (
            ("місяц", "місяців"),
            ("тижн", "тижнів"),
            ("тижд", "тижнів"),
            ("дн", "днів"),
            ("дні", "днів"),
        ),
    }[language]
    return next((full for prefix, full in table if stem.startswith(prefix)), unit)


@cache
def _parse_cached(phrase: str, language: str, base: date) -> datetime | None:
    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": [],
    }
    result: datetime | None = dateparser.parse(phrase, languages=[language], settings=settings)
    return result


def _parse(phrase: str, language: str, base: date) -> datetime | None:
    return _parse_cached(phrase, language, base)


_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "одн": 1, "дв": 2, "тр": 3, "четыр": 4, "чотир": 4, "пят": 5, "п'ят": 5, "шест": 6, "шіст": 6,
}  # fmt: skip


def _small_number(word: str) -> int:
    if word.isdigit():
        return int(word)
    folded = word.lower().replace("’", "'").replace("ʼ", "'")
    return next((n for prefix, n in _SMALL.items() if folded.startswith(prefix)), 1)
