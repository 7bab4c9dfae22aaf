"""Opening the database: where it lives, who may read it, and how it is tuned."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from ..paths import private_dir
from .schema import migrations


class StoreError(Exception):
    """A database problem worded for the seller: which file, what went wrong."""


def _tune(conn: sqlite3.Connection) -> None:
    # WAL keeps readers off the writer's back; FULL makes every commit durable,
    # so a note typed a second before `kill -9` is still there afterwards.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")


def _backup(conn: sqlite3.Connection, path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dest.close()
    return target


def open_database(path: Path | str | None) -> Database:
    """Open (creating if needed) the spin-coach database and bring its schema up to date.

    ``None`` or ``":memory:"`` gives an in-memory database (tests, benchmarks).
    The folder is made 0700 and the file 0600: it holds confidential client data.
    A copy is taken before any migration of a database that already has data.
    """
    if path is None or str(path) == ":memory:":
        db = Database(memory=True)
        _tune(db.conn)
        migrations.apply(db)
        return db
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    try:
        private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from None
    try:
        conn = sqlite3.connect(path, check_same_thread=False)
        _tune(conn)
        db = Database(conn)
        pending = migrations.pending(db)
        if pending and db.table_names():
            _backup(conn, path)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a spin-coach database ({exc})") from None
    return db
