"""spin-coach marks its databases, refuses other SQLite files unchanged and refuses a
database written by a newer spin-coach (issue 10, item 8)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlite_utils import Database

from spin_coach.actions import DealActions
from spin_coach.cli import main
from spin_coach.demo import add_demo
from spin_coach.store import Store, StoreError
from spin_coach.store.db import SCHEMA_VERSION
from spin_coach.store.peek import APPLICATION_ID, peek_deals
from spin_coach.store.schema import migrations

DATA = Path(__file__).parent / "data"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pragma(path, name):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def run(cli, path, *args):
    return cli.runner.invoke(main, ["--db", str(path), *args])


def bookmarks(path, *, wal=False):
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE bookmarks (url TEXT, title TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.com', 'Example')")
    conn.commit()
    conn.close()
    path.chmod(0o644)
    return path


def test_the_application_id_is_a_fixed_32_bit_value_and_documented():
    assert 0 < APPLICATION_ID < 2**31
    doc = (Path(__file__).parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    assert f"{APPLICATION_ID:#x}" in doc.lower() and str(APPLICATION_ID) in doc


def test_a_new_database_is_marked_as_spin_coachs(tmp_path):
    path = tmp_path / "deals.db"
    Store.open(path).close()
    assert pragma(path, "application_id") == APPLICATION_ID
    assert pragma(path, "user_version") == SCHEMA_VERSION == len(migrations.pending(Database(memory=True)))


def test_an_empty_file_is_initialised(tmp_path):
    path = tmp_path / "deals.db"
    path.touch()
    store = Store.open(path)
    add_demo(DealActions(store), "en")
    store.close()
    assert pragma(path, "application_id") == APPLICATION_ID


@pytest.mark.parametrize("wal", [False, True])
def test_another_programs_database_is_refused_unchanged(tmp_path, cli, wal):
    path = bookmarks(tmp_path / "other.db", wal=wal)
    listing = sorted(p.name for p in tmp_path.iterdir())
    before = digest(path)
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    message = str(refused.value)
    assert str(path) in message and "not a spin-coach database" in message and "bookmarks" in message
    result = run(cli, path, "deals")
    assert result.exit_code == 1 and str(path) in result.stderr and "Traceback" not in result.output
    assert peek_deals(path) is None
    assert digest(path) == before
    assert mode(path) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no -wal or -shm left beside it
    assert pragma(path, "journal_mode") == ("wal" if wal else "delete")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["bookmarks"]
    conn.close()


def test_a_database_marked_by_another_application_is_refused_even_when_empty(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a spin-coach database"):
        Store.open(path)
    assert digest(path) == before


def test_a_spin_coach_database_from_before_the_mark_is_recognised_and_marked(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(DATA / "schema1.db", old)
    store = Store.open(old)
    assert store.record("d_demo_en").deal.title
    store.close()
    assert pragma(old, "application_id") == APPLICATION_ID
    assert pragma(old, "user_version") == SCHEMA_VERSION

    # One at today's schema but written before the mark: marked, nothing migrated, no backup.
    current = tmp_path / "current.db"
    db = Database(current)
    migrations.apply(db)
    db.close()
    Store.open(current).close()
    assert pragma(current, "application_id") == APPLICATION_ID
    assert not list(tmp_path.glob("current.db.bak-*"))


def newer(path, *, user_version=None):
    store = Store.open(path)
    add_demo(DealActions(store), "en")
    store.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('spin_coach', 'm099_from_the_future', '2027-01-01')"
    )
    store.db.conn.commit()
    if user_version is not None:
        store.db.execute(f"PRAGMA user_version = {user_version}")
    store.close()
    return path


def test_a_database_from_a_newer_spin_coach_is_refused_naming_both_versions(tmp_path, cli):
    path = newer(tmp_path / "deals.db", user_version=5)
    before = digest(path)
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    message = str(refused.value)
    assert str(path) in message
    assert "newer spin-coach (schema 5)" in message and f"knows schema {SCHEMA_VERSION}" in message
    result = run(cli, path, "export", "North")
    assert result.exit_code == 1
    assert "newer spin-coach" in result.stderr and "Traceback" not in result.output
    assert digest(path) == before
    assert not list(tmp_path.glob("deals.db.bak-*"))


def test_unknown_migrations_alone_mark_a_newer_database(tmp_path):
    path = newer(tmp_path / "deals.db")
    with pytest.raises(StoreError, match=f"newer spin-coach \\(schema {SCHEMA_VERSION + 1}\\)"):
        Store.open(path)


def test_a_higher_user_version_alone_marks_a_newer_database(tmp_path):
    path = tmp_path / "deals.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    with pytest.raises(StoreError, match=f"schema {SCHEMA_VERSION + 3}\\); this one knows schema {SCHEMA_VERSION}"):
        Store.open(path)
