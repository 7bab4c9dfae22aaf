"""Opening the database: whose it is, whether it may be written, who may read it, and how it is tuned.

A file is looked at read-only before anything is done to it. Another program's
SQLite file, or one written by a newer spin-coach, is refused as it was found:
no tables, no WAL switch, no change of mode. Modes are set only on what is made
here (a missing folder 0700, a new database file 0600); an existing database that
other users can read is left as it is, with a warning. A database that may not
be written (its file or its folder read-only) is opened read-only, saying so.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from ..paths import private_dir
from .peek import APPLICATION_ID, connect_read_only, may_write
from .schema import migrations

__all__ = ["APPLICATION_ID", "KNOWN_MIGRATIONS", "SCHEMA_VERSION", "StoreDatabase", "StoreError", "open_database"]



def _known_migrations() -> tuple[str, ...]:
    empty = Database(memory=True, execute_plugins=False)
    try:
        return tuple(m.name for m in migrations.pending(empty))
    finally:
        empty.close()


KNOWN_MIGRATIONS = _known_migrations()
"""The migrations this spin-coach knows, in order."""

SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
"""This spin-coach's schema version: how many migrations it knows. Kept in ``PRAGMA user_version``."""


class StoreError(Exception):
    """A database problem worded for the seller: which file, what went wrong."""


class StoreDatabase(Database):
    """sqlite-utils' ``Database``, with what opening it found out.

    ``read_only``: opened read-only (the file or its folder may not be written);
    every write raises :class:`StoreError`. ``warnings``: lines to show the
    seller (the CLI prints them on stderr; the app shows them).
    """

    path: Path | None = None
    read_only: bool = False
    warnings: list[str]


def _tune(conn: sqlite3.Connection) -> None:
    # WAL keeps readers off the writer's back; FULL makes every commit durable,
    # so a note typed a second before `kill -9` is still there afterwards.
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")


def _mark(conn: sqlite3.Connection, application_id: int, user_version: int) -> None:
    """Mark the database as spin-coach's, at this schema version (only what differs is written)."""
    if application_id != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if user_version != SCHEMA_VERSION:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if conn.in_transaction:
        conn.commit()


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


# ---------------------------------------------------------------- what is in the file


@dataclass
class _Found:
    """What a read-only look at an existing file found."""

    application_id: int = 0
    user_version: int = 0
    tables: list[str] = field(default_factory=list)  # the file's own, not SQLite's internal ones
    applied: list[str] = field(default_factory=list)  # spin-coach migrations recorded in it

    @property
    def empty(self) -> bool:
        return not self.tables

    @property
    def ours(self) -> bool:
        return self.application_id == APPLICATION_ID or (self.application_id == 0 and bool(self.applied))

    @property
    def schema(self) -> int:
        return max(self.user_version, len(self.applied))

    @property
    def pending(self) -> list[str]:
        return [name for name in KNOWN_MIGRATIONS if name not in self.applied]


def _look(path: Path) -> _Found:
    """Read the file's marks, tables and recorded migrations, changing nothing."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot read it ({exc})") from None
    try:
        found = _Found(
            application_id=conn.execute("PRAGMA application_id").fetchone()[0],
            user_version=conn.execute("PRAGMA user_version").fetchone()[0],
            tables=[
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
                if not row[0].startswith("sqlite_")
            ],
        )
        if migrations.migrations_table in found.tables:
            try:
                found.applied = [
                    row[0]
                    for row in conn.execute(
                        f"SELECT name FROM [{migrations.migrations_table}] WHERE migration_set = ? ORDER BY rowid", [migrations.name]
                    )
                ]
            except sqlite3.Error:
                found.applied = []  # another program's table of that name
        return found
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a spin-coach database, not even a SQLite file ({exc}); it was left unchanged") from None
    finally:
        conn.close()


def _refuse_unless_ours(path: Path, found: _Found) -> None:
    if found.application_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path}: not a spin-coach database (it is marked as another program's, application id {found.application_id:#x});"
            " it was left unchanged. Use --db with a new file name to start a spin-coach database."
        )
    if not found.ours and not found.empty:
        shown = ", ".join(found.tables[:5]) + (", …" if len(found.tables) > 5 else "")
        raise StoreError(
            f"{path}: not a spin-coach database (a SQLite file with other tables: {shown}); it was left unchanged."
            " Use --db with a new file name to start a spin-coach database."
        )
    unknown = [name for name in found.applied if name not in KNOWN_MIGRATIONS]
    if unknown or found.user_version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer spin-coach (schema {max(found.schema, SCHEMA_VERSION + 1) if unknown else found.schema});"
            f" this one knows schema {SCHEMA_VERSION}. Update spin-coach to open it; it was left unchanged."
        )


def _mode_warning(path: Path) -> list[str]:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o066:
        return [
            f"{path} can be opened by other users on this machine (mode {mode:04o});"
            f" `chmod 600 {path}` keeps your clients' data to yourself"
        ]
    return []


# ---------------------------------------------------------------- read-only connections


def _refused(exc: sqlite3.Error, path: str) -> Exception:
    code = getattr(exc, "sqlite_errorcode", None)
    if (code is not None and code & 0xFF == sqlite3.SQLITE_READONLY) or "readonly" in str(exc):
        return StoreError(
            f"{path} is open read-only, so nothing can be saved to it."
            " To change it, make the file and its folder writable and open it again."
        )
    return exc


class _ReadOnlyCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.connection.path) from None

    def executemany(self, sql, parameters, /):
        try:
            return super().executemany(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.connection.path) from None

    def executescript(self, script, /):
        try:
            return super().executescript(script)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.connection.path) from None


class _ReadOnlyConnection(sqlite3.Connection):
    """A read-only connection whose write attempts raise :class:`StoreError` naming the file."""

    path = ""

    def cursor(self, factory=_ReadOnlyCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.path) from None

    def executemany(self, sql, parameters, /):
        try:
            return super().executemany(sql, parameters)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.path) from None

    def executescript(self, script, /):
        try:
            return super().executescript(script)
        except sqlite3.OperationalError as exc:
            raise _refused(exc, self.path) from None


# ---------------------------------------------------------------- opening


def _create(path: Path) -> bool:
    """Make the file (0600) and any missing folders (0700); False if something was there already."""
    try:
        private_dir(path.parent)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create its folder ({exc.strerror})") from None
    if not may_write(path.parent):
        raise StoreError(f"{path}: cannot create the database: the folder {path.parent} is read-only")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)  # the app's own file: private, whatever the umask
    finally:
        os.close(fd)
    return True


def open_database(path: Path | str | None) -> StoreDatabase:
    """Open (creating if needed) the spin-coach database and bring its schema up to date.

    ``None`` or ``":memory:"`` gives an in-memory database (tests, benchmarks).
    A new file is made 0600 (and missing folders 0700): it holds confidential
    client data. An existing file keeps its mode; :attr:`StoreDatabase.warnings`
    says so if others can read it. A copy is taken before any migration of a
    database that already has tables. Raises :class:`StoreError` for a file that
    is not spin-coach's, one written by a newer spin-coach, or one that is
    read-only and would need migrating.
    """
    if path is None or str(path) == ":memory:":
        db = StoreDatabase(memory=True)
        db.warnings = []
        _tune(db.conn)
        migrations.apply(db)
        _mark(db.conn, 0, 0)
        return db
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    created = not path.exists() and _create(path)
    if not path.is_file():
        raise StoreError(f"{path}: not a regular file, so not a database")
    found = _Found() if created else _look(path)
    _refuse_unless_ours(path, found)
    warnings = [] if created else _mode_warning(path)
    if not (may_write(path) and may_write(path.parent)):
        return _open_read_only(path, found, warnings)
    try:
        conn = sqlite3.connect(path, check_same_thread=False)
        _tune(conn)
        db = StoreDatabase(conn)
        if found.empty:
            _mark(conn, found.application_id, found.user_version)  # first, so a half-made schema is still recognised
        elif found.pending:
            _backup(conn, path)
        migrations.apply(db)
        _mark(conn, conn.execute("PRAGMA application_id").fetchone()[0], conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a spin-coach database ({exc})") from None
    db.path = path
    db.warnings = warnings
    return db


def _open_read_only(path: Path, found: _Found, warnings: list[str]) -> StoreDatabase:
    where = "its folder is" if may_write(path) else "it is"
    if found.empty:
        raise StoreError(f"{path}: {where} read-only and it holds no spin-coach data yet; nothing to open")
    if found.pending:
        raise StoreError(
            f"{path}: {where} read-only and it was written by an older spin-coach (schema {found.schema});"
            f" this one needs schema {SCHEMA_VERSION}. Make it writable and open it once to update it; it was left unchanged."
        )
    try:
        conn = connect_read_only(path, check_same_thread=False, factory=_ReadOnlyConnection)
        conn.path = str(path)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        db = StoreDatabase(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot read it ({exc})") from None
    db.path = path
    db.read_only = True
    db.warnings = [
        f"{path}: {where} read-only, so it was opened read-only:"
        " browsing, review and export work; nothing can be saved to it",
        *warnings,
    ]
    return db
