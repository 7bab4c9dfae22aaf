"""``spin-coach search``: full-text search of what stakeholders said and meeting notes."""

from __future__ import annotations

import click

from .context import Context, emit_json, pass_context, say


@click.command()
@click.argument("query")
@click.option("--deal", "deal_ref", help="Only this deal (id or title prefix).")
@click.option("--limit", default=20, show_default=True, help="Most hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def search(obj: Context, query: str, deal_ref: str | None, limit: int, as_json: bool) -> None:
    """Full-text search of answers and meeting notes."""
    store = obj.store
    deal_id = obj.deal(deal_ref).id if deal_ref else None
    hits = store.search(query, deal_id=deal_id, limit=limit)
    if as_json:
        emit_json(hits)
        return
    if not hits:
        say("No matches.", err=True)
        return
    for h in hits:
        say(f"{h['kind']:<6} {h['id']}  {h['at'][:16]}  {h['snippet']}")
