"""Readers for independent assessors' layers: DeepStateMap, ISW/CTP, KML/KMZ.

Each module follows the house pattern: `read_x(path)` opens the file and hands plain data to a pure
`parse_x(data, ...)`, which returns `AssessedArea` records. `claims.store` keeps them.
"""
