"""The two documents: a pre-sell proposal and a call plan, from a deal record to text or bytes.

Which formats each document has, and how each is drawn, is in :mod:`.formats`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..banks import BankSet
from ..models import DealRecord, ServiceCatalog
from .context import build_proposal_context
from .formats import output_format
from .plan import build_plan_context


def render_proposal(
    record: DealRecord,
    banks: BankSet,
    *,
    fmt: str = "md",
    lang: str = "en",
    template: str | Path | None = None,
    catalog: ServiceCatalog | None = None,
    today: date | None = None,
) -> str | bytes:
    """The proposal in format ``fmt`` (see :func:`.formats.names_for`): text, or bytes for a binary format (Word)."""
    spec = output_format("proposal", fmt)
    context = build_proposal_context(record, banks, lang=lang, catalog=catalog, today=today)
    return spec.render("proposal", context, lang, template)


def render_plan(
    record: DealRecord,
    banks: BankSet,
    *,
    fmt: str = "md",
    lang: str = "en",
    stakeholder_id: str | None = None,
    template: str | Path | None = None,
    today: date | None = None,
) -> str | bytes:
    """Call plans in format ``fmt``: one page per stakeholder, or one stakeholder's page."""
    spec = output_format("plan", fmt)
    context = build_plan_context(record, banks, lang=lang, stakeholder_id=stakeholder_id, today=today)
    return spec.render("plan", context, lang, template)
