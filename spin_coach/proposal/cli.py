"""``spin-coach proposal`` and ``spin-coach plan``: thin click commands over the proposal package.

Imported by ``spin_coach/cli.py`` at start-up, so this module imports nothing
heavy at the top: Jinja2 and python-docx load only when a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMAT_BY_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _language(obj, explicit: str | None) -> str:
    from ..i18n import resolve_language

    return resolve_language(explicit or obj.lang)


def _pick_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...]) -> str:
    """``--format``, else the output file's extension, else Markdown."""
    if fmt:
        return fmt
    if output is not None and not output.is_dir():
        guessed = FORMAT_BY_SUFFIX.get(output.suffix.lower())
        if guessed in allowed:
            return guessed
    return "md"


def _catalog():
    """The seller's catalog; a broken one is reported and skipped, as a bad bank is."""
    from ..banks import BankError
    from ..catalog import load_catalog
    from ..models import BankInfo, ServiceCatalog

    try:
        return load_catalog()
    except BankError as exc:
        for problem in exc.problems:
            click.echo(f"warning: service catalog skipped: {problem}", err=True)
        return ServiceCatalog(catalog=BankInfo(id="none"), offers=[])


def _write(result: str | bytes, output: Path | None, force: bool, default_name: str) -> None:
    """To stdout, to a new file in a folder (never replacing one), or to a file (replaced only with --force)."""
    from ..cli import write_private
    from .files import write_export

    if output is None:
        if isinstance(result, str):
            click.echo(result, nl=False)
        elif sys.stdout.isatty():
            _fail("a Word document is binary; write it to a file with -o FILE or -o FOLDER")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(result)
            sys.stdout.buffer.flush()
        return
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if output.is_dir():
        done = write_export(output, default_name, data)
        if done.renamed:
            click.echo(f"{done.requested} already exists; wrote {done.path} instead", err=True)
        else:
            click.echo(f"wrote {done.path}", err=True)
        return
    if output.exists() and not force:
        _fail(f"{output} already exists; use --force to replace it, or -o FOLDER to get a new name")
    if not output.parent.is_dir():
        _fail(f"folder {output.parent} does not exist")
    write_private(output, data)
    click.echo(f"wrote {output}", err=True)


_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to FILE (refuses to replace it without --force), or into FOLDER under a name made from the deal title.",
)
_force_option = click.option("--force", is_flag=True, help="Replace the -o FILE if it exists.")
_lang_option = click.option("--lang", "doc_lang", type=click.Choice(["en", "ru"]), default=None, help="Language of the document.")


@click.command("proposal")
@click.argument("deal")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "docx"]), default=None, help="Output format (default: from -o's extension, else md).")
@click.option("--template", "template", metavar="PATH", default=None, help="A Jinja2 template file, or a name in your templates folder (md and html).")
@_lang_option
@_output_option
@_force_option
@click.pass_obj
def proposal_command(obj, deal: str, fmt: str | None, template: str | None, doc_lang: str | None, output: Path | None, force: bool) -> None:
    """Draft a pre-sell proposal for DEAL from its shared problem definition.

    Markdown and HTML go to stdout unless -o is given; Word needs -o.
    """
    from .documents import PROPOSAL_FORMATS, render_proposal
    from .files import export_name
    from .render import TemplateProblem

    record = obj.store.record(obj.deal(deal).id)
    chosen = _pick_format(fmt, output, PROPOSAL_FORMATS)
    lang = _language(obj, doc_lang)
    try:
        result = render_proposal(record, obj.banks, fmt=chosen, lang=lang, template=template, catalog=_catalog())  # type: ignore[arg-type]
    except TemplateProblem as exc:
        _fail(str(exc))
        return
    _write(result, output, force, export_name(record.deal.title, "proposal", chosen, lang))


@click.command("plan")
@click.argument("deal")
@click.option("--stakeholder", "stakeholder", metavar="ID", default=None, help="Only this stakeholder (id, or a unique prefix of the name).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default=None, help="Output format (default: from -o's extension, else md).")
@click.option("--template", "template", metavar="PATH", default=None, help="A Jinja2 template file, or a name in your templates folder.")
@_lang_option
@_output_option
@_force_option
@click.pass_obj
def plan_command(obj, deal: str, stakeholder: str | None, fmt: str | None, template: str | None, doc_lang: str | None, output: Path | None, force: bool) -> None:
    """Print call plans for DEAL: one page per stakeholder, the next best questions first."""
    from .documents import PLAN_FORMATS, render_plan
    from .files import export_name
    from .render import TemplateProblem

    record = obj.store.record(obj.deal(deal).id)
    person_id = _stakeholder(record, stakeholder) if stakeholder else None
    chosen = _pick_format(fmt, output, PLAN_FORMATS)
    lang = _language(obj, doc_lang)
    try:
        text = render_plan(record, obj.banks, fmt=chosen, lang=lang, stakeholder_id=person_id, template=template)  # type: ignore[arg-type]
    except TemplateProblem as exc:
        _fail(str(exc))
        return
    who = record.stakeholder(person_id).name if person_id else ""
    _write(text, output, force, export_name(f"{record.deal.title} {who}".strip(), "plan", chosen, lang))


def _stakeholder(record, ref: str) -> str:
    """A stakeholder id from an id or a unique, case-insensitive prefix of a name."""
    if record.stakeholder(ref):
        return ref
    wanted = ref.casefold()
    hits = [s for s in record.stakeholders if s.name.casefold().startswith(wanted)]
    if len(hits) == 1:
        return hits[0].id
    known = ", ".join(f"{s.id} ({s.name})" for s in record.stakeholders)
    if not hits:
        _fail(f"no stakeholder {ref!r} in this deal; known: {known}")
    _fail(f"{ref!r} matches {len(hits)} stakeholders; use the id: {known}")
    return ""
