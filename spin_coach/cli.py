"""The command line: a thin layer over the core. The TUI is imported only when opened."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .paths import default_db_path


class Context:
    """What the group's options say, and the store and banks opened on first use."""

    def __init__(self, db_path: Path, bank_dirs: list[Path], lang: str | None):
        self.db_path = db_path
        self.bank_dirs = bank_dirs
        self.lang = lang
        self._store = None
        self._actions = None
        self._banks = None

    @property
    def store(self):
        if self._store is None:
            from .store import Store

            self._store = Store.open(self.db_path)
        return self._store

    @property
    def actions(self):
        """The write layer over the store: every command that changes data goes through it."""
        if self._actions is None:
            from .actions import DealActions

            self._actions = DealActions(self.store)
        return self._actions

    @property
    def banks(self):
        if self._banks is None:
            from .banks import load_banks

            self._banks = load_banks(self.bank_dirs)
            for problem in self._banks.problems:
                click.echo(f"warning: skipped bank: {problem}", err=True)
        return self._banks

    def deal(self, ref: str):
        return self.store.resolve_deal(ref)


pass_context = click.make_pass_decorator(Context)


# Commands whose modules load only when asked for: `spin-coach` alone (the app)
# must not pay for the coaching engine and the proposal renderer at start-up.
LAZY_COMMANDS = {
    "review": ("spin_coach.coach.cli", "review_command"),
    "plan": ("spin_coach.proposal.cli", "plan_command"),
    "proposal": ("spin_coach.proposal.cli", "proposal_command"),
}


class Group(click.Group):
    """Loads heavy commands lazily, and turns the core's errors into one clear
    line on stderr and exit status 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            import importlib

            module, attr = LAZY_COMMANDS[name]
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        from .exchange import ExchangeError
        from .store import StoreError

        try:
            return super().invoke(ctx)
        except (StoreError, ExchangeError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
@click.option("--lang", type=click.Choice(["en", "ru"]), default=None, help="Language of the app and its output.")
@click.version_option(package_name="spin-coach")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, bank_dirs: tuple[Path, ...], lang: str | None) -> None:
    """spin-coach: SPIN discovery across the buying group, one shared problem definition.

    With no command, opens the terminal app.
    """
    ctx.obj = Context(db_path or default_db_path(), list(bank_dirs), lang)
    if ctx.invoked_subcommand is None:
        from .tui.app import run

        run(ctx.obj.db_path, ctx.obj.bank_dirs, lang)


# ---------------------------------------------------------------- deals


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--archived", is_flag=True, help="Include archived deals.")
@pass_context
def deals(obj: Context, as_json: bool, archived: bool) -> None:
    """List deals, most recently changed first."""
    store = obj.store
    rows = []
    accounts = {a.id: a for a in store.accounts()}
    for deal in store.deals(archived=None if archived else False):
        rows.append(
            {
                "id": deal.id,
                "title": deal.title,
                "account": accounts[deal.account_id].name,
                "journey_stage": deal.journey_stage,
                "stakeholders": len(store.stakeholders(deal.id)),
                "archived": deal.archived,
                "updated_at": deal.updated_at.isoformat().replace("+00:00", "Z"),
            }
        )
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No deals yet. `spin-coach demo` adds a sample deal; `spin-coach` opens the app.")
        return
    width = max(len(r["title"]) for r in rows)
    for r in rows:
        flag = "  (archived)" if r["archived"] else ""
        click.echo(f"{r['id']}  {r['title']:<{width}}  {r['account']}  · {r['journey_stage']}  · {r['stakeholders']} people{flag}")


@main.command()
@click.option("--lang", "demo_lang", type=click.Choice(["en", "ru"]), default=None, help="Language of the sample deal.")
@pass_context
def demo(obj: Context, demo_lang: str | None) -> None:
    """Add a realistic sample deal (once; running it again changes nothing) and print its id."""
    from .demo import add_demo

    click.echo(add_demo(obj.actions, demo_lang or obj.lang or "en"))


# ---------------------------------------------------------------- exchange


@main.command("export")
@click.argument("deal")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@pass_context
def export_cmd(obj: Context, deal: str, output: Path | None) -> None:
    """Write DEAL in the exchange format (JSON)."""
    from .exchange import export_deal

    text = export_deal(obj.store, obj.deal(deal).id)
    if output:
        write_private(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--as-new", is_flag=True, help="Import a copy under new ids instead of refusing ids already present.")
@pass_context
def import_cmd(obj: Context, file: str, as_new: bool) -> None:
    """Import a deal file, all or nothing; print the new deal's id."""
    from .exchange import ExchangeError, import_deal

    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(file, [f"not UTF-8 text (byte {exc.start})"]) from None
    click.echo(import_deal(obj.actions, text, file, as_new=as_new))


@main.command()
def schema() -> None:
    """Print the exchange format's JSON Schema."""
    from .exchange import json_schema

    emit_json(json_schema())


# ---------------------------------------------------------------- search


@main.command()
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
        click.echo("No matches.", err=True)
        return
    for h in hits:
        click.echo(f"{h['kind']:<6} {h['id']}  {h['at'][:16]}  {h['snippet']}")


# ---------------------------------------------------------------- banks


@main.group()
def banks() -> None:
    """Question banks: list and validate."""


@banks.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print every merged question as JSON.")
@pass_context
def banks_list(obj: Context, as_json: bool) -> None:
    """List the merged questions of every bank."""
    merged = obj.banks
    rows = [
        {
            "id": q.id,
            "stage": q.stage,
            "roles": q.roles,
            "languages": sorted(q.text),
            "journey": q.journey,
            "follow_ups": q.follow_ups,
            "feeds": q.feeds,
            "research": q.research,
            "tags": q.tags,
            "text": q.text,
            "purpose": q.purpose,
            "source": q.source,
        }
        for q in merged.questions.values()
    ]
    if as_json:
        emit_json(rows)
        return
    lang = obj.lang or "en"
    for q in merged.questions.values():
        who = ",".join(q.roles) or "all"
        click.echo(f"{q.id:<32} {q.stage:<12} {who:<28} {q.ask(lang)}")
    click.echo(f"{len(rows)} questions, {len(merged.roles)} roles from {len(merged.files)} files", err=True)


@banks.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def banks_validate(paths: tuple[Path, ...]) -> None:
    """Check bank files (default: the bundled and user banks). Exit 1 on any fault."""
    from .banks import validate_paths

    merged, problems = validate_paths(paths)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(merged.files)} files, {len(merged.roles)} roles, {len(merged.questions)} questions")


def write_private(path: Path, data: bytes) -> None:
    """Write a file that holds client data, readable by the user alone."""
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)

