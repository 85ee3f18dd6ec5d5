"""KML and KMZ layers (Google My Maps and other mappers): folders of placemarks.

A small mapping file the user edits says what each folder or placemark means: the first rule whose
glob pattern matches the placemark's name, or the name of a folder it sits in, gives its side and
holder. Placemarks no rule matches are left out. See `claims/data/kml_mapping.example.yaml`.
"""

from __future__ import annotations

import fnmatch
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import shapely
import yaml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from shapely.geometry.base import BaseGeometry

from claims.importers.assessment import AssessedArea, ImportFileError, Publisher
from claims.model import Holder, Kind, Side, Verification

_NS = re.compile(r"^\{[^}]*\}")
MAX_KML_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: str
    holder: Holder
    side: Side
    category: str
    verification: Verification


@dataclass(frozen=True, slots=True)
class KmlMapping:
    publisher: Publisher
    rules: tuple[Rule, ...]

    def rule_for(self, names: list[str]) -> Rule | None:
        """The first rule matching any of the names (placemark first, then folders inward-out)."""
        for rule in self.rules:
            if any(fnmatch.fnmatchcase(n.casefold(), rule.pattern.casefold()) for n in names):
                return rule
        return None


@dataclass(frozen=True, slots=True)
class Placemark:
    name: str
    folders: tuple[str, ...]
    shape: BaseGeometry


def read_mapping(path: Path) -> KmlMapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ImportFileError(path.name, f"is not a readable mapping file ({error})") from None
    try:
        return parse_mapping(data)
    except (KeyError, ValueError, TypeError) as error:
        raise ImportFileError(path.name, f"mapping: {error}") from None


def parse_mapping(data: Any) -> KmlMapping:
    """The mapping file's content: who publishes the layer, and rules from names to holders."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ValueError("needs a `rules` list")
    claimant = str(data["claimant"])
    publisher = Publisher(
        claimant=claimant,
        name=str(data.get("publisher", claimant)),
        attribution=str(data.get("attribution", "")),
        url=str(data.get("url", "")),
        licence=str(data.get("licence", "unknown: not redistributed")),
    )
    default_side = Side(data.get("side", Side.INDEPENDENT.value))
    rules = tuple(_rule(r, default_side) for r in data["rules"])
    return KmlMapping(publisher, rules)


def _rule(data: Any, default_side: Side) -> Rule:
    if not isinstance(data, dict):
        raise ValueError(f"rule {data!r} is not a mapping")
    side = Side(data.get("side", default_side.value))
    verification = Verification.ASSESSED_INDEPENDENT
    if side is not Side.INDEPENDENT:
        verification = Verification.CLAIMED_UNVERIFIED
    return Rule(
        pattern=str(data["match"]),
        holder=Holder(data["holder"]),
        side=side,
        category=str(data.get("category", f"marked {data['holder']}")),
        verification=Verification(data.get("verification", verification.value)),
    )


def read_kml(path: Path) -> bytes:
    """The KML document of a .kml file, or the main document inside a .kmz archive."""
    if path.stat().st_size > MAX_KML_BYTES:
        raise ImportFileError(path.name, "is larger than 50 MB: not a layer to import")
    if not zipfile.is_zipfile(path):
        return path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        inner = [n for n in archive.namelist() if n.lower().endswith(".kml")]
        if not inner:
            raise ImportFileError(path.name, "is a KMZ archive without a .kml document")
        main = "doc.kml" if "doc.kml" in inner else inner[0]
        return archive.read(main)


def parse_kml(text: bytes, mapping: KmlMapping) -> list[AssessedArea]:
    """Placemarks the mapping recognises, as assessed areas (lines and points are kept too)."""
    areas = []
    for placemark in placemarks(text):
        rule = mapping.rule_for([placemark.name, *reversed(placemark.folders)])
        if rule is None:
            continue
        kind = Kind.AREA_CONTROL if placemark.shape.geom_type.endswith("Polygon") else Kind.ADVANCE
        layer = " / ".join(placemark.folders)
        areas.append(
            AssessedArea(
                shape=placemark.shape,
                holder=rule.holder,
                category=rule.category,
                layer=layer,
                kind=kind,
                verification=rule.verification,
                side=rule.side,
                label=placemark.name,
            )
        )
    return areas


def placemarks(text: bytes) -> list[Placemark]:
    """Every placemark with a geometry, with the names of the folders it sits in.

    Parsed by defusedxml with DTDs forbidden: a KML layer needs no DOCTYPE, and refusing any
    keeps out entity expansion ("billion laughs") and external entities alike.
    """
    try:
        root = fromstring(text, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ValueError(f"KML with a DOCTYPE or entities is refused ({error})") from None
    except ElementTree.ParseError as error:
        raise ValueError(f"is not valid KML ({error})") from None
    return list(_walk(root, ()))


def _walk(element: ElementTree.Element, folders: tuple[str, ...]) -> Iterator[Placemark]:
    for child in element:
        tag = _tag(child)
        if tag in ("Folder", "Document"):
            name = _text(child, "name")
            inner = (*folders, name) if tag == "Folder" and name else folders
            yield from _walk(child, inner)
        elif tag == "Placemark":
            shape = _geometry(child)
            if shape is not None and not shape.is_empty:
                yield Placemark(_text(child, "name"), folders, shape)


def _geometry(element: ElementTree.Element) -> BaseGeometry | None:
    shapes = [s for child in element if (s := _shape(child)) is not None]
    if not shapes:
        return None
    return shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)


def _shape(element: ElementTree.Element) -> BaseGeometry | None:
    tag = _tag(element)
    if tag == "Point":
        return shapely.Point(_coords(element)[0])
    if tag == "LineString":
        return shapely.LineString(_coords(element))
    if tag == "Polygon":
        outer = [_coords(b) for b in element if _tag(b) == "outerBoundaryIs"]
        inner = [_coords(b) for b in element if _tag(b) == "innerBoundaryIs"]
        polygon = shapely.Polygon(outer[0], inner)
        return polygon if polygon.is_valid else shapely.make_valid(polygon)
    if tag == "MultiGeometry":
        return _geometry(element)
    return None


def _coords(element: ElementTree.Element) -> list[tuple[float, float]]:
    node = next((e for e in element.iter() if _tag(e) == "coordinates"), None)
    if node is None or not (node.text or "").strip():
        raise ValueError(f"a {_tag(element)} without coordinates")
    points = []
    for triple in node.text.split():  # type: ignore[union-attr]
        values = triple.split(",")
        points.append((float(values[0]), float(values[1])))
    return points


def _text(element: ElementTree.Element, tag: str) -> str:
    node = next((c for c in element if _tag(c) == tag), None)
    return " ".join((node.text or "").split()) if node is not None else ""


def _tag(element: ElementTree.Element) -> str:
    return _NS.sub("", element.tag)
