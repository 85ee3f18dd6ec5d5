"""Base layers of the Kursk area: boundaries, border, rivers, settlements, and the gazetteer."""
