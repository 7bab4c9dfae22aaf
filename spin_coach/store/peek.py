"""A glance at the deal list with plain sqlite3, for the app's first frame.

Opening the full store imports pydantic and sqlite-utils and may migrate the
schema; the home screen should not wait for that to show the seller's deals.
This reads the list read-only and returns plain rows; anything unexpected (no
file yet, an older schema, not a database) returns ``None`` and the screen
simply waits for the store.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .summaries import deal_summaries


def peek_deals(path: Path | str | None) -> list[dict] | None:
    """The open deals, newest first, as :func:`deal_summaries` rows; ``None`` when they cannot be read this way."""
    if path is None or str(path) == ":memory:" or not Path(path).is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return deal_summaries(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
