"""Store benchmarks: saving an answer (store vs raw sqlite3, same schema and
settings), full-text search over 1,000,000 notes, and loading the bundled banks."""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from common import median, percentile, row, time_calls

from spin_coach.actions import DealActions
from spin_coach.banks import load_banks
from spin_coach.demo import add_demo
from spin_coach.models import Answer
from spin_coach.store import Store

SAVES = 2000
NOTES = 1_000_000
QUERIES = 300
CACHE = Path(tempfile.gettempdir()) / "spin-coach-bench"


def bench_answer_save() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "store.db")
        deal_id = add_demo(DealActions(store), "en")
        answers = [
            Answer(deal_id=deal_id, stakeholder_id="s_demo_en_cfo", stage="implication",
                   text=f"Late invoices cost us about {i} thousand a month in financing") for i in range(SAVES)
        ]
        store_ms = time_calls(lambda i: store.save_answer(answers[i]), SAVES)
        # The same save as the app makes it: through the write layer, with its change notice.
        actions = DealActions(store, [lambda change: None])
        action_ms = time_calls(
            lambda i: actions.save_answer(
                answer_id=f"ans_bench_{i}", deal_id=deal_id, stakeholder_id="s_demo_en_cfo", stage="implication",
                text=f"Late invoices cost us about {i} thousand a month in financing",
            ),
            SAVES,
        )
        store.close()

        raw_path = Path(tmp) / "raw.db"
        Store.open(raw_path).close()
        conn = sqlite3.connect(raw_path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("INSERT INTO accounts (id, name) VALUES ('a', 'A')")
        conn.execute(
            "INSERT INTO deals (id, account_id, title, journey_stage, currency, relationship, attractiveness, created_at, updated_at)"
            " VALUES ('d', 'a', 'D', 'shared_problem_understanding', 'EUR', 'weak', 'low', '', '')"
        )
        conn.execute("INSERT INTO stakeholders (id, deal_id, name, role, influence, attitude, channel) VALUES ('s', 'd', 'S', 'finance', 'decision_maker', 'neutral', 'meeting')")
        sql = "INSERT INTO answers (id, deal_id, stakeholder_id, question_id, question_text, stage, text, at, meeting_id) VALUES (?,?,?,?,?,?,?,?,?)"

        def raw_save(i: int) -> None:
            conn.execute("BEGIN")
            conn.execute(sql, (f"r{i}", "d", "s", None, "", "implication", f"Late invoices cost us about {i} thousand a month in financing", "2026-10-06T09:00:00Z", None))
            conn.execute("COMMIT")

        raw_ms = time_calls(raw_save, SAVES)
        conn.close()
    s50, s99, r50, r99 = median(store_ms), percentile(store_ms, 99), median(raw_ms), percentile(raw_ms, 99)
    return [
        row("answer save p50, store", s50, "ms", "—", True),
        row("answer save p50, raw sqlite3 (same schema)", r50, "ms", "—", True),
        row("answer save p99, store", s99, "ms", "≤ 1 ms", s99 <= 1.0),
        row("answer save p99, through the write layer (DealActions.save_answer)", percentile(action_ms, 99), "ms", "—", True),
        row("answer save p99, raw sqlite3 (same schema)", r99, "ms", "—", True),
        row("answer save p50, store ÷ raw", s50 / r50, "×", "—", True),
    ]


STOPWORDS = ("the and to of a in we is it for on that they with at by this from our are was be not "
             "as have but or so if all".split())


def _vocabulary(rng: random.Random) -> list[str]:
    """Words by frequency rank: stop words first, then sales words, then invented ones."""
    base = ("order invoice delay erp backlog credit note customer depot peak season warehouse export "
            "integration failure overtime budget tender security contract approval margin revenue chain "
            "retail capacity scale manual entry error price discount payment cash forecast report").split()
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "zu", "ge", "ba", "fi"]
    words = list(STOPWORDS) + [w for w in base if w not in STOPWORDS]
    seen = set(words)
    while len(words) < 20000:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _build_notes_db(path: Path) -> list[str]:
    rng = random.Random(7)
    vocab = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]  # Zipf: a few words are everywhere
    if not path.exists():
        tmp = path.with_suffix(".partial")
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        store = Store.open(tmp)
        add_demo(DealActions(store), "en")
        store.close()
        conn = sqlite3.connect(tmp, isolation_level=None)
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("DROP TRIGGER notes_ai")  # bulk load, then build the index once
        conn.execute("BEGIN")
        batch = []
        for i in range(NOTES):
            text = " ".join(rng.choices(vocab, weights, k=rng.randint(6, 16)))
            batch.append((f"n{i}", "d_demo_en", "m_demo_en_1", "2026-10-06T09:00:00Z", text))
            if len(batch) == 20000:
                conn.executemany("INSERT INTO notes (id, deal_id, meeting_id, at, text) VALUES (?,?,?,?,?)", batch)
                batch.clear()
        conn.execute("COMMIT")
        conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")
        conn.execute(
            "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN "
            "INSERT INTO notes_fts (rowid, text) VALUES (new.rowid, new.text); END"
        )
        conn.close()
        os.replace(tmp, path)
    return vocab


def bench_search() -> list[dict]:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"notes-v3-{NOTES}.db"  # v3: the schema with line kinds
    started = time.perf_counter()
    built = not path.exists()
    vocab = _build_notes_db(path)
    build_s = time.perf_counter() - started
    store = Store.open(path)
    rng = random.Random(11)
    # A mix a seller would type (never stop words alone): the most common content
    # words, rarer words, and two-word queries. Word stems (``orde*``) are an
    # extra of spin-coach's search, measured on their own row.
    content = vocab[len(STOPWORDS):]
    queries = [rng.choice(content[:40]) for _ in range(QUERIES // 3)]
    queries += [rng.choice(content[40:5000]) for _ in range(QUERIES // 3)]
    queries += [f"{rng.choice(content[:40])} {rng.choice(content[:400])}" for _ in range(QUERIES - len(queries))]
    stems = [rng.choice([w for w in content[:400] if len(w) >= 5])[:-1] + "*" for _ in range(QUERIES // 3)]
    store.search(queries[0])  # warm the page cache
    ms = time_calls(lambda i: store.search(queries[i], limit=20), len(queries))
    stem_ms = time_calls(lambda i: store.search(stems[i], limit=20), len(stems))
    count = store.db.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    store.close()
    p99 = percentile(ms, 99)
    out = [
        row(f"search p50, {count:,} notes, top 20", median(ms), "ms", "—", True),
        row(f"search p99, {count:,} notes, top 20", p99, "ms", "≤ 15 ms", p99 <= 15),
        row(f"search p99, word stems (orde*), {count:,} notes", percentile(stem_ms, 99), "ms", "— (not a bar)", True),
    ]
    if built:
        out.append(row("building the 1,000,000-note index (one-off, not a bar)", build_s, "s", "—", True))
    return out


def bench_banks() -> list[dict]:
    load_banks(include_user=False)  # first import of tomllib etc.
    ms = time_calls(lambda i: load_banks(include_user=False), 20)
    count = len(load_banks(include_user=False).questions)
    med = median(ms)
    return [row(f"loading the bundled banks ({count} questions)", med, "ms", "≤ 50 ms", med <= 50)]


def run() -> list[dict]:
    return bench_answer_save() + bench_banks() + bench_search()
