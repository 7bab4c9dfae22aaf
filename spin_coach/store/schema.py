"""The database schema, as ordered migrations. Tables are documented in docs/schema.md."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("spin_coach")

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            industry TEXT NOT NULL DEFAULT '',
            size TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """
        CREATE TABLE deals (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            title TEXT NOT NULL,
            journey_stage TEXT NOT NULL,
            purchase_model TEXT,
            closing_tactic TEXT,
            currency TEXT NOT NULL,
            goals TEXT NOT NULL DEFAULT '{}',
            relationship TEXT NOT NULL,
            attractiveness TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE stakeholders (
            id TEXT PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL,
            influence TEXT NOT NULL,
            attitude TEXT NOT NULL,
            external INTEGER NOT NULL DEFAULT 0,
            channel TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """
        CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            title TEXT NOT NULL DEFAULT '',
            started_at TEXT NOT NULL,
            ended_at TEXT,
            channel TEXT NOT NULL,
            attendees TEXT NOT NULL DEFAULT '[]'
        )"""
    )
    db.execute(
        """
        CREATE TABLE answers (
            id TEXT PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            stakeholder_id TEXT NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
            question_id TEXT,
            question_text TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL,
            text TEXT NOT NULL,
            at TEXT NOT NULL,
            meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
            at TEXT NOT NULL,
            text TEXT NOT NULL,
            stakeholder_id TEXT REFERENCES stakeholders(id) ON DELETE SET NULL,
            stage TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE problems (
            id TEXT PRIMARY KEY,
            deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            statement TEXT NOT NULL,
            raised_by TEXT REFERENCES stakeholders(id) ON DELETE SET NULL,
            confirmed_by TEXT NOT NULL DEFAULT '[]',
            source_answers TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE implications (
            id TEXT PRIMARY KEY,
            problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            consequence TEXT NOT NULL,
            amount REAL,
            currency TEXT,
            period TEXT,
            felt_by TEXT NOT NULL DEFAULT '[]',
            evidence TEXT NOT NULL,
            stated_by TEXT REFERENCES stakeholders(id) ON DELETE SET NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE need_payoffs (
            id TEXT PRIMARY KEY,
            problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            amount REAL,
            currency TEXT,
            period TEXT,
            said_by TEXT REFERENCES stakeholders(id) ON DELETE SET NULL,
            explicit INTEGER NOT NULL DEFAULT 0
        )"""
    )
    for table, column in [
        ("deals", "account_id"),
        ("stakeholders", "deal_id"),
        ("meetings", "deal_id"),
        ("answers", "deal_id"),
        ("answers", "stakeholder_id"),
        ("notes", "deal_id"),
        ("notes", "meeting_id"),
        ("problems", "deal_id"),
        ("implications", "problem_id"),
        ("need_payoffs", "problem_id"),
    ]:
        db[table].create_index([column])
    db["answers"].enable_fts(["text", "question_text"], fts_version="FTS5", create_triggers=True, tokenize=FTS_TOKENIZE)
    db["notes"].enable_fts(["text"], fts_version="FTS5", create_triggers=True, tokenize=FTS_TOKENIZE)


@migrations()
def m002_one_record_of_what_was_said(db: Database) -> None:
    """Meeting lines get a kind and what they were promoted to; deals a revision number.

    Lines written before kinds existed are read as :func:`spin_coach.models.line_kind`
    reads them: attributed to someone, what they said; ending in "?", the seller's
    question; else a note.
    """
    db.execute("ALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'note'")
    db.execute("ALTER TABLE notes ADD COLUMN promoted_to TEXT")
    db.execute(
        "UPDATE notes SET kind = CASE WHEN stakeholder_id IS NOT NULL THEN 'said'"
        " WHEN rtrim(text, ' ' || char(9, 10, 13)) LIKE '%?' THEN 'question' ELSE 'note' END"
    )
    db.execute("ALTER TABLE deals ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
