"""Turn raw ledger data (already loaded from YAML) into validated, immutable claim records.

`parse_ledger` reports every problem it finds and raises once, so a ledger is used whole or not at
all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import cast
from urllib.parse import urlsplit

from shapely.geometry.base import BaseGeometry

from claims.errors import LedgerError, Problem
from claims.fields import E, FieldReader
from claims.geometry_field import parse_geometry
from claims.model import (
    ATTACK_KINDS,
    DEFAULT_EXTENT,
    KINDS_NEEDING_HOLDER,
    PLACE_KINDS,
    Basis,
    Claim,
    ClaimGeometry,
    Counts,
    Extent,
    Figure,
    Holder,
    Kind,
    Ledger,
    Precision,
    Quote,
    Side,
    Source,
    Unit,
    Verification,
)
from claims.view_names import RESERVED_VIEW_NAMES
from geodata.gazetteer import Gazetteer, SettlementNotFoundError

RECORD_FIELDS = frozenset(
    {
        "id", "claimant", "side", "published", "refers_to", "refers_to_end", "precision", "kind",
        "holder", "settlements", "geometry", "figures", "quote", "gist", "sources", "verification",
        "forecast", "supersedes", "contradicts", "note", "extent", "rollup",
        "accepted_by", "accepted_at",
    }
)  # fmt: skip
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")
AREA_UNITS = frozenset({Unit.KM2, Unit.SETTLEMENTS, Unit.KM_DEPTH, Unit.KM_FRONT})
# Hosts that serve copies of other sites' pages (wiki mirrors, translation mirrors, proxies): a
# source must name the page its publisher serves.
MIRROR_HOSTS = frozenset(
    {
        "wikizero.net", "wikimili.com", "perceptiode.com", "de.zxc.wiki", "zxc.wiki",
        "wiki.undernet.uy", "undernet.uy", "wikipedia-on-ipfs.org", "azureedge.net",
        "wiki.riteme.site", "riteme.site", "jablog.org", "wikisort.org", "dukovany.cz",
        "jakami.de", "siakadpt.com", "eswikiai.wiki", "wiki2.org", "wikiwand.com",
        "translate.goog",
    }
)  # fmt: skip
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What a ledger is checked against: the gazetteer, the named regions, the theatre, today."""

    gazetteer: Gazetteer
    regions: Mapping[str, BaseGeometry]
    theatre: BaseGeometry
    today: date


def parse_ledger(data: object, context: ParseContext, *, source: str = "ledger") -> Ledger:
    """Validate raw ledger data whole; raise `LedgerError` listing every problem.

    Parameters
    ----------
    data
        What the YAML held: ``{"records": [...]}`` or a bare list of records.
    context
        The gazetteer, regions, theatre extent and today, records are checked against.
    source
        The file's name, for the error.

    Returns
    -------
    Ledger
        Every record parsed, in file order. Raises `LedgerError` naming each problem (record, field,
        message) when any record is bad: a ledger is taken whole or not at all.
    """
    raw_records, problems = _record_list(data)
    claims: list[Claim] = []
    warnings: list[Problem] = []
    for index, raw in enumerate(raw_records):
        claim, record_problems, record_warnings = _parse_record(raw, context, position=index)
        problems.extend(record_problems)
        warnings.extend(record_warnings)
        if claim is not None:
            claims.append(claim)
    problems.extend(_cross_record_problems(raw_records, claims))
    if problems:
        raise LedgerError(source, problems)
    return Ledger(tuple(claims), warnings=tuple(warnings))


def parse_record(
    raw: object, context: ParseContext, *, position: int = 0
) -> tuple[Claim | None, list[Problem]]:
    """One record: the claim, or None with the problems that stopped it.

    Parameters
    ----------
    raw
        One record as read from YAML.
    context
        What it is checked against.
    position
        Its place in the file, to name a record that has no id.

    Returns
    -------
    tuple
        The claim (`None` when it cannot be built) and every problem found.
    """
    claim, problems, _ = _parse_record(raw, context, position=position)
    return claim, problems


def _parse_record(
    raw: object, context: ParseContext, *, position: int
) -> tuple[Claim | None, list[Problem], list[Problem]]:
    """One record: the claim or None, the problems that stopped it, and its warnings."""
    if not isinstance(raw, dict):
        label = f"#{position + 1}"
        return None, [Problem(label, "record", f"must be a mapping, got {type(raw).__name__}")], []
    record = {str(k): v for k, v in raw.items()}
    record_id = _record_label(record, position)
    reader = FieldReader(record_id, record, context.today)
    for unknown in sorted(set(record) - RECORD_FIELDS):
        reader.problem(unknown, "is not a field of a claim record (misspelt?)")
    claim = _build_claim(reader, context)
    return (claim if not reader.problems else None), reader.problems, reader.warnings


def _build_claim(reader: FieldReader, context: ParseContext) -> Claim | None:
    record_id = reader.text("id")
    if record_id and not ID_PATTERN.match(record_id):
        reader.problem("id", f"{record_id!r} must be lower-case letters, digits, '-', '.' or '_'")
    published = reader.day("published")
    refers_to = reader.day("refers_to")
    refers_to_end = reader.day("refers_to_end", required=False) or refers_to
    kind = reader.choice("kind", Kind)
    holder = reader.choice("holder", Holder, required=False)
    extent = reader.choice("extent", Extent, required=False)
    forecast = reader.flag("forecast")
    _check_clocks(reader, published, refers_to, refers_to_end, forecast=forecast)
    settlement_names = reader.text_list("settlements")
    settlement_ids = _resolve_settlements(reader, settlement_names, context.gazetteer)
    geometry = _geometry(reader, context)
    figures = tuple(cast(list[Figure], reader.each("figures", lambda f, v: _figure(reader, f, v))))
    sources = tuple(cast(list[Source], reader.each("sources", lambda f, v: _source(reader, f, v))))
    if not sources and not reader.raw.get("sources") and "sources" not in _fields(reader):
        reader.problem("sources", "is missing: every claim needs at least one source")
    _check_kind_needs(reader, kind, holder, settlement_ids, geometry, figures)
    claim_fields = {
        "claimant": _claimant(reader),
        "side": reader.choice("side", Side),
        "precision": reader.choice("precision", Precision, required=False) or Precision.DAY,
        "verification": reader.choice("verification", Verification),
        "quote": _quote(reader),
        "gist": reader.text("gist", required=False),
        "supersedes": reader.text_list("supersedes"),
        "contradicts": reader.text_list("contradicts"),
        "note": reader.text("note", required=False),
        "rollup": reader.flag("rollup"),
        "accepted_by": reader.text("accepted_by", required=False),
        "accepted_at": reader.moment("accepted_at"),
    }
    if reader.problems:
        return None
    assert published and refers_to and refers_to_end and kind
    extent = extent or DEFAULT_EXTENT.get(kind, Extent.HELD)
    return Claim(
        id=record_id,
        published=published,
        refers_to=refers_to,
        refers_to_end=refers_to_end,
        kind=kind,
        holder=holder,
        extent=extent,
        forecast=forecast,
        settlement_ids=settlement_ids,
        settlement_names=settlement_names,
        geometry=geometry,
        figures=figures,
        sources=sources,
        **claim_fields,  # type: ignore[arg-type]
    )


def _check_clocks(
    reader: FieldReader,
    published: date | None,
    refers_to: date | None,
    refers_to_end: date | None,
    *,
    forecast: bool,
) -> None:
    if refers_to and refers_to_end and refers_to_end < refers_to:
        reader.problem("refers_to_end", f"{refers_to_end} is before refers_to {refers_to}")
    if published and refers_to and refers_to > published and not forecast:
        reader.problem(
            "refers_to",
            f"{refers_to} is after the claim was published ({published}); "
            "a claim cannot report what had not happened yet unless it is marked forecast: true",
        )


def _resolve_settlements(
    reader: FieldReader, names: tuple[str, ...], gazetteer: Gazetteer, field: str = "settlements"
) -> tuple[str, ...]:
    ids: list[str] = []
    for name in names:
        try:
            resolution = gazetteer.resolution(name)
        except SettlementNotFoundError as error:
            reader.problem(field, str(error))
            continue
        settlement = resolution.settlement
        if not resolution.as_listed:
            reader.warnings.append(
                Problem(reader.record_id, field, f"{resolution}: not a listed spelling, guessed")
            )
        if settlement.id not in ids:
            ids.append(settlement.id)
    return tuple(ids)


def _fields(reader: FieldReader) -> set[str]:
    return {p.field for p in reader.problems}


def _geometry(reader: FieldReader, context: ParseContext) -> ClaimGeometry | None:
    raw = reader.raw.get("geometry")
    if raw is None:
        return None
    spec = reader.mapping("geometry", raw)
    if spec is None:
        return None
    shape_spec = {k: v for k, v in spec.items() if k != "except"}
    geometry, problems = parse_geometry(
        shape_spec, regions=context.regions, theatre=context.theatre
    )
    for field, message in problems:
        reader.problem(field, message)
    if "except" not in spec or geometry is None:
        return geometry
    if geometry.region is None:
        reader.problem("geometry.except", "goes only with a region: 'all of the region except …'")
        return None
    names = FieldReader(reader.record_id, {"geometry.except": spec["except"]}, reader.today)
    excepted_names = names.text_list("geometry.except")
    reader.problems.extend(names.problems)
    excepted = _resolve_settlements(reader, excepted_names, context.gazetteer, "geometry.except")
    return replace(geometry, excepted_ids=excepted)


def _check_kind_needs(
    reader: FieldReader,
    kind: Kind | None,
    holder: Holder | None,
    settlement_ids: tuple[str, ...],
    geometry: ClaimGeometry | None,
    figures: tuple[Figure, ...],
) -> None:
    if kind is None:
        return
    if kind in KINDS_NEEDING_HOLDER and holder is None and "holder" not in reader.raw:
        reader.problem("holder", f"is missing: a {kind.value} claim must say which side")
    if kind in ATTACK_KINDS and holder is Holder.CONTESTED:
        role = "attacker" if kind is Kind.ATTACK else "defender"
        reader.problem(
            "holder", f"is the {role} of this {kind.value}: ukraine or russia, not contested"
        )
    named = bool(settlement_ids) or bool(
        reader.raw.get("geometry") or reader.raw.get("settlements")
    )
    if kind in PLACE_KINDS - {Kind.ADVANCE, Kind.REPELLED_ATTACK} and not named:
        reader.problem("settlements", f"a {kind.value} claim must name settlements or a geometry")
    if kind is Kind.FIGURE and not figures and "figures" not in reader.raw:
        reader.problem("figures", "is missing: a figure claim must state at least one figure")


def _figure(reader: FieldReader, field: str, raw: object) -> Figure | None:
    spec = reader.mapping(field, raw)
    if spec is None:
        return None
    before = len(reader.problems)
    value = reader.number(f"{field}.value", spec.get("value"))
    low = reader.number(f"{field}.low", spec.get("low"), required=False)
    high = reader.number(f"{field}.high", spec.get("high"), required=False)
    unit = _choice_in(reader, f"{field}.unit", spec.get("unit"), Unit)
    basis = _choice_in(reader, f"{field}.basis", spec.get("basis", "cumulative"), Basis)
    about = _choice_in(reader, f"{field}.about", spec.get("about"), Side, required=False)
    counts = _choice_in(reader, f"{field}.counts", spec.get("counts", "losses"), Counts)
    for name in sorted(set(spec) - {"value", "low", "high", "unit", "basis", "about", "counts"}):
        reader.problem(f"{field}.{name}", "is not a field of a figure")
    if value is not None and low is not None and low > value:
        reader.problem(f"{field}.low", f"{low:g} is above the value {value:g}")
    if value is not None and high is not None and high < value:
        reader.problem(f"{field}.high", f"{high:g} is below the value {value:g}")
    if counts is Counts.ATTACKING_FORCE and unit in AREA_UNITS:
        reader.problem(f"{field}.counts", f"an attacking force is not counted in {unit.value}")
    if len(reader.problems) > before or value is None or unit is None or basis is None:
        return None
    return Figure(
        value=value, unit=unit, basis=basis, low=low, high=high, about=about,
        counts=counts or Counts.LOSSES,
    )  # fmt: skip


def _source(reader: FieldReader, field: str, raw: object) -> Source | None:
    spec = reader.mapping(field, raw)
    if spec is None:
        return None
    before = len(reader.problems)
    url = reader.text(f"{field}.url", value=spec.get("url"))
    if url and not URL_PATTERN.match(url):
        reader.problem(f"{field}.url", f"{url!r} is not an http(s) address")
    elif url:
        _check_host(reader, f"{field}.url", url)
    publisher = reader.text(f"{field}.publisher", value=spec.get("publisher"))
    published = reader.day(f"{field}.published", required=False, value=spec.get("published"))
    checked = reader.flag(f"{field}.checked", value=spec.get("checked"))
    copy_of = reader.text(f"{field}.copy_of", required=False, value=spec.get("copy_of"))
    for name in sorted(set(spec) - {"url", "publisher", "published", "checked", "copy_of"}):
        reader.problem(f"{field}.{name}", "is not a field of a source")
    if len(reader.problems) > before:
        return None
    return Source(
        url=url, publisher=publisher, published=published, checked=checked, copy_of=copy_of
    )


def _check_host(reader: FieldReader, field: str, url: str) -> None:
    """A source is the page as its publisher serves it: no malformed host, no proxy mirror."""
    host = (urlsplit(url).hostname or "").lower()
    problem = _host_problem(host)
    if problem:
        reader.problem(field, f"{url!r} {problem}")


@lru_cache(maxsize=4096)
def _host_problem(host: str) -> str:
    """What is wrong with a source's host, "" if nothing; a ledger cites few hosts many times."""
    if not host or host.endswith(".") or ".." in host or "." not in host:
        return f"has a malformed host {host!r}"
    if any(host == m or host.endswith("." + m) for m in MIRROR_HOSTS):
        return f"is a mirror or proxy ({host}): cite the original page"
    return ""


def _quote(reader: FieldReader) -> Quote | None:
    raw = reader.raw.get("quote")
    if raw is None:
        return None
    if isinstance(raw, str):
        return Quote(text=raw.strip(), language="")
    spec = reader.mapping("quote", raw)
    if spec is None:
        return None
    text = reader.text("quote.text", value=spec.get("text"))
    language = reader.text("quote.language", required=False, value=spec.get("language"))
    return Quote(text=text, language=language.lower())


def _choice_in(
    reader: FieldReader, field: str, value: object, enum: type[E], *, required: bool = True
) -> E | None:
    sub = FieldReader(reader.record_id, {field: value}, reader.today)
    result = sub.choice(field, enum, required=required)
    reader.problems.extend(sub.problems)
    return result


def _record_list(data: object) -> tuple[list[object], list[Problem]]:
    if isinstance(data, dict) and "records" in data:
        data = data["records"]
    if data is None:
        return [], [Problem("ledger", "records", "the ledger holds no records")]
    if not isinstance(data, list):
        kind = type(data).__name__
        return [], [Problem("ledger", "records", f"must be a list of records, got {kind}")]
    return list(data), []


def _record_label(record: dict[str, object], position: int) -> str:
    value = record.get("id")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return f"#{position + 1} (no id)"


def _cross_record_problems(raw_records: list[object], claims: list[Claim]) -> list[Problem]:
    ids = [str(r.get("id")).strip() for r in raw_records if isinstance(r, dict) and r.get("id")]
    problems = [
        Problem(record_id, "id", f"is used by {count} records; ids must be unique")
        for record_id, count in Counter(ids).items()
        if count > 1
    ]
    known = set(ids)
    for claim in claims:
        for field, targets in (
            ("supersedes", claim.supersedes),
            ("contradicts", claim.contradicts),
        ):
            for target in targets:
                if target not in known:
                    problems.append(Problem(claim.id, field, f"names unknown record {target!r}"))
                elif target == claim.id:
                    problems.append(Problem(claim.id, field, "names the record itself"))
    return problems


def _claimant(reader: FieldReader) -> str:
    """The claimant's name, which must not be one of the views the engine names itself."""
    name = reader.text("claimant")
    if name in RESERVED_VIEW_NAMES:
        reader.problem("claimant", f"{name!r} is the name of a view the map makes, not a claimant")
    return name
