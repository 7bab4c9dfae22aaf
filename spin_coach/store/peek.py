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

_DEALS = """
SELECT d.id, d.title, a.name AS account, d.journey_stage, d.updated_at,
       (SELECT count(*) FROM stakeholders s WHERE s.deal_id = d.id) AS people
FROM deals d JOIN accounts a ON a.id = d.account_id
WHERE d.archived = 0
ORDER BY d.updated_at DESC, d.rowid DESC
"""


def peek_deals(path: Path | str | None) -> list[dict] | None:
    """The open deals, newest first, as dicts; ``None`` when they cannot be read this way."""
    if path is None or str(path) == ":memory:" or not Path(path).is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        cur = conn.execute(_DEALS)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
