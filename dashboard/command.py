"""The `frontline` command, composed at the top: the claims verbs plus the snapshot verb.

`claims` knows nothing of `dashboard`: the picture-making verb is added here, where both are seen.
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.cli import main as claims_main
from dashboard import snapshot_cli


def main(argv: Sequence[str] | None = None) -> int:
    return claims_main(argv, more_verbs=(snapshot_cli.register,))


if __name__ == "__main__":
    raise SystemExit(main())
