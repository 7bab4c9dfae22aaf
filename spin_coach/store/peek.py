"""A glance at the deal list with plain sqlite3, for the app's first frame.

Opening the full store imports pydantic and sqlite-utils and may migrate the
schema; the home screen should not wait for that to show the seller's deals.
This reads the list read-only and returns plain rows; anything unexpected (no
file yet, a database that is not marked as spin-coach's, an older schema, not a
database) returns ``None`` and the screen simply waits for the store.

It also holds what the store needs to look at a file without changing it: the
mark spin-coach puts on its databases and a connection that cannot write. Both
stay here, in plain sqlite3, so that this module stays light.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .summaries import deal_summaries

APPLICATION_ID = 0x5350494E
"""``PRAGMA application_id`` of every spin-coach database: "SPIN" in ASCII (1397770574)."""


def may_write(path: Path) -> bool:
    """Whether ``path`` may be written: the user has the right, and its mode has a write bit.

    A file or folder set read-only (0400, 0555) counts as read-only even for
    root, who could write it anyway.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def connect_read_only(path: Path | str, **kwargs) -> sqlite3.Connection:
    """A connection that neither writes the database nor leaves a file beside it.

    Without a ``-wal`` file beside it, the main file holds everything committed:
    it is read as immutable (no ``-shm``, no locks). With one, it is read through
    that write-ahead log, read-only. ``kwargs`` go to :func:`sqlite3.connect`.
    """
    resolved = Path(path).resolve()
    # In a URI, "%", "?" and "#" in the path would be read as escapes, the query and a fragment.
    name = str(resolved).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    uri = f"file:{name}?mode=ro"
    if not Path(f"{resolved}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, **kwargs)


def peek_deals(path: Path | str | None) -> list[dict] | None:
    """The open deals, newest first, as :func:`deal_summaries` rows; ``None`` when they cannot be read this way."""
    if path is None or str(path) == ":memory:" or not Path(path).is_file():
        return None
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        return deal_summaries(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
