"""The claim record: one dated statement by one claimant, immutable once parsed.

Two clocks are kept apart on every record: `published` is the day the claim was made public,
`refers_to` (to `refers_to_end`) is the day or period the claim is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from shapely.geometry.base import BaseGeometry

from claims.errors import Problem


class Side(StrEnum):
    UKRAINE = "ukraine"
    RUSSIA = "russia"
    INDEPENDENT = "independent"
    OTHER = "other"


class Holder(StrEnum):
    """Who a claim says holds a place."""

    UKRAINE = "ukraine"
    RUSSIA = "russia"
    CONTESTED = "contested"


class Extent(StrEnum):
    """How far a claim says the holder's control goes in the places it names.

    Only `held` paints ground for the holder. Troops that reached, entered or are fighting in a
    place make it contested ground, never held ground: the three are different claims.
    """

    HELD = "held"
    ENTERED = "entered"
    REACHED = "reached"
    FIGHTING = "fighting"


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Kind(StrEnum):
    SETTLEMENT_CONTROL = "settlement_control"
    AREA_CONTROL = "area_control"
    CAPTURE = "capture"
    ADVANCE = "advance"
    ATTACK = "attack"
    REPELLED_ATTACK = "repelled_attack"
    FIGURE = "figure"
    STATEMENT = "statement"


# A repelled attack near a place is fighting at it unless the record says the place is held.
DEFAULT_EXTENT = {Kind.REPELLED_ATTACK: Extent.FIGHTING}

# The two kinds about an attack read `holder` one way each: the side that attacked (`attack`), the
# side that held against it (`repelled_attack`). `Claim.attacker` / `Claim.defender` apply the rule,
# so no reader has to remember which; a contested attacker or defender means nothing and is refused.
ATTACK_KINDS = frozenset({Kind.ATTACK, Kind.REPELLED_ATTACK})
OPPOSITE = {Holder.UKRAINE: Holder.RUSSIA, Holder.RUSSIA: Holder.UKRAINE}

# Kinds that say who holds ground. An advance into named places, or a defence of them, says so too;
# an attack names its target, which says nothing about who holds it.
CONTROL_KINDS = frozenset({Kind.SETTLEMENT_CONTROL, Kind.AREA_CONTROL, Kind.CAPTURE})
PLACE_KINDS = CONTROL_KINDS | {Kind.ADVANCE, Kind.REPELLED_ATTACK}
KINDS_NEEDING_HOLDER = PLACE_KINDS | {Kind.ATTACK}


class Verification(StrEnum):
    CLAIMED_UNVERIFIED = "claimed_unverified"
    PARTIALLY_CORROBORATED = "partially_corroborated"
    CORROBORATED = "corroborated"
    ASSESSED_INDEPENDENT = "assessed_independent"
    DISPUTED = "disputed"
    REFUTED = "refuted"
    RETRACTED = "retracted"


class GeometryOrigin(StrEnum):
    DRAWN_BY_CLAIMANT = "drawn_by_claimant"
    DIGITISED_FROM_NAMED_PLACES = "digitised_from_named_places"
    GAZETTEER_POINT = "gazetteer_point"
    REGION = "region"


class Unit(StrEnum):
    KM2 = "km2"
    SETTLEMENTS = "settlements"
    KM_DEPTH = "km_depth"
    KM_FRONT = "km_front"
    PERSONNEL_KILLED = "personnel_killed"
    PERSONNEL_WOUNDED = "personnel_wounded"
    PERSONNEL_TOTAL = "personnel_total"
    PERSONNEL_CAPTURED = "personnel_captured"
    TANKS = "tanks"
    ARMOURED_VEHICLES = "armoured_vehicles"
    ARTILLERY = "artillery"


class Counts(StrEnum):
    """What a personnel or equipment number counts: losses, or the size of a force that attacked."""

    LOSSES = "losses"
    ATTACKING_FORCE = "attacking_force"


class Basis(StrEnum):
    CUMULATIVE = "cumulative"
    INCREMENTAL = "incremental"


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: Unit
    basis: Basis
    low: float | None = None
    high: float | None = None
    about: Side | None = None
    counts: Counts = Counts.LOSSES


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    publisher: str
    published: date | None
    checked: bool
    copy_of: str = ""  # the original this page copies (a bulletin, a channel, a URL), if a copy


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    language: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an imported assessment came from: the file, its layer, its publisher's credit.

    Ledger records carry none (their `sources` say where each word was read); every claim a store
    hands back carries one, so "imported" is a field to test, never a suffix of a claimant's name
    nor text in `note` to parse back.
    """

    publisher: str
    attribution: str
    licence: str
    source_file: str
    source_sha256: str = ""
    layer: str = ""


@dataclass(frozen=True, slots=True)
class ClaimGeometry:
    shape: BaseGeometry
    origin: GeometryOrigin
    region: str | None = None
    # A region-wide claim "all of it except X and Y": the settlements it leaves to the other side.
    excepted_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claimant: str
    side: Side
    published: date
    refers_to: date
    refers_to_end: date
    precision: Precision
    kind: Kind
    sources: tuple[Source, ...]
    verification: Verification
    holder: Holder | None = None
    settlement_ids: tuple[str, ...] = ()
    geometry: ClaimGeometry | None = None
    figures: tuple[Figure, ...] = ()
    quote: Quote | None = None
    gist: str = ""
    forecast: bool = False
    supersedes: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()
    note: str = ""
    extent: Extent = Extent.HELD
    rollup: bool = False  # sums claims recorded on their own: never counted again
    accepted_by: str = ""  # the account that accepted the record in the dashboard, if it did
    accepted_at: datetime | None = None  # when it did (UTC)
    settlement_names: tuple[str, ...] = field(default=(), compare=False)
    provenance: Provenance | None = None
    # The day its word starts to stand (`timing.effective_day`), worked out once: a picture asks
    # it of every claim in view, ~360,000 times for one day of the 100x synthetic theatre.
    effective: date = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.forecast:
            effective = self.refers_to
        else:
            effective = min(self.refers_to_end, max(self.refers_to, self.published))
        object.__setattr__(self, "effective", effective)

    @property
    def imported(self) -> bool:
        """Whether the claim came from an imported layer (a store), not from the ledger."""
        return self.provenance is not None

    @property
    def attacker(self) -> Holder | None:
        """The side that attacked: `holder` of an attack, the other side of a repelled attack.

        >>> from datetime import date
        >>> day = date(2024, 9, 12)
        >>> said = Claim("x", "MoD", Side.RUSSIA, day, day, day, Precision.DAY,
        ...              Kind.REPELLED_ATTACK, (), Verification.CLAIMED_UNVERIFIED, Holder.RUSSIA)
        >>> said.attacker, said.defender
        (<Holder.UKRAINE: 'ukraine'>, <Holder.RUSSIA: 'russia'>)
        """
        if self.kind is Kind.ATTACK:
            return self.holder
        if self.kind is Kind.REPELLED_ATTACK and self.holder is not None:
            return OPPOSITE.get(self.holder)
        return None

    @property
    def defender(self) -> Holder | None:
        """The side attacked: `holder` of a repelled attack, the other side of an attack."""
        if self.kind is Kind.REPELLED_ATTACK:
            return self.holder
        if self.kind is Kind.ATTACK and self.holder is not None:
            return OPPOSITE.get(self.holder)
        return None

    @property
    def asserts_places(self) -> bool:
        """Whether this claim changes who the claimant says holds ground."""
        has_place = bool(self.settlement_ids) or self.geometry is not None
        return self.holder is not None and has_place and self.kind in PLACE_KINDS

    @property
    def mapped_holder(self) -> Holder | None:
        """The holder the map paints: contested wherever the claim says less than held."""
        if self.holder is None or self.extent is Extent.HELD:
            return self.holder
        return Holder.CONTESTED

    @property
    def weightless(self) -> bool:
        """Refuted or retracted: shown as said, never taken into a composite."""
        return self.verification in (Verification.REFUTED, Verification.RETRACTED)

    @property
    def independent(self) -> bool:
        return self.side is Side.INDEPENDENT


@dataclass(frozen=True, slots=True)
class Ledger:
    """All claim records of one file, in file order, and what reading them warned of."""

    records: tuple[Claim, ...]
    # Settlement names read as a place the gazetteer does not list under that spelling.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def __len__(self) -> int:
        return len(self.records)

    @property
    def imported_claimants(self) -> frozenset[str]:
        """Claimants whose words came from an imported layer (see `Claim.provenance`)."""
        return frozenset(c.claimant for c in self.records if c.imported)

    @property
    def claimants(self) -> tuple[tuple[str, Side], ...]:
        """Each claimant once, with its side, in order of first appearance."""
        seen: dict[str, Side] = {}
        for claim in self.records:
            seen.setdefault(claim.claimant, claim.side)
        return tuple(seen.items())

    @property
    def span(self) -> tuple[date, date]:
        days = [c.refers_to for c in self.records] + [c.published for c in self.records]
        return min(days), max(days)

    def by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.records}
