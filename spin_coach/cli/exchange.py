"""``spin-coach export``, ``import`` and ``schema``: the JSON exchange format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .context import Context, emit_json, pass_context


@click.command("export")
@click.argument("deal")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@pass_context
def export_command(obj: Context, deal: str, output: Path | None) -> None:
    """Write DEAL in the exchange format (JSON)."""
    from ..exchange import export_deal
    from ..paths import write_private

    text = export_deal(obj.store, obj.deal(deal).id)
    if output:
        write_private(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--as-new", is_flag=True, help="Import a copy under new ids instead of refusing ids already present.")
@pass_context
def import_command(obj: Context, file: str, as_new: bool) -> None:
    """Import a deal file, all or nothing; print the new deal's id."""
    from ..exchange import ExchangeError, import_deal

    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(file, [f"not UTF-8 text (byte {exc.start})"]) from None
    click.echo(import_deal(obj.actions, text, file, as_new=as_new))


@click.command("schema")
def schema_command() -> None:
    """Print the exchange format's JSON Schema."""
    from ..exchange import json_schema

    emit_json(json_schema())
