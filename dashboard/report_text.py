"""The text of an uploaded report: the extractor's own reader (`claims.extract.text`), behind a
limit on the upload's size. Pure (bytes in, text out); nothing of the page is run or kept as markup.
"""

from __future__ import annotations

# A wire report is a few KB and a saved news page a few hundred; far beyond that is not a report.
MAX_REPORT_BYTES = 5 * 2**20


def report_text(name: str, data: bytes) -> str:
    """Text of the uploaded file `name`: UTF-8 (a BOM allowed), HTML reduced to its text.

    Raises `claims.extract.text.ReportError` (a ValueError) naming the file and the problem.
    """
    # Imported here: loading the extractor (dateparser, pymorphy3) costs about a second, which the
    # map page should not pay at start.
    from claims.extract.text import ReportError, report_from_bytes

    if len(data) > MAX_REPORT_BYTES:
        limit = MAX_REPORT_BYTES // 2**20
        raise ReportError(f"{name}: {len(data) / 2**20:.1f} MB; a report is at most {limit} MB")
    return report_from_bytes(data, name)
