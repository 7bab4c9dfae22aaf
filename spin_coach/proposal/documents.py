"""The two documents: a pre-sell proposal and a call plan, from a deal record to text or bytes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

from ..banks import BankSet
from ..models import DealRecord, ServiceCatalog
from .context import build_proposal_context
from .markdown import markdown_context
from .plan import build_plan_context
from .render import TemplateProblem, find_template, render_template

ProposalFormat = Literal["md", "html", "docx"]
PlanFormat = Literal["md", "html"]
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
PROPOSAL_FORMATS: tuple[str, ...] = ("md", "html", "docx")
PLAN_FORMATS: tuple[str, ...] = ("md", "html")


def _render(kind: str, context, fmt: str, lang: str, template: str | Path | None) -> str:
    folders, name = find_template(kind, fmt, lang, template)
    data = context.model_dump(mode="json")
    if fmt == "md":
        data = markdown_context(data)
    text = render_template(name, folders, fmt, data)  # type: ignore[arg-type]
    if fmt == "md":  # macros and loops leave runs of blank lines; Markdown reads one as many
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip() + "\n"


def render_proposal(
    record: DealRecord,
    banks: BankSet,
    *,
    fmt: ProposalFormat = "md",
    lang: str = "en",
    template: str | Path | None = None,
    catalog: ServiceCatalog | None = None,
    today: date | None = None,
) -> str | bytes:
    """The proposal as Markdown or HTML text, or a Word document's bytes (``fmt="docx"``)."""
    if fmt not in PROPOSAL_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(PROPOSAL_FORMATS)}")
    context = build_proposal_context(record, banks, lang=lang, catalog=catalog, today=today)
    if fmt == "docx":
        if template is not None:
            raise TemplateProblem(str(template), "a Word document is built from the context, not from a template; use --format md or html with --template")
        from .docx import proposal_docx

        return proposal_docx(context)
    return _render("proposal", context, fmt, lang, template)


def render_plan(
    record: DealRecord,
    banks: BankSet,
    *,
    fmt: PlanFormat = "md",
    lang: str = "en",
    stakeholder_id: str | None = None,
    template: str | Path | None = None,
    today: date | None = None,
) -> str:
    """Call plans as Markdown or HTML: one page per stakeholder, or one stakeholder's page."""
    if fmt not in PLAN_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(PLAN_FORMATS)}")
    context = build_plan_context(record, banks, lang=lang, stakeholder_id=stakeholder_id, today=today)
    return _render("plan", context, fmt, lang, template)
