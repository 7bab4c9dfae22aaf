"""The deal list as plain rows: one query for the CLI's ``deals``, the home screen and its first frame.

Plain ``sqlite3`` only (no pydantic, no sqlite-utils), so the app's first frame can
read it before the full store has opened.
"""

from __future__ import annotations

import sqlite3
from typing import Any

_SELECT = """
SELECT d.id, d.title, d.account_id, a.name AS account, d.journey_stage, d.archived, d.updated_at,
       (SELECT count(*) FROM stakeholders s WHERE s.deal_id = d.id) AS people
FROM deals d JOIN accounts a ON a.id = d.account_id
"""


def deal_summaries(conn: sqlite3.Connection, *, archived: bool | None = False, query: str = "") -> list[dict[str, Any]]:
    """One row per deal, most recently changed first: id, title, account_id, account,
    journey_stage, archived (bool), updated_at (ISO text) and people (how many stakeholders).

    ``archived=None`` gives every deal; ``query`` keeps deals whose title or client contains it.
    """
    where, params = [], []
    if archived is not None:
        where.append("d.archived = ?")
        params.append(int(archived))
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("(d.title LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\')")
        params += [f"%{escaped}%", f"%{escaped}%"]
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.updated_at DESC, d.rowid DESC"
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    for row in rows:
        row["archived"] = bool(row["archived"])
    return rows
