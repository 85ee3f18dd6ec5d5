"""The names of the views the engine makes itself, which no claimant may take.

A view is picked by name (in the dashboard, the URL, `--claimant`); a claimant written into the
ledger as "Latest word (composite)" would make its own words and the composite one view, and the
picture would silently show one in place of the other. The parser refuses those names.
"""

from __future__ import annotations

from claims.model import Side

COMPOSITE = "Latest word (composite)"
SIDE_VIEWS = {
    Side.UKRAINE: "Ukraine: all Ukrainian claimants",
    Side.RUSSIA: "Russia: all Russian claimants",
    Side.INDEPENDENT: "Independent: all assessors",
}
RESERVED_VIEW_NAMES = frozenset({COMPOSITE, *SIDE_VIEWS.values()})
