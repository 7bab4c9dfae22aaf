"""The Store: every read and write of deals, people, answers, notes and problems.

Rows map one-to-one onto the pydantic models; list and dict fields are JSON text.
Reads return models in insertion order, so an export is stable byte for byte.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel
from sqlite_utils import Database

from ..models import (
    Account,
    AccountScore,
    Answer,
    Deal,
    DealRecord,
    Implication,
    Meeting,
    NeedPayoff,
    Note,
    Problem,
    ProblemDefinition,
    Stakeholder,
    now,
)
from .db import StoreError, open_database
from .search import search
from .summaries import deal_summaries

M = TypeVar("M", bound=BaseModel)

_JSON_FIELDS = {"goals", "attendees", "confirmed_by", "source_answers", "tags", "felt_by"}
_BOOL_FIELDS = {"archived", "external", "explicit"}


def _row(model: BaseModel, exclude: set[str] = frozenset()) -> dict[str, Any]:
    data = model.model_dump(mode="json", exclude=exclude)
    for key in list(data):
        if key in _JSON_FIELDS:
            data[key] = json.dumps(data[key], ensure_ascii=False, separators=(",", ":"))
        elif key in _BOOL_FIELDS:
            data[key] = int(data[key])
    return data


def _model(cls: type[M], row: dict[str, Any]) -> M:
    data = dict(row)
    for key in _JSON_FIELDS & data.keys():
        data[key] = json.loads(data[key])
    for key in _BOOL_FIELDS & data.keys():
        data[key] = bool(data[key])
    return cls.model_validate(data)


def _deal_row(deal: Deal) -> dict[str, Any]:
    row = _row(deal, exclude={"score"})
    row["relationship"] = deal.score.relationship
    row["attractiveness"] = deal.score.attractiveness
    return row


def _deal(row: dict[str, Any]) -> Deal:
    data = dict(row)
    data["score"] = AccountScore(relationship=data.pop("relationship"), attractiveness=data.pop("attractiveness"))
    data.pop("revision", None)
    return _model(Deal, data)


class DealNotFound(StoreError):
    pass


class Store:
    """The seller's local database of deals."""

    def __init__(self, db: Database, path: Path | None = None):
        self.db = db
        self.path = path
        self._insert_sql: dict[str, str] = {}

    @classmethod
    def open(cls, path: Path | str | None) -> "Store":
        return cls(open_database(path), None if path is None or str(path) == ":memory:" else Path(path))

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ plumbing

    def transaction(self):
        """All or nothing: everything written inside commits together or not at all."""
        return self.db.atomic()

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        # Plain parameterised SQL on the hot path: saving an answer must stay well under 1 ms.
        key = f"{table}:{','.join(row)}"
        sql = self._insert_sql.get(key)
        if sql is None:
            sql = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in row)}) VALUES ({', '.join('?' * len(row))})"
            self._insert_sql[key] = sql
        try:
            self.db.conn.execute(sql, list(row.values()))
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"cannot save to {table}: {exc}") from None

    def _write(self, table: str, row: dict[str, Any]) -> None:
        with self.transaction():
            self._insert(table, row)

    def _update(self, table: str, id: str, changes: dict[str, Any]) -> None:
        sets = ", ".join(f"[{c}] = ?" for c in changes)
        with self.transaction():
            cur = self.db.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*changes.values(), id])
            if cur.rowcount == 0:
                raise StoreError(f"{table}: no row with id {id!r}")

    def _rows(self, sql: str, params: list | tuple = ()) -> list[dict[str, Any]]:
        cur = self.db.conn.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def _touch(self, deal_id: str) -> None:
        """The deal changed: it leads the deal list, and its revision goes up by one."""
        self.db.conn.execute(
            "UPDATE deals SET updated_at = ?, revision = revision + 1 WHERE id = ?", [now().isoformat().replace("+00:00", "Z"), deal_id]
        )

    def revision(self, deal_id: str) -> int:
        """How many times the deal has been written since it was created (0 for an unknown deal)."""
        row = self.db.conn.execute("SELECT revision FROM deals WHERE id = ?", [deal_id]).fetchone()
        return row[0] if row else 0

    # ------------------------------------------------------------ accounts and deals

    def add_account(self, account: Account) -> Account:
        self._write("accounts", _row(account))
        return account

    def account(self, account_id: str) -> Account:
        rows = self._rows("SELECT * FROM accounts WHERE id = ?", [account_id])
        if not rows:
            raise StoreError(f"no account with id {account_id!r}")
        return _model(Account, rows[0])

    def accounts(self) -> list[Account]:
        return [_model(Account, r) for r in self._rows("SELECT * FROM accounts ORDER BY name COLLATE NOCASE")]

    def find_account(self, name: str) -> Account | None:
        rows = self._rows("SELECT * FROM accounts WHERE name = ? COLLATE NOCASE", [name])
        return _model(Account, rows[0]) if rows else None

    def add_deal(self, deal: Deal) -> Deal:
        self._write("deals", _deal_row(deal))
        return deal

    def update_deal(self, deal: Deal) -> Deal:
        deal.updated_at = now()
        row = _deal_row(deal)
        row.pop("id")
        with self.transaction():
            self._update("deals", deal.id, row)
            self._touch(deal.id)
        return deal

    def deal(self, deal_id: str) -> Deal:
        rows = self._rows("SELECT * FROM deals WHERE id = ?", [deal_id])
        if not rows:
            raise DealNotFound(f"no deal with id {deal_id!r}")
        return _deal(rows[0])

    def deals(self, *, archived: bool | None = False, query: str = "") -> list[Deal]:
        """Deals, most recently changed first. ``archived=None`` gives all of them."""
        where, params = [], []
        if archived is not None:
            where.append("d.archived = ?")
            params.append(int(archived))
        if query:
            where.append("(d.title LIKE ? OR a.name LIKE ?)")
            params += [f"%{query}%", f"%{query}%"]
        sql = "SELECT d.* FROM deals d JOIN accounts a ON a.id = d.account_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.updated_at DESC, d.rowid DESC"
        return [_deal(r) for r in self._rows(sql, params)]

    def resolve_deal(self, ref: str) -> Deal:
        """A deal by id, or by a unique case-insensitive prefix of its title."""
        rows = self._rows("SELECT * FROM deals WHERE id = ?", [ref])
        if rows:
            return _deal(rows[0])
        escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._rows("SELECT * FROM deals WHERE title LIKE ? ESCAPE '\\' ORDER BY rowid", [escaped + "%"])
        if len(rows) == 1:
            return _deal(rows[0])
        if not rows:
            raise DealNotFound(f"no deal with id or title starting {ref!r} (see `spin-coach deals`)")
        names = ", ".join(f"{r['id']} ({r['title']})" for r in rows[:5])
        raise DealNotFound(f"{ref!r} matches {len(rows)} deals: {names}; give more of the title or the id")

    def set_archived(self, deal_id: str, archived: bool) -> None:
        with self.transaction():
            self._update("deals", deal_id, {"archived": int(archived)})
            self._touch(deal_id)

    def deal_summaries(self, *, archived: bool | None = False, query: str = "") -> list[dict[str, Any]]:
        """The deal list as plain rows (see :func:`spin_coach.store.summaries.deal_summaries`)."""
        return deal_summaries(self.db.conn, archived=archived, query=query)

    def delete_deal(self, deal_id: str) -> None:
        """Delete a deal and everything recorded for it (the caller confirms first)."""
        with self.transaction():
            problem_ids = [r["id"] for r in self._rows("SELECT id FROM problems WHERE deal_id = ?", [deal_id])]
            for pid in problem_ids:
                self.db.conn.execute("DELETE FROM implications WHERE problem_id = ?", [pid])
                self.db.conn.execute("DELETE FROM need_payoffs WHERE problem_id = ?", [pid])
            for table in ("problems", "notes", "answers", "meetings", "stakeholders"):
                self.db.conn.execute(f"DELETE FROM {table} WHERE deal_id = ?", [deal_id])
            self.db.conn.execute("DELETE FROM deals WHERE id = ?", [deal_id])

    # ------------------------------------------------------------ people and meetings

    def add_stakeholder(self, person: Stakeholder) -> Stakeholder:
        with self.transaction():
            self._insert("stakeholders", _row(person))
            self._touch(person.deal_id)
        return person

    def update_stakeholder(self, person: Stakeholder, *, fields: "Iterable[str] | None" = None) -> Stakeholder:
        """Write ``fields`` of ``person`` (all of them if not said): fields not named are left as stored,
        so an edit of one field never carries another window's older values back."""
        row = _row(person)
        row.pop("id")
        if fields is not None:
            row = {k: v for k, v in row.items() if k in set(fields)}
            if not row:
                return person
        with self.transaction():
            self._update("stakeholders", person.id, row)
            self._touch(person.deal_id)
        return person

    def remove_stakeholder(self, stakeholder_id: str) -> None:
        with self.transaction():
            deal = self.db.conn.execute("SELECT deal_id FROM stakeholders WHERE id = ?", [stakeholder_id]).fetchone()
            self.db.conn.execute("DELETE FROM answers WHERE stakeholder_id = ?", [stakeholder_id])
            self.db.conn.execute("DELETE FROM stakeholders WHERE id = ?", [stakeholder_id])
            if deal:
                self._touch(deal[0])

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        rows = self._rows("SELECT * FROM stakeholders WHERE id = ?", [stakeholder_id])
        if not rows:
            raise StoreError(f"no stakeholder with id {stakeholder_id!r}")
        return _model(Stakeholder, rows[0])

    def stakeholders(self, deal_id: str) -> list[Stakeholder]:
        return [_model(Stakeholder, r) for r in self._rows("SELECT * FROM stakeholders WHERE deal_id = ? ORDER BY rowid", [deal_id])]

    def add_meeting(self, meeting: Meeting) -> Meeting:
        with self.transaction():
            self._insert("meetings", _row(meeting))
            self._touch(meeting.deal_id)
        return meeting

    def update_meeting(self, meeting: Meeting) -> Meeting:
        row = _row(meeting)
        row.pop("id")
        with self.transaction():
            self._update("meetings", meeting.id, row)
            self._touch(meeting.deal_id)
        return meeting

    def save_meeting(self, meeting: Meeting) -> Meeting:
        """Insert or update a meeting."""
        with self.transaction():
            self._upsert("meetings", _row(meeting))
            self._touch(meeting.deal_id)
        return meeting

    def meetings(self, deal_id: str) -> list[Meeting]:
        return [_model(Meeting, r) for r in self._rows("SELECT * FROM meetings WHERE deal_id = ? ORDER BY rowid", [deal_id])]

    # ------------------------------------------------------------ what people said

    def save_answer(self, answer: Answer) -> Answer:
        """Insert or update an answer (the TUI saves the same answer as the seller types)."""
        with self.transaction():
            self._upsert("answers", _row(answer))
            self._touch(answer.deal_id)
        return answer

    def answers(self, deal_id: str, stakeholder_id: str | None = None) -> list[Answer]:
        if stakeholder_id:
            rows = self._rows("SELECT * FROM answers WHERE deal_id = ? AND stakeholder_id = ? ORDER BY rowid", [deal_id, stakeholder_id])
        else:
            rows = self._rows("SELECT * FROM answers WHERE deal_id = ? ORDER BY rowid", [deal_id])
        return [_model(Answer, r) for r in rows]

    def answer(self, answer_id: str) -> Answer | None:
        """One answer, or None when there is none with that id (yet)."""
        rows = self._rows("SELECT * FROM answers WHERE id = ?", [answer_id])
        return _model(Answer, rows[0]) if rows else None

    def delete_answer(self, answer_id: str) -> None:
        with self.transaction():
            deal = self.db.conn.execute("SELECT deal_id FROM answers WHERE id = ?", [answer_id]).fetchone()
            self.db.conn.execute("DELETE FROM answers WHERE id = ?", [answer_id])
            if deal:
                self._touch(deal[0])

    def save_note(self, note: Note) -> Note:
        """Insert or update one note line; an edited line keeps its place."""
        with self.transaction():
            self._upsert("notes", _row(note))
            self._touch(note.deal_id)
        return note

    def save_notes(self, notes: list[Note]) -> None:
        """Save several note lines in one commit (a meeting's pane flushes this way)."""
        with self.transaction():
            for note in notes:
                self._upsert("notes", _row(note))
            for deal_id in {n.deal_id for n in notes}:
                self._touch(deal_id)

    def delete_note(self, note_id: str) -> None:
        with self.transaction():
            deal = self.db.conn.execute("SELECT deal_id FROM notes WHERE id = ?", [note_id]).fetchone()
            self.db.conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
            if deal:
                self._touch(deal[0])

    def note_texts(self, note_ids: list[str]) -> dict[str, str]:
        """The stored text of each of these meeting lines that exists (one query per 500 ids)."""
        out: dict[str, str] = {}
        for start in range(0, len(note_ids), 500):
            chunk = note_ids[start : start + 500]
            rows = self.db.conn.execute(f"SELECT id, text FROM notes WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            out.update(dict(rows.fetchall()))
        return out

    def note(self, note_id: str) -> Note:
        rows = self._rows("SELECT * FROM notes WHERE id = ?", [note_id])
        if not rows:
            raise StoreError(f"no meeting line with id {note_id!r}")
        return _model(Note, rows[0])

    def notes(self, deal_id: str, meeting_id: str | None = None) -> list[Note]:
        if meeting_id:
            rows = self._rows("SELECT * FROM notes WHERE meeting_id = ? ORDER BY rowid", [meeting_id])
        else:
            rows = self._rows("SELECT * FROM notes WHERE deal_id = ? ORDER BY rowid", [deal_id])
        return [_model(Note, r) for r in rows]

    # ------------------------------------------------------------ the shared problem definition

    def save_problem(self, problem: Problem) -> Problem:
        """Insert or update a problem with its implications and need-payoffs, in one commit.

        Implications and need-payoffs stored but missing from ``problem`` are kept: a copy read
        before another window added one must never delete it. Removing is explicit
        (:meth:`delete_implication`, :meth:`delete_need_payoff`)."""
        with self.transaction():
            exists = self._rows("SELECT 1 FROM problems WHERE id = ?", [problem.id])
            row = _row(problem, exclude={"implications", "need_payoffs"})
            if exists:
                row.pop("id")
                self.db.conn.execute(
                    f"UPDATE problems SET {', '.join(f'[{c}] = ?' for c in row)} WHERE id = ?", [*row.values(), problem.id]
                )
            else:
                self._insert("problems", row)
            for imp in problem.implications:
                self._upsert("implications", _row(imp))
            for need in problem.need_payoffs:
                self._upsert("need_payoffs", _row(need))
            self._touch(problem.deal_id)
        return problem

    def _upsert(self, table: str, row: dict[str, Any]) -> None:
        # UPDATE then INSERT keeps the rowid (and so the order) of an existing row.
        cols = [c for c in row if c != "id"]
        cur = self.db.conn.execute(
            f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in cols)} WHERE id = ?", [*(row[c] for c in cols), row["id"]]
        )
        if cur.rowcount == 0:
            self._insert(table, row)

    def delete_implication(self, implication_id: str) -> None:
        self._delete_item("implications", implication_id)

    def delete_need_payoff(self, need_payoff_id: str) -> None:
        self._delete_item("need_payoffs", need_payoff_id)

    def _delete_item(self, table: str, item_id: str) -> None:
        with self.transaction():
            deal = self.db.conn.execute(
                f"SELECT p.deal_id FROM [{table}] t JOIN problems p ON p.id = t.problem_id WHERE t.id = ?", [item_id]
            ).fetchone()
            self.db.conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [item_id])
            if deal:
                self._touch(deal[0])

    def delete_problem(self, problem_id: str) -> None:
        with self.transaction():
            deal = self.db.conn.execute("SELECT deal_id FROM problems WHERE id = ?", [problem_id]).fetchone()
            self.db.conn.execute("DELETE FROM implications WHERE problem_id = ?", [problem_id])
            self.db.conn.execute("DELETE FROM need_payoffs WHERE problem_id = ?", [problem_id])
            self.db.conn.execute("DELETE FROM problems WHERE id = ?", [problem_id])
            if deal:
                self._touch(deal[0])

    def problem(self, problem_id: str) -> Problem:
        """One problem with its implications and need-payoffs."""
        rows = self._rows("SELECT deal_id FROM problems WHERE id = ?", [problem_id])
        if not rows:
            raise StoreError(f"no problem with id {problem_id!r}")
        found = next((p for p in self.problems(rows[0]["deal_id"]) if p.id == problem_id), None)
        if found is None:  # pragma: no cover - deleted between the two reads of one connection
            raise StoreError(f"no problem with id {problem_id!r}")
        return found

    def problem_of(self, item_id: str) -> Problem:
        """The problem that holds an implication or a need-payoff."""
        for table in ("implications", "need_payoffs"):
            row = self.db.conn.execute(f"SELECT problem_id FROM [{table}] WHERE id = ?", [item_id]).fetchone()
            if row:
                return self.problem(row[0])
        raise StoreError(f"no implication or need-payoff with id {item_id!r}")

    def problems(self, deal_id: str) -> list[Problem]:
        problems = [_model(Problem, r) for r in self._rows("SELECT * FROM problems WHERE deal_id = ? ORDER BY rowid", [deal_id])]
        if not problems:
            return []
        by_id = {p.id: p for p in problems}
        marks = ",".join("?" * len(by_id))
        for r in self._rows(f"SELECT * FROM implications WHERE problem_id IN ({marks}) ORDER BY rowid", list(by_id)):
            by_id[r["problem_id"]].implications.append(_model(Implication, r))
        for r in self._rows(f"SELECT * FROM need_payoffs WHERE problem_id IN ({marks}) ORDER BY rowid", list(by_id)):
            by_id[r["problem_id"]].need_payoffs.append(_model(NeedPayoff, r))
        return problems

    # ------------------------------------------------------------ whole deals

    def record(self, deal_id: str) -> DealRecord:
        """Everything about one deal, as one validated model."""
        deal = self.deal(deal_id)
        return DealRecord(
            revision=self.revision(deal_id),
            deal=deal,
            account=self.account(deal.account_id),
            stakeholders=self.stakeholders(deal_id),
            meetings=self.meetings(deal_id),
            answers=self.answers(deal_id),
            notes=self.notes(deal_id),
            problem_definition=ProblemDefinition(problems=self.problems(deal_id)),
        )

    def ids_in_use(self, record: DealRecord) -> list[str]:
        """Which of the record's ids already exist here (an import would clash on them)."""
        checks: list[tuple[str, list[str]]] = [
            ("deals", [record.deal.id]),
            ("stakeholders", [s.id for s in record.stakeholders]),
            ("meetings", [m.id for m in record.meetings]),
            ("answers", [a.id for a in record.answers]),
            ("notes", [n.id for n in record.notes]),
            ("problems", [p.id for p in record.problem_definition.problems]),
            ("implications", [i.id for p in record.problem_definition.problems for i in p.implications]),
            ("need_payoffs", [n.id for p in record.problem_definition.problems for n in p.need_payoffs]),
        ]
        clashes = []
        for table, ids in checks:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = self._rows(f"SELECT id FROM [{table}] WHERE id IN ({','.join('?' * len(chunk))})", chunk)
                clashes += [f"{table}.{r['id']}" for r in rows]
        return clashes

    def insert_record(self, record: DealRecord) -> None:
        """Write a whole deal in one transaction; any failure leaves the database unchanged."""
        with self.transaction():
            if not self._rows("SELECT 1 FROM accounts WHERE id = ?", [record.account.id]):
                self._insert("accounts", _row(record.account))
            self._insert("deals", _deal_row(record.deal))
            for s in record.stakeholders:
                self._insert("stakeholders", _row(s))
            for m in record.meetings:
                self._insert("meetings", _row(m))
            for a in record.answers:
                self._insert("answers", _row(a))
            for n in record.notes:
                self._insert("notes", _row(n))
            for p in record.problem_definition.problems:
                self._insert("problems", _row(p, exclude={"implications", "need_payoffs"}))
                for i in p.implications:
                    self._insert("implications", _row(i))
                for n in p.need_payoffs:
                    self._insert("need_payoffs", _row(n))

    # ------------------------------------------------------------ search

    def search(self, query: str, *, deal_id: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over answers and notes (see :func:`spin_coach.store.search.search`)."""
        return search(self._rows, query, deal_id=deal_id, limit=limit)
