"""Claim records, the ledger that stores them, and what they assert on any given date."""
