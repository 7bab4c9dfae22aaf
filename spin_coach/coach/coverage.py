"""Coverage: what each stakeholder was asked per SPIN stage, which roles are missing, who was never met."""

from __future__ import annotations

from pydantic import BaseModel

from ..banks import BankSet
from ..models import STAGES, DealRecord, Stage
from .index import DealIndex, empty_stage_counts

# Without these a buying group is incomplete even when the bank marks them as not key:
# someone signs, someone checks the fit with the systems, someone lives with the result.
ESSENTIAL_ROLES = ("economic_buyer", "technical_buyer", "end_user")


class StageCount(BaseModel):
    """Questions of one SPIN stage: asked (answers and tagged notes) and answered (recorded answers)."""

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
        for answer in index.answers_by_person.get(person.id, ()):
            asked[answer.stage] += 1
            answered[answer.stage] += 1
            if answer.question_id:
                seen.setdefault(answer.question_id)
        for note in index.notes_by_person.get(person.id, ()):
            asked[note.stage] += 1
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
    """Questions asked per SPIN stage in one meeting: its answers plus its stage-tagged notes."""
    counts = empty_stage_counts()
    if meeting_id is None:
        return counts
    for answer in record.answers:
        if answer.meeting_id == meeting_id:
            counts[answer.stage] += 1
    for note in record.notes:
        if note.meeting_id == meeting_id and note.stage:
            counts[note.stage] += 1
    return counts


def deal_stage_counts(record: DealRecord) -> dict[Stage, int]:
    """Questions asked per SPIN stage across the whole deal: answers plus stage-tagged notes."""
    counts = empty_stage_counts()
    for answer in record.answers:
        counts[answer.stage] += 1
    for note in record.notes:
        if note.stage:
            counts[note.stage] += 1
    return counts
