"""Coverage: what each stakeholder was asked per SPIN stage, which roles are missing, who was never met.

What a person said counts the same wherever it was typed — an answer in the
workspace or an attributed, tagged meeting line — as a question asked and
answered; a question line put to them that nobody answered yet counts as asked.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..banks import BankSet
from ..models import STAGES, DealRecord, Stage
from .evidence import question_stages
from .index import DealIndex, empty_stage_counts

# Without these a buying group is incomplete even when the bank marks them as not key:
# someone signs, someone checks the fit with the systems, someone lives with the result.
ESSENTIAL_ROLES = ("economic_buyer", "technical_buyer", "end_user")


class StageCount(BaseModel):
    """Questions of one SPIN stage: asked (everything said, plus questions put and not answered yet) and answered (everything said)."""

    asked: int = 0
    answered: int = 0


class StakeholderCoverage(BaseModel):
    """What one person of the buying group has been asked so far."""

    stakeholder_id: str
    name: str
    role: str
    role_label: str
    key: bool
    met: bool
    asked: int
    answered: int
    stages: dict[Stage, StageCount]
    question_ids: list[str]


class MissingRole(BaseModel):
    """A role of a complete buying group that nobody on the deal holds."""

    role: str
    label: str
    key: bool
    essential: bool


class Coverage(BaseModel):
    """Per stakeholder × SPIN stage coverage, the roles nobody holds, and the people never met."""

    stakeholders: list[StakeholderCoverage]
    totals: dict[Stage, StageCount]
    missing_roles: list[MissingRole]
    never_met: list[str]


def coverage(record: DealRecord, banks: BankSet, *, lang: str = "en") -> Coverage:
    """Who was asked what per SPIN stage, which buying roles are missing, who was never met."""
    return coverage_from(DealIndex(record, banks), lang)


def coverage_from(index: DealIndex, lang: str = "en") -> Coverage:
    """:func:`coverage` over an index already built."""
    key_ids = set(index.key_ids)
    total_asked, total_answered = empty_stage_counts(), empty_stage_counts()
    rows = []
    for person in index.record.stakeholders:
        asked, answered = empty_stage_counts(), empty_stage_counts()
        seen: dict[str, None] = {}
        for said in index.statements_by_person.get(person.id, ()):
            asked[said.stage] += 1
            answered[said.stage] += 1
            if said.question_id:
                seen.setdefault(said.question_id)
        for question in index.unanswered_by_person.get(person.id, ()):
            asked[question.stage] += 1
        for stage in STAGES:
            total_asked[stage] += asked[stage]
            total_answered[stage] += answered[stage]
        rows.append(
            StakeholderCoverage(
                stakeholder_id=person.id,
                name=person.name,
                role=person.role,
                role_label=index.banks.role_label(person.role, lang),
                key=person.id in key_ids,
                met=index.met(person.id),
                asked=sum(asked.values()),
                answered=sum(answered.values()),
                stages={stage: StageCount(asked=asked[stage], answered=answered[stage]) for stage in STAGES},
                question_ids=list(seen),
            )
        )
    return Coverage(
        stakeholders=rows,
        totals={stage: StageCount(asked=total_asked[stage], answered=total_answered[stage]) for stage in STAGES},
        missing_roles=missing_roles(index, lang),
        never_met=[p.id for p in index.record.stakeholders if not index.met(p.id)],
    )


def missing_roles(index: DealIndex, lang: str = "en") -> list[MissingRole]:
    """Roles of the banks that no stakeholder holds: key and essential ones first."""
    held = {p.role for p in index.record.stakeholders}
    out = [
        MissingRole(role=role.id, label=role.label(lang), key=role.key, essential=role.key or role.id in ESSENTIAL_ROLES)
        for role in index.banks.roles.values()
        if role.id not in held
    ]
    return sorted(out, key=lambda m: (not m.key, not m.essential))


def meeting_stage_counts(record: DealRecord, meeting_id: str | None) -> dict[Stage, int]:
    """The seller's questions per SPIN stage in one meeting: its answers plus its stage-tagged question lines.

    What a client said is not a question: ``said`` lines never count here.
    """
    counts = empty_stage_counts()
    if meeting_id is None:
        return counts
    for stage, meeting in question_stages(record):
        if meeting == meeting_id:
            counts[stage] += 1
    return counts


def meeting_question_count(record: DealRecord, meeting_id: str | None) -> int:
    """Every question the seller asked in one meeting, tagged with a SPIN stage or not: its answers
    and its ``question`` lines. The 11–14 rule counts these; the per-stage counts only the tagged."""
    if meeting_id is None:
        return 0
    answers = sum(1 for a in record.answers if a.meeting_id == meeting_id)
    return answers + sum(1 for n in record.notes if n.meeting_id == meeting_id and n.kind == "question")


def deal_stage_counts(record: DealRecord) -> dict[Stage, int]:
    """The seller's questions per SPIN stage across the whole deal: answers plus stage-tagged question lines."""
    counts = empty_stage_counts()
    for stage, _meeting in question_stages(record):
        counts[stage] += 1
    return counts
