"""claims.importers.kml: Google My Maps style KML and KMZ, read through a mapping file."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from shapely.testing import assert_geometries_equal

from claims.importers.kml import parse_kml, parse_mapping, placemarks, read_kml, read_mapping
from claims.model import Holder, Kind, Side, Verification

DATA = Path(__file__).resolve().parent / "data" / "import"
KML = DATA / "mymaps_kursk_2024-08-25.kml"
KMZ = DATA / "mymaps_kursk_2024-09-12.kmz"
EXAMPLE = Path(__file__).resolve().parents[1] / "claims" / "data" / "kml_mapping.example.yaml"


def test_placemarks_keep_their_folders() -> None:
    found = {p.name: p.folders for p in placemarks(read_kml(KML))}
    assert found == {
        "Sudzha pocket": ("Ukrainian held",),
        "West flank": ("Contested",),
        "Snagost area": ("Russia retaken", "September"),
        "Field HQ": ("Notes",),
    }


def test_example_mapping_maps_folders_to_holders() -> None:
    areas = parse_kml(read_kml(KML), read_mapping(EXAMPLE))
    assert {a.label: a.holder for a in areas} == {
        "Sudzha pocket": Holder.UKRAINE,
        "West flank": Holder.CONTESTED,
        "Snagost area": Holder.RUSSIA,
    }
    assert all(a.side is Side.INDEPENDENT and a.kind is Kind.AREA_CONTROL for a in areas)
    assert not any(shapely.has_z(a.shape) for a in areas)
    pocket = next(a for a in areas if a.label == "Sudzha pocket")
    assert_geometries_equal(
        shapely.normalize(pocket.shape), shapely.normalize(shapely.box(35.1, 51.12, 35.5, 51.35))
    )


def test_kmz_reads_like_kml() -> None:
    mapping = read_mapping(EXAMPLE)
    from_kmz = parse_kml(read_kml(KMZ), mapping)
    from_kml = parse_kml(read_kml(KML), mapping)
    assert [(a.label, a.holder) for a in from_kmz] == [(a.label, a.holder) for a in from_kml]


def test_placemark_name_can_match_and_side_can_be_set() -> None:
    mapping = parse_mapping(
        {
            "claimant": "A Russian mapper (imported)",
            "side": "russia",
            "rules": [{"match": "field hq", "holder": "russia"}],
        }
    )
    [area] = parse_kml(read_kml(KML), mapping)
    assert (area.label, area.side, area.kind) == ("Field HQ", Side.RUSSIA, Kind.ADVANCE)
    assert area.verification is Verification.CLAIMED_UNVERIFIED


@pytest.mark.parametrize(
    "data", [{"claimant": "x"}, {"claimant": "x", "rules": [{"match": "*", "holder": "nobody"}]}]
)
def test_bad_mappings_are_refused(data: dict[str, object]) -> None:
    with pytest.raises((ValueError, KeyError)):
        parse_mapping(data)


def test_entities_are_refused() -> None:
    hostile = b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>'
    with pytest.raises(ValueError, match="DOCTYPE"):
        placemarks(hostile)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY a "laugh"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<kml><Placemark><name>&d;</name><Point><coordinates>35,51</coordinates></Point></Placemark></kml>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<kml><Placemark><name>&secret;</name><Point><coordinates>35,51</coordinates></Point></Placemark></kml>"""
DOCTYPE_ONLY = b'<?xml version="1.0"?><!DOCTYPE kml><kml></kml>'


@pytest.mark.parametrize(
    "hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY, DOCTYPE_ONLY], ids=["laughs", "external", "dtd"]
)
def test_hostile_kml_is_refused_before_any_expansion(hostile: bytes) -> None:
    with pytest.raises(ValueError, match="DOCTYPE") as refused:
        placemarks(hostile)
    assert "laugh" not in str(refused.value) and "root:" not in str(refused.value)
