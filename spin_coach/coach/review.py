"""The whole coaching picture of one deal, computed in one pass: what ``spin-coach review`` prints."""

from __future__ import annotations

from pydantic import BaseModel

from ..banks import BankSet
from ..models import DealRecord, Stage
from .consensus import Consensus, consensus_from
from .coverage import Coverage, coverage_from, meeting_question_count, meeting_stage_counts
from .gaps import find_gaps
from .index import DealIndex
from .nudges import Nudge, word_nudges
from .problems import ProblemSummary, problem_summary
from .questions import NextQuestion, next_questions_from, role_pools
from .readiness import Readiness, readiness_from
from .strategy import Strategy, strategy_from

QUESTIONS_PER_PERSON = 3


class StakeholderQuestions(BaseModel):
    """The next best questions for one person of the buying group."""

    stakeholder_id: str
    name: str
    role_label: str
    questions: list[NextQuestion]


class MeetingQuestions(BaseModel):
    """The seller's questions in one meeting: per SPIN stage (those tagged with one) and in all
    (untagged questions too) — answers and question lines, never what the client said."""

    meeting_id: str
    questions: dict[Stage, int]
    total: int


class Review(BaseModel):
    """Coverage, next questions, nudges, the problem definition, consensus, readiness and strategy of a deal,
    and the seller's question count in the meeting judged (the one asked for, else the latest; null without one)."""

    coverage: Coverage
    next_questions: list[StakeholderQuestions]
    nudges: list[Nudge]
    problem_definition: ProblemSummary
    consensus: Consensus
    readiness: Readiness
    strategy: Strategy
    meeting: MeetingQuestions | None = None


def review(
    record: DealRecord,
    banks: BankSet,
    *,
    lang: str = "en",
    meeting_id: str | None = None,
    questions_per_person: int = QUESTIONS_PER_PERSON,
) -> Review:
    """Everything the coach knows about a deal; ``Review.model_dump(mode="json")`` is ``review --json``."""
    index = DealIndex(record, banks)
    pools = role_pools(banks, {p.role for p in record.stakeholders})
    agreement = consensus_from(index)
    gaps = find_gaps(index, agreement=agreement, meeting_id=meeting_id)
    ready = readiness_from(index, lang=lang, agreement=agreement, gaps=gaps)
    judged = index.meeting(meeting_id)
    meeting = None
    if judged is not None:
        counts = meeting_stage_counts(record, judged.id)
        meeting = MeetingQuestions(meeting_id=judged.id, questions=counts, total=meeting_question_count(record, judged.id))
    return Review(
        coverage=coverage_from(index, lang),
        next_questions=[
            StakeholderQuestions(
                stakeholder_id=person.id,
                name=person.name,
                role_label=banks.role_label(person.role, lang),
                questions=next_questions_from(
                    index, person.id, lang=lang, limit=questions_per_person, meeting_id=meeting_id, candidates=pools[person.role]
                ),
            )
            for person in record.stakeholders
        ],
        nudges=word_nudges(index, gaps, lang),
        problem_definition=problem_summary(record),
        consensus=agreement,
        readiness=ready,
        strategy=strategy_from(index, lang=lang, agreement=agreement, ready=ready),
        meeting=meeting,
    )
