"""Live nudges: what the research behind SPIN says to do next, as the seller works.

- Rackham: weak calls over-use situation questions; strong ones grow each
  problem into implications and let the client state the payoff.
- Large studies of recorded discovery calls find that calls peak at 11–14
  questions; past that the call turns into an interrogation.
- A deal needs one problem the decision makers share, in economic terms, so a
  silent economic buyer or a problem only one person holds is a risk.
Each nudge says what is wrong and, in ``action``, what to do next.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..banks import BankSet
from ..models import DealRecord, Problem
from .coverage import deal_stage_counts, meeting_stage_counts, missing_roles
from .index import DealIndex, quantified
from .text import msg, names, quote

SITUATION_SHARE_LIMIT = 0.5  # more than half situation questions: the call is fact-finding, not discovery
SHARE_MIN_QUESTIONS = 4  # too few questions to judge a mix
QUESTION_PEAK = (11, 14)  # discovery calls that go well peak at 11–14 questions

Severity = Literal["info", "warn"]

# The order nudges are shown in, within a severity.
KINDS = (
    "too_many_questions",
    "situation_heavy",
    "near_question_peak",
    "missing_key_role",
    "economic_buyer_no_problem",
    "problem_without_implication",
    "implication_without_payoff",
    "implication_not_quantified",
    "need_implied",
    "single_believer",
    "problem_without_owner",
    "key_stakeholder_no_problem",
    "missing_role",
    "never_met",
)


class Nudge(BaseModel):
    """One piece of coaching: what the seller should notice and what to do next."""

    kind: str
    severity: Severity
    message: str
    action: str
    stakeholder_id: str | None = None
    problem_id: str | None = None


def nudges(record: DealRecord, banks: BankSet, *, lang: str = "en", meeting_id: str | None = None) -> list[Nudge]:
    """Nudges for the deal, warnings first; meeting rules look at ``meeting_id``, else the latest meeting."""
    return nudges_from(DealIndex(record, banks), lang=lang, meeting_id=meeting_id)


def _nudge(kind: str, severity: Severity, lang: str, *, stakeholder_id=None, problem_id=None, **values) -> Nudge:
    return Nudge(
        kind=kind,
        severity=severity,
        message=msg(f"nudge.{kind}.message", lang, **values),
        action=msg(f"nudge.{kind}.action", lang, **values),
        stakeholder_id=stakeholder_id,
        problem_id=problem_id,
    )


def nudges_from(index: DealIndex, *, lang: str = "en", meeting_id: str | None = None) -> list[Nudge]:
    """:func:`nudges` over an index already built."""
    out = _meeting_nudges(index, lang, meeting_id)
    out += _buying_group_nudges(index, lang)
    for problem in index.problems:
        out += _problem_nudges(index, problem, lang)
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(out, key=lambda n: (n.severity != "warn", rank.get(n.kind, len(KINDS))))


def _meeting_nudges(index: DealIndex, lang: str, meeting_id: str | None) -> list[Nudge]:
    record = index.record
    meeting = index.meeting(meeting_id)
    if meeting is not None:
        counts, where = meeting_stage_counts(record, meeting.id), msg("where.meeting", lang)
    elif meeting_id is None and not record.meetings:
        counts, where = deal_stage_counts(record), msg("where.deal", lang)
    else:
        return []
    out = []
    total = sum(counts.values())
    situation = counts["situation"]
    if total >= SHARE_MIN_QUESTIONS and situation / total > SITUATION_SHARE_LIMIT:
        out.append(_nudge("situation_heavy", "warn", lang, n=situation, total=total, where=where))
    if meeting is not None:
        low, high = QUESTION_PEAK
        if total > high:
            out.append(_nudge("too_many_questions", "warn", lang, total=total, low=low, high=high))
        elif total >= low:
            out.append(_nudge("near_question_peak", "info", lang, total=total, low=low, high=high))
    return out


def _buying_group_nudges(index: DealIndex, lang: str) -> list[Nudge]:
    out = []
    for role in missing_roles(index, lang):
        if role.key:
            out.append(_nudge("missing_key_role", "warn", lang, role=role.label))
        elif role.essential:
            out.append(_nudge("missing_role", "info", lang, role=role.label))
    held_any = {p for people in index.believers.values() for p in people}
    top = _top_problem(index)
    for person_id in index.key_ids:
        if person_id in held_any:
            continue
        person = index.people[person_id]
        problem = quote(top.statement) if top else ""
        kind = "economic_buyer_no_problem" if person.role == "economic_buyer" else "key_stakeholder_no_problem"
        severity: Severity = "warn" if kind == "economic_buyer_no_problem" else "info"
        variant = "" if top else "_none"
        out.append(
            Nudge(
                kind=kind,
                severity=severity,
                message=msg(f"nudge.{kind}.message", lang, name=person.name, role=index.role_label(person_id, lang)),
                action=msg(f"nudge.{kind}.action{variant}", lang, name=person.name, problem=problem),
                stakeholder_id=person_id,
                problem_id=top.id if top else None,
            )
        )
    never = [p for p in index.record.stakeholders if not index.met(p.id)]
    if never:
        first = next((p for p in never if p.id in index.key_ids), never[0])
        out.append(_nudge("never_met", "info", lang, stakeholder_id=first.id, n=len(never), names=names([p.name for p in never]), name=first.name))
    return out


def _top_problem(index: DealIndex) -> Problem | None:
    """The problem to put to someone who holds none: the most widely held, quantified ones first."""
    if not index.problems:
        return None
    return max(index.problems, key=lambda p: (len(index.believers[p.id]), any(quantified(i) for i in p.implications)))


def _check_with(index: DealIndex, held: list[str]) -> str | None:
    """Whom to ask to confirm a problem: a key stakeholder who does not hold it yet, else anyone else."""
    for person_id in index.key_ids:
        if person_id not in held:
            return person_id
    return next((p for p in index.people if p not in held), None)


def _problem_nudges(index: DealIndex, problem: Problem, lang: str) -> list[Nudge]:
    held = index.believers[problem.id]
    owner = held[0] if held else None
    name = index.name(owner) if owner else msg("someone", lang)
    common = {"problem_id": problem.id, "problem": quote(problem.statement), "name": name}
    out = []
    if not problem.implications:
        out.append(_nudge("problem_without_implication", "warn", lang, stakeholder_id=owner, **common))
    else:
        if not problem.need_payoffs:
            out.append(_nudge("implication_without_payoff", "info", lang, stakeholder_id=owner, **common))
        if not any(quantified(i) for i in problem.implications):
            out.append(_nudge("implication_not_quantified", "info", lang, stakeholder_id=owner, **common))
    if problem.need_payoffs and not any(n.explicit for n in problem.need_payoffs):
        said = next((n.said_by for n in problem.need_payoffs if n.said_by), owner)
        out.append(_nudge("need_implied", "info", lang, stakeholder_id=said, **{**common, "name": index.name(said) if said else name}))
    if not held:
        out.append(_nudge("problem_without_owner", "info", lang, **common))
    elif len(held) == 1:
        other = _check_with(index, held)
        if other is None:
            out.append(_nudge("single_believer", "info", lang, stakeholder_id=owner, **common))
        else:
            out.append(
                Nudge(
                    kind="single_believer",
                    severity="info",
                    message=msg("nudge.single_believer.message", lang, **common),
                    action=msg("nudge.single_believer.action_other", lang, **common, other=index.name(other)),
                    stakeholder_id=other,
                    problem_id=problem.id,
                )
            )
    return out
