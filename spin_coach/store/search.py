"""Full-text search of answers and notes (SQLite FTS5), fast at a million rows."""

from __future__ import annotations

from typing import Any, Callable

Rows = Callable[[str, list], list[dict[str, Any]]]

# Ranking looks at this many of the newest matches of each kind: bm25 over every
# hit of a common word costs hundreds of milliseconds at a million notes.
RECENT_HITS = 2000


def search(fetch: Rows, query: str, *, deal_id: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over answers and notes: the best matches among the newest hits.

    The query is taken as words, not FTS syntax, so punctuation typed by a
    seller never raises an error; a word ending in ``*`` matches every word
    it starts (``заказ*`` finds заказы, заказов). Ranking (bm25) looks at the
    newest ``RECENT_HITS`` matches of each kind, which keeps a search of a
    million notes within a frame. Each hit: kind, id, deal_id,
    stakeholder_id, at, text, snippet.
    """
    terms = []
    for word in query.replace('"', " ").split():
        stem = word.rstrip("*")
        if stem:
            terms.append(f'"{stem}"*' if word.endswith("*") else f'"{stem}"')
    if not terms:
        return []
    match = " ".join(terms)
    hits: list[dict[str, Any]] = []
    for kind, table in (("answer", "answers"), ("note", "notes")):
        fts = f"[{table}_fts]"
        if deal_id:
            recent = (
                f"SELECT f.rowid AS rowid, f.rank AS rank FROM {fts} f JOIN [{table}] t ON t.rowid = f.rowid"
                f" WHERE {fts} MATCH ? AND t.deal_id = ? ORDER BY f.rowid DESC LIMIT {RECENT_HITS}"
            )
            params: list[Any] = [match, deal_id]
        else:
            recent = f"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT {RECENT_HITS}"
            params = [match]
        best = fetch(f"SELECT rowid, rank FROM ({recent}) ORDER BY rank LIMIT ?", [*params, limit])
        if not best:
            continue
        ranks = {r["rowid"]: r["rank"] for r in best}
        rows = fetch(
            f"SELECT t.rowid AS rowid, '{kind}' AS kind, t.id, t.deal_id, t.stakeholder_id, t.at, t.text,"
            f" snippet({fts}, 0, '[', ']', '…', 12) AS snippet"
            f" FROM {fts} f JOIN [{table}] t ON t.rowid = f.rowid"
            f" WHERE {fts} MATCH ? AND f.rowid IN ({','.join('?' * len(ranks))})",
            [match, *ranks],
        )
        for r in rows:
            r["rank"] = ranks[r.pop("rowid")]
        hits += rows
    hits.sort(key=lambda h: h["rank"])
    for h in hits:
        h.pop("rank")
    return hits[:limit]
