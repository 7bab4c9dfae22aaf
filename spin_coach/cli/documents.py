"""``spin-coach proposal`` and ``spin-coach plan``: thin click commands over the proposal package.

Their ``--format`` choices, and the format an ``-o FILE`` name asks for, come
from the one table of output formats (:mod:`spin_coach.proposal.formats`).
Jinja2 and python-docx load only when a document is rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import SUPPORTED
from ..proposal.formats import OutputFormat, format_of_file, formats_for, names_for, output_format
from .context import Context, fail, pass_context, say


def _pick_format(document: str, name: str | None, output: Path | None) -> OutputFormat:
    """``--format``, else the format the output file's suffix names, else the document's default."""
    if name:
        return output_format(document, name)
    if output is not None and not output.is_dir():
        guessed = format_of_file(document, output)
        if guessed is not None:
            return guessed
    return formats_for(document)[0]


def _catalog():
    """The seller's catalog; a broken one is reported and skipped, as a bad bank is."""
    from ..banks import BankError
    from ..catalog import load_catalog
    from ..models import BankInfo, ServiceCatalog

    try:
        return load_catalog()
    except BankError as exc:
        for problem in exc.problems:
            say(f"warning: service catalog skipped: {problem}", err=True)
        return ServiceCatalog(catalog=BankInfo(id="none"), offers=[])


def _write(result: str | bytes, output: Path | None, force: bool, default_name: str) -> None:
    """To stdout, to a new file in a folder (never replacing one), or to a file (replaced only with --force)."""
    from ..paths import write_private
    from ..proposal.files import write_export

    if output is None:
        if isinstance(result, str):
            say(result, nl=False)  # client text is already visible; so is anything a user template wrote
        elif sys.stdout.isatty():
            fail("a Word document is binary; write it to a file with -o FILE or -o FOLDER")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(result)
            sys.stdout.buffer.flush()
        return
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    if output.is_dir():
        done = write_export(output, default_name, data)
        if done.renamed:
            say(f"{done.requested} already exists; wrote {done.path} instead", err=True)
        else:
            say(f"wrote {done.path}", err=True)
        return
    if output.exists() and not force:
        fail(f"{output} already exists; use --force to replace it, or -o FOLDER to get a new name")
    if not output.parent.is_dir():
        fail(f"folder {output.parent} does not exist")
    write_private(output, data)
    say(f"wrote {output}", err=True)


def _format_option(document: str):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(names_for(document)),
        default=None,
        help=f"Output format (default: from -o's extension, else {names_for(document)[0]}).",
    )


def _templated(document: str) -> str:
    """The formats of ``document`` that a --template can draw: ``md and html``."""
    return " and ".join(f.name for f in formats_for(document) if f.templates)


_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to FILE (refuses to replace it without --force), or into FOLDER under a name made from the deal title.",
)
_force_option = click.option("--force", is_flag=True, help="Replace the -o FILE if it exists.")
_lang_option = click.option("--lang", "doc_lang", type=click.Choice(SUPPORTED), default=None, help="Language of the document.")


@click.command("proposal")
@click.argument("deal")
@_format_option("proposal")
@click.option("--template", "template", metavar="PATH", default=None, help=f"A Jinja2 template file, or a name in your templates folder ({_templated('proposal')}).")
@_lang_option
@_output_option
@_force_option
@pass_context
def proposal_command(obj: Context, deal: str, fmt: str | None, template: str | None, doc_lang: str | None, output: Path | None, force: bool) -> None:
    """Draft a pre-sell proposal for DEAL from its shared problem definition.

    Markdown and HTML go to stdout unless -o is given; Word needs -o.
    """
    from ..proposal.documents import render_proposal
    from ..proposal.files import export_name

    record = obj.store.record(obj.deal(deal).id)
    chosen = _pick_format("proposal", fmt, output)
    lang = obj.language(doc_lang)
    result = render_proposal(record, obj.banks, fmt=chosen.name, lang=lang, template=template, catalog=_catalog())
    _write(result, output, force, export_name(record.deal.title, "proposal", chosen.suffix, lang))


@click.command("plan")
@click.argument("deal")
@click.option("--stakeholder", "stakeholder", metavar="ID", default=None, help="Only this stakeholder (id, or a unique prefix of the name).")
@_format_option("plan")
@click.option("--template", "template", metavar="PATH", default=None, help="A Jinja2 template file, or a name in your templates folder.")
@_lang_option
@_output_option
@_force_option
@pass_context
def plan_command(obj: Context, deal: str, stakeholder: str | None, fmt: str | None, template: str | None, doc_lang: str | None, output: Path | None, force: bool) -> None:
    """Print call plans for DEAL: one page per stakeholder, the next best questions first."""
    from ..proposal.documents import render_plan
    from ..proposal.files import export_name

    record = obj.store.record(obj.deal(deal).id)
    person_id = _stakeholder(record, stakeholder) if stakeholder else None
    chosen = _pick_format("plan", fmt, output)
    lang = obj.language(doc_lang)
    result = render_plan(record, obj.banks, fmt=chosen.name, lang=lang, stakeholder_id=person_id, template=template)
    who = record.stakeholder(person_id).name if person_id else ""
    _write(result, output, force, export_name(f"{record.deal.title} {who}".strip(), "plan", chosen.suffix, lang))


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
        fail(f"no stakeholder {ref!r} in this deal; known: {known}")
    fail(f"{ref!r} matches {len(hits)} stakeholders; use the id: {known}")
