"""The command line: click commands, thin over the core, one module per group of commands.

``import spin_coach.cli`` loads click and the shared :class:`~.context.Context`,
nothing else: a command's module loads when that command is named (or when
``--help`` lists it), so ``spin-coach`` alone opens the app without first
paying for the coach, Jinja2, the store's models or the exchange. This table
is the one place that laziness lives; a new command is one entry here.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click

from ..i18n import SUPPORTED
from ..paths import default_db_path
from .context import Context, fail, is_core_error

COMMANDS = {
    "banks": "banks:banks",
    "deals": "deals:deals",
    "demo": "deals:demo",
    "export": "exchange:export_command",
    "import": "exchange:import_command",
    "plan": "documents:plan_command",
    "proposal": "documents:proposal_command",
    "review": "review:review_command",
    "schema": "exchange:schema_command",
    "search": "search:search",
}
"""Command name → ``module:attribute`` inside this package."""


class Group(click.Group):
    """Loads each command's module when it is asked for, and turns the core's
    errors into one clear line on stderr and exit status 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module, _, attr = COMMANDS[name].partition(":")
            return getattr(import_module(f".{module}", __name__), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if not is_core_error(exc):
                raise
            fail(str(exc))


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SPIN_COACH_DB",
    help="Database file (default: the user data folder; env SPIN_COACH_DB).",
)
@click.option(
    "--banks",
    "bank_dirs",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Extra question-bank folder or file, loaded after the bundled and user banks (repeatable).",
)
@click.option("--lang", type=click.Choice(SUPPORTED), default=None, help="Language of the app and its output.")
@click.version_option(package_name="spin-coach")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, bank_dirs: tuple[Path, ...], lang: str | None) -> None:
    """spin-coach: SPIN discovery across the buying group, one shared problem definition.

    With no command, opens the terminal app.
    """
    ctx.obj = Context(db_path or default_db_path(), list(bank_dirs), lang)
    if ctx.invoked_subcommand is None:
        from ..tui.app import run

        run(ctx.obj.db_path, ctx.obj.bank_dirs, lang)


__all__ = ["COMMANDS", "Context", "Group", "main"]
