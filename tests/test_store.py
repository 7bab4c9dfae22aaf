"""The store: private files, durable settings, migrations with a backup, clear errors."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from spin_coach.actions import DealActions
from spin_coach.demo import add_demo
from spin_coach.models import Answer, Note
from spin_coach.store import Store, StoreError


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_in_a_missing_folder_is_created_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "deals.db"
    store = Store.open(path)
    store.close()
    assert path.is_file()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_connection_is_durable_wal_with_foreign_keys(store):
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_file_that_is_not_sqlite_gives_a_clear_error(tmp_path, cli):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(StoreError, match="not a spin-coach database"):
        Store.open(path)
    result = cli.runner.invoke(__import__("spin_coach.cli", fromlist=["main"]).main, ["--db", str(path), "deals"])
    assert result.exit_code == 1
    assert str(path) in result.stderr
    assert "Traceback" not in result.output
    assert path.read_text().startswith("these are my notes")


def test_migrating_an_existing_database_keeps_a_backup_first(tmp_path):
    from sqlite_utils import Database

    from spin_coach.store.schema import migrations

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m002_one_record_of_what_was_said")  # a first-version database
    db.execute("INSERT INTO accounts (id, name) VALUES ('a_keep', 'keep me')")
    db.conn.commit()
    db.close()
    Store.open(path).close()
    backups = list(tmp_path.glob("old.db.bak-*"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    conn = sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True)
    assert conn.execute("SELECT name FROM accounts").fetchone() == ("keep me",)
    conn.close()
    # opening again migrates nothing, so no second backup
    Store.open(path).close()
    assert len(list(tmp_path.glob("old.db.bak-*"))) == 1


def test_fresh_database_needs_no_backup(tmp_path):
    Store.open(tmp_path / "fresh.db").close()
    assert not list(tmp_path.glob("*.bak-*"))


def test_answers_and_notes_are_searchable_in_both_languages(store):
    add_demo(DealActions(store), "en")
    add_demo(DealActions(store), "ru")
    hits = store.search("credit notes")
    assert hits and all(h["deal_id"] == "d_demo_en" for h in hits)
    assert "[credit]" in hits[0]["snippet"]
    ru = store.search("оборачиваемость", deal_id="d_demo_ru")
    assert {h["kind"] for h in ru} == {"answer", "note"}


def test_search_takes_punctuation_as_plain_words(store):
    add_demo(DealActions(store), "en")
    assert store.search('DSO "58 (days') == store.search("DSO 58 days")
    assert store.search("   ") == []


def test_saving_an_answer_twice_updates_it_in_place(store):
    deal_id = add_demo(DealActions(store), "en")
    answer = Answer(deal_id=deal_id, stakeholder_id="s_demo_en_ops", stage="problem", text="Draft")
    store.save_answer(answer)
    answer.text = "Draft, then finished"
    store.save_answer(answer)
    texts = [a.text for a in store.answers(deal_id) if a.id == answer.id]
    assert texts == ["Draft, then finished"]
    assert store.search("finished")[0]["id"] == answer.id


def test_a_failed_write_leaves_nothing_half_written(store):
    deal_id = add_demo(DealActions(store), "en")
    before = len(store.notes(deal_id))
    good = Note(deal_id=deal_id, text="first line")
    orphan = Note(deal_id=deal_id, text="second line", stakeholder_id="s_nobody")
    with pytest.raises(StoreError):
        store.save_notes([good, orphan])
    assert len(store.notes(deal_id)) == before


def test_deal_is_found_by_id_or_unique_title_prefix(store):
    add_demo(DealActions(store), "en")
    add_demo(DealActions(store), "ru")
    assert store.resolve_deal("d_demo_en").id == "d_demo_en"
    assert store.resolve_deal("north").id == "d_demo_en"
    assert store.resolve_deal("ТрансЛог").id == "d_demo_ru"
    with pytest.raises(StoreError, match="no deal"):
        store.resolve_deal("Contoso")


def test_archived_deals_are_hidden_until_asked_for(store):
    add_demo(DealActions(store), "en")
    store.set_archived("d_demo_en", True)
    assert store.deals() == []
    assert [d.id for d in store.deals(archived=None)] == ["d_demo_en"]


def test_first_screen_glance_lists_open_deals_without_the_full_store(db_path, tmp_path):
    import subprocess
    import sys

    store = Store.open(db_path)
    add_demo(DealActions(store), "en")
    add_demo(DealActions(store), "ru")
    store.set_archived("d_demo_ru", True)
    store.close()
    code = (
        "import sys\n"
        "from spin_coach.store.peek import peek_deals\n"
        f"rows = peek_deals({str(db_path)!r})\n"
        "assert 'pydantic' not in sys.modules and 'sqlite_utils' not in sys.modules\n"
        "print([(r['id'], r['account'], r['people']) for r in rows])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[('d_demo_en', 'Northwind Freight', 5)]"


def test_glance_gives_up_quietly_on_anything_but_a_spin_coach_database(tmp_path):
    from spin_coach.store.peek import peek_deals

    assert peek_deals(tmp_path / "missing.db") is None
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert peek_deals(junk) is None


def test_an_edited_note_keeps_its_place_in_the_meeting(store):
    deal_id = add_demo(DealActions(store), "en")
    notes = store.notes(deal_id)
    first = notes[0]
    first.text = "Walkthrough with the order desk, IT joined late"
    store.save_note(first)
    again = store.notes(deal_id)
    assert [n.id for n in again] == [n.id for n in notes]
    assert again[0].text == "Walkthrough with the order desk, IT joined late"
    assert store.search("joined late")[0]["id"] == first.id


def test_the_deal_worked_on_last_comes_first(store):
    add_demo(DealActions(store), "en")
    add_demo(DealActions(store), "ru")
    before = [d.id for d in store.deals()]
    quiet = before[-1]
    store.save_answer(Answer(deal_id=quiet, stakeholder_id=f"s_demo_{quiet[-2:]}_cfo", stage="problem", text="Cash is tight"))
    assert store.deals()[0].id == quiet
    other = before[0]
    store.save_note(Note(deal_id=other, text="call back on Monday"))
    assert store.deals()[0].id == other
