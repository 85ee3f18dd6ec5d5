"""Build scripts for the bundled base layers in geodata/data.

Run `python -m geodata.build` (or `make geodata`) to rebuild oblasts, border, rivers and the
GeoNames towns from their pinned public sources. Each module keeps parsing and geometry work in
pure functions and does its file or network reading in a few clearly named loaders.
"""
