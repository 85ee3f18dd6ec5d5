"""The settlements a claim record may name on the Add claims page, and the names written for them.

Pure, computed once per server (dashboard/loaders.py caches it): resolving every settlement's name
back through the gazetteer takes a moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geodata.gazetteer import Gazetteer


@dataclass(frozen=True)
class SettlementChoices:
    """The settlements a record can name: id -> (label shown, name written to the ledger).

    Only places with a name that resolves back to them (a dozen namesakes have none)."""

    labels: Mapping[str, str]
    names: Mapping[str, str]

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> SettlementChoices:
        labels: dict[str, str] = {}
        names: dict[str, str] = {}
        for settlement in gazetteer.settlements:
            name = gazetteer.resolvable_name(settlement)
            if name is not None:
                labels[settlement.id], names[settlement.id] = settlement.label, name
        return cls(labels, names)

    def names_of(self, ids: Sequence[str]) -> list[str]:
        return [self.names[i] for i in ids if i in self.names]
