"""``spin-coach deals`` and ``spin-coach demo``: the deal list, and the sample deal."""

from __future__ import annotations

import click

from ..i18n import SUPPORTED
from ..safe_text import visible
from .context import Context, emit_json, pass_context, say


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--archived", is_flag=True, help="Include archived deals.")
@pass_context
def deals(obj: Context, as_json: bool, archived: bool) -> None:
    """List deals, most recently changed first."""
    rows = [
        {
            "id": row["id"],
            "title": row["title"],
            "account": row["account"],
            "journey_stage": row["journey_stage"],
            "stakeholders": row["people"],
            "archived": row["archived"],
            "updated_at": row["updated_at"],
        }
        for row in obj.store.deal_summaries(archived=None if archived else False)
    ]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        say("No deals yet. `spin-coach demo` adds a sample deal; `spin-coach` opens the app.")
        return
    width = max(len(visible(r["title"])) for r in rows)
    for r in rows:
        flag = "  (archived)" if r["archived"] else ""
        say(f"{r['id']}  {visible(r['title']):<{width}}  {r['account']}  · {r['journey_stage']}  · {r['stakeholders']} people{flag}")


@click.command()
@click.option("--lang", "demo_lang", type=click.Choice(SUPPORTED), default=None, help="Language of the sample deal.")
@pass_context
def demo(obj: Context, demo_lang: str | None) -> None:
    """Add a realistic sample deal (once; running it again changes nothing) and print its id."""
    from ..demo import add_demo

    click.echo(add_demo(obj.actions, demo_lang or obj.lang or "en"))
