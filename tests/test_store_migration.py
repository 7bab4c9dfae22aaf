"""A database written by the first spin-coach opens in this one with nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from spin_coach.store import Store

DATA = Path(__file__).parent / "data"


def test_a_first_version_database_migrates_with_a_backup_and_its_lines_get_kinds(tmp_path):
    path = tmp_path / "spin-coach.db"
    shutil.copy(DATA / "schema1.db", path)
    with sqlite3.connect(path) as conn:
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("deals", "stakeholders", "answers", "notes", "problems")}
        old_notes = conn.execute("SELECT id, text, stakeholder_id, stage FROM notes ORDER BY rowid").fetchall()
    conn.close()

    store = Store.open(path)
    try:
        backups = list(tmp_path.glob("spin-coach.db.bak-*"))
        assert len(backups) == 1
        record = store.record("d_demo_en")
        assert {
            "deals": 1, "stakeholders": len(record.stakeholders), "answers": len(record.answers),
            "notes": len(record.notes), "problems": len(record.problem_definition.problems),
        } == before
        # Nothing said was changed; each line got the kind its attribution implies.
        assert [(n.id, n.text, n.stakeholder_id, n.stage) for n in record.notes] == old_notes
        kinds = {n.text: n.kind for n in record.notes}
        assert kinds["Walkthrough with the order desk and IT"] == "note"
        assert kinds["DSO 58 vs 45 in plan — ask for the financing rate"] == "said"
        assert all(n.promoted_to is None for n in record.notes)
        assert record.revision == 0
    finally:
        store.close()
    with sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True) as old:
        assert "kind" not in [r[1] for r in old.execute("PRAGMA table_info(notes)")]


def test_an_unattributed_question_line_migrates_as_the_sellers_question(tmp_path):
    path = tmp_path / "spin-coach.db"
    shutil.copy(DATA / "schema1.db", path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO notes (id, deal_id, meeting_id, at, text) VALUES ('n_q', 'd_demo_en', NULL, '2026-10-06T09:30:00Z', 'How long does month-end take? ')"
        )
    conn.close()
    store = Store.open(path)
    try:
        assert store.note("n_q").kind == "question"
    finally:
        store.close()
