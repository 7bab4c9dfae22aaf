"""``spin-coach banks list`` and ``banks validate``: the question banks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .context import Context, emit_json, pass_context, say


@click.group()
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
        say(f"{q.id:<32} {q.stage:<12} {who:<28} {q.ask(lang)}")
    say(f"{len(rows)} questions, {len(merged.roles)} roles from {len(merged.files)} files", err=True)


@banks.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def banks_validate(paths: tuple[Path, ...]) -> None:
    """Check bank files (default: the bundled and user banks). Exit 1 on any fault."""
    from ..banks import validate_paths

    merged, problems = validate_paths(paths)
    for problem in problems:
        say(str(problem), err=True)
    if problems:
        say(f"{len(problems)} problem(s) found", err=True)
        sys.exit(1)
    say(f"ok: {len(merged.files)} files, {len(merged.roles)} roles, {len(merged.questions)} questions")
