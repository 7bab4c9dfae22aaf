"""``spin-coach export``, ``import`` and ``schema``: the JSON exchange format."""

from __future__ import annotations

from pathlib import Path

import click

from .context import Context, emit_json, fail, pass_context


@click.command("export")
@click.argument("deal")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout (refuses to replace it without --force).",
)
@click.option("--force", is_flag=True, help="Replace the -o FILE if it exists.")
@pass_context
def export_command(obj: Context, deal: str, output: Path | None, force: bool) -> None:
    """Write DEAL in the exchange format (JSON)."""
    from ..exchange import export_deal
    from ..paths import write_private

    text = export_deal(obj.store, obj.deal(deal).id)
    if not output:
        click.echo(text, nl=False)
        return
    if not output.parent.is_dir():
        fail(f"folder {output.parent} does not exist")
    try:
        # Without --force the file is created only if nothing is there, in the same step as checking.
        write_private(output, text.encode("utf-8"), replace=force)
    except FileExistsError:
        fail(f"{output} already exists; use --force to replace it")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    click.echo(f"wrote {output}", err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--as-new", is_flag=True, help="Import a copy under new ids instead of refusing ids already present.")
@pass_context
def import_command(obj: Context, file: str, as_new: bool) -> None:
    """Import a deal file, all or nothing; print the new deal's id."""
    from ..exchange import import_deal, read_deal_file

    # A file of absurd size is refused before it is read; one that is not UTF-8 by its byte.
    click.echo(import_deal(obj.actions, read_deal_file(file), file, as_new=as_new))


@click.command("schema")
def schema_command() -> None:
    """Print the exchange format's JSON Schema."""
    from ..exchange import json_schema

    emit_json(json_schema())
