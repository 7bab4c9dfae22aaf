"""Live nudges: what the research behind SPIN says to do next, as the seller works.

- Rackham: weak calls over-use situation questions; strong ones grow each
  problem into implications and let the client state the payoff.
- Large studies of recorded discovery calls find that calls peak at 11–14
  questions; past that the call turns into an interrogation.
- A deal needs one problem the decision makers share, in economic terms, so a
  silent economic buyer or a problem only one person holds is a risk.

The coach finds what is missing once (:mod:`.gaps`); a nudge is a gap of a
:data:`~.gaps.NudgeKind` worded for the seller: what is wrong and, in
``action``, what to do next.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..banks import BankSet
from ..models import DealRecord
from .gaps import GAP_ORDER, NUDGE_KINDS, QUESTION_PEAK, Gap, NudgeKind, Severity, find_gaps, rank
from .index import DealIndex
from .text import msg, names, quote

# The order nudges are shown in, within a severity: the gaps' own order.
KINDS: tuple[NudgeKind, ...] = tuple(k for k in GAP_ORDER if k in NUDGE_KINDS)  # type: ignore[misc]

__all__ = ["KINDS", "QUESTION_PEAK", "Nudge", "Severity", "nudges", "nudges_from", "word_nudges"]


class Nudge(BaseModel):
    """One piece of coaching: what the seller should notice and what to do next."""

    kind: NudgeKind
    severity: Severity
    message: str
    action: str
    stakeholder_id: str | None = None
    problem_id: str | None = None


def nudges(record: DealRecord, banks: BankSet, *, lang: str = "en", meeting_id: str | None = None) -> list[Nudge]:
    """Nudges for the deal, warnings first; meeting rules look at ``meeting_id``, else the latest meeting."""
    return nudges_from(DealIndex(record, banks), lang=lang, meeting_id=meeting_id)


def nudges_from(index: DealIndex, *, lang: str = "en", meeting_id: str | None = None, gaps: list[Gap] | None = None) -> list[Nudge]:
    """:func:`nudges` over an index (and the gaps found for ``meeting_id``) already built."""
    if gaps is None:
        gaps = find_gaps(index, meeting_id=meeting_id)
    return word_nudges(index, gaps, lang)


def word_nudges(index: DealIndex, gaps: list[Gap], lang: str = "en") -> list[Nudge]:
    """The gaps of a nudge kind worded as nudges, warnings first, then in the gaps' order.

    The people never met become one nudge that lists them all and suggests a key stakeholder first.
    """
    out: list[Nudge] = []
    never_met = [g for g in gaps if g.kind == "never_met"]
    for gap in sorted((g for g in gaps if g.kind in NUDGE_KINDS), key=rank):
        if gap.kind == "never_met":
            if gap is never_met[0]:
                out.append(_never_met(index, never_met, lang))
        else:
            out.append(_word(index, gap, lang))
    return out


def _nudge(gap: Gap, lang: str, *, variant: str = "", action_variant: str = "", **values) -> Nudge:
    return Nudge(
        kind=gap.kind,  # type: ignore[arg-type]  # only nudge kinds reach here
        severity=gap.severity,
        message=msg(f"nudge.{gap.kind}.message{variant}", lang, **values),
        action=msg(f"nudge.{gap.kind}.action{action_variant}", lang, **values),
        stakeholder_id=gap.stakeholder_id,
        problem_id=gap.problem_id,
    )


def _word(index: DealIndex, gap: Gap, lang: str) -> Nudge:
    kind = gap.kind
    if kind == "situation_heavy":
        where = msg("where.meeting" if gap.meeting_id else "where.deal", lang)
        return _nudge(gap, lang, n=gap.evidence["situation"], total=gap.evidence["total"], where=where)
    if kind in ("too_many_questions", "near_question_peak"):
        return _nudge(gap, lang, **gap.evidence)
    if kind in ("missing_key_role", "missing_role"):
        return _nudge(gap, lang, role=index.banks.role_label(gap.role or "", lang))
    problem = next((p for p in index.problems if p.id == gap.problem_id), None)
    if kind in ("economic_buyer_no_problem", "key_stakeholder_no_problem"):
        person_id = gap.stakeholder_id or ""
        return _nudge(
            gap,
            lang,
            action_variant="" if problem else "_none",
            name=index.name(person_id),
            role=index.role_label(person_id, lang),
            problem=quote(problem.statement) if problem else "",
        )
    # The problem's own gaps: ``people`` are its believers, the first one raised it.
    owner = gap.people[0] if gap.people else None
    values = {
        "problem_id": gap.problem_id,
        "problem": quote(problem.statement) if problem else "",
        "name": index.name(owner) if owner else msg("someone", lang),
    }
    if kind == "need_implied" and gap.stakeholder_id:
        values["name"] = index.name(gap.stakeholder_id)
    if kind == "single_believer" and gap.stakeholder_id and gap.stakeholder_id != owner:
        return _nudge(gap, lang, action_variant="_other", other=index.name(gap.stakeholder_id), **values)
    return _nudge(gap, lang, **values)


def _never_met(index: DealIndex, gaps: list[Gap], lang: str) -> Nudge:
    ids = [g.stakeholder_id or "" for g in gaps]
    first = next((g for g in gaps if g.evidence.get("key")), gaps[0])
    return _nudge(
        first,
        lang,
        n=len(ids),
        names=names([index.name(i) for i in ids]),
        name=index.name(first.stakeholder_id),
    )
