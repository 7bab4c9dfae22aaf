"""One record of what was said: answers and meeting lines read as the same kind of evidence.

A seller records what a stakeholder said in two places: an answer typed under a
bank question in the workspace, or a line typed in meeting mode, attributed to
the person and tagged with a SPIN stage. Both are a :class:`Statement` here, and
every rule that reads what people said — coverage, next questions, call plans,
the proposal, review, readiness — reads them through :func:`read_conversation`.

Questions are counted apart: only the seller's questions count as questions
asked — each answer (a question asked and answered) and each meeting line of
kind ``question`` with a stage. A client's ``said`` line is never a question.

A ``said`` line that follows the seller's question line in the same meeting
answers it: it takes the question's text (and its stage, when the line has
none of its own, and its person, when the line names nobody), and the pair
counts as one question, asked and answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from ..models import DealRecord, Note, Stage

if TYPE_CHECKING:
    from ..banks import BankSet

Source = Literal["answer", "line"]


# Statements and questions are immutable named tuples: a deal of 3,000 answers builds them on every
# review, and a frozen dataclass costs several times as much to make.
class Statement(NamedTuple):
    """Something a stakeholder said, from an answer or from a meeting line: evidence either way."""

    id: str  # the answer's or the line's id
    source: Source
    stakeholder_id: str
    stage: Stage
    text: str
    at: datetime
    question_id: str | None = None  # the bank question it answered, when there is one
    question_text: str = ""  # the question as asked: an ad-hoc answer's question, or the seller's question line
    meeting_id: str | None = None
    question_line_id: str | None = None  # the seller's question line it answered


class SellerQuestion(NamedTuple):
    """A question the seller asked: an answer (asked and answered) or a stage-tagged question line."""

    id: str
    source: Source
    stage: Stage
    at: datetime
    stakeholder_id: str | None = None  # whom it was put to, when the seller said
    meeting_id: str | None = None
    answered: bool = True


@dataclass(frozen=True, slots=True)
class Conversation:
    """Everything said in a deal, in time order, and the seller's question lines."""

    statements: tuple[Statement, ...]
    # The seller's stage-tagged question lines, each marked whether a statement answered it.
    # (Every answer is a question too; :func:`seller_questions` adds them.)
    question_lines: tuple[SellerQuestion, ...]
    # People a meeting line was attributed to or addressed to, tagged or not: they were spoken with.
    spoken_with: frozenset[str]


def _answered_lines(notes: Iterable[Note]) -> dict[str, Note]:
    """Per ``said`` line id, the seller's question line it answers (the latest open one of its meeting)."""
    out: dict[str, Note] = {}
    open_question: dict[str | None, Note] = {}
    for line in sorted(notes, key=lambda n: n.at):
        if line.kind == "question":
            open_question[line.meeting_id] = line
        elif line.kind == "said":
            question = open_question.get(line.meeting_id)
            if question is not None and (question.stakeholder_id is None or line.stakeholder_id in (None, question.stakeholder_id)):
                out[line.id] = question
                del open_question[line.meeting_id]
    return out


def read_conversation(record: DealRecord) -> Conversation:
    """What every stakeholder said in a deal, in time order, and the seller's question lines.

    Statements: every answer, and every ``said`` line attributed to a stakeholder
    and tagged with a SPIN stage (directly, or through the question it answers).
    """
    # Positional arguments: this runs for every answer of the deal on every review.
    statements: list[Statement] = [
        Statement(a.id, "answer", a.stakeholder_id, a.stage, a.text, a.at, a.question_id, a.question_text, a.meeting_id)
        for a in record.answers
    ]
    lines = [n for n in record.notes if n.kind in ("question", "said")]
    answered_by = _answered_lines(lines)
    answered: set[str] = set()
    spoken_with: set[str] = set()
    for line in lines:
        if line.kind == "question":
            if line.stakeholder_id:
                spoken_with.add(line.stakeholder_id)
            continue
        question = answered_by.get(line.id)
        who = line.stakeholder_id or (question.stakeholder_id if question else None)
        stage = line.stage or (question.stage if question else None)
        if who:
            spoken_with.add(who)
        if who and stage and line.text.strip():
            if question is not None:
                answered.add(question.id)
            asked, asked_id = (question.text, question.id) if question else ("", None)
            statements.append(Statement(line.id, "line", who, stage, line.text, line.at, None, asked, line.meeting_id, asked_id))
    question_lines = [
        SellerQuestion(n.id, "line", n.stage, n.at, n.stakeholder_id, n.meeting_id, n.id in answered)
        for n in lines
        if n.kind == "question" and n.stage
    ]
    statements.sort(key=lambda s: s.at)
    question_lines.sort(key=lambda q: q.at)
    return Conversation(statements=tuple(statements), question_lines=tuple(question_lines), spoken_with=frozenset(spoken_with))


def statements(record: DealRecord) -> list[Statement]:
    """Everything the stakeholders said in a deal, answers and meeting lines alike, in time order."""
    return list(read_conversation(record).statements)


def seller_questions(record: DealRecord) -> list[SellerQuestion]:
    """Every question the seller asked in a deal (answers and stage-tagged question lines), in time order."""
    answers = [SellerQuestion(a.id, "answer", a.stage, a.at, a.stakeholder_id, a.meeting_id) for a in record.answers]
    return sorted([*answers, *read_conversation(record).question_lines], key=lambda q: q.at)


def question_stages(record: DealRecord) -> Iterator[tuple[Stage, str | None]]:
    """(stage, meeting id) of every question the seller asked, cheaply: what the live question counter reads."""
    for answer in record.answers:
        yield answer.stage, answer.meeting_id
    for line in record.notes:
        if line.kind == "question" and line.stage:
            yield line.stage, line.meeting_id


# ---------------------------------------------------------------- requirements

# A statement is a requirement or evaluation criterion when its question is tagged so,
# belongs to the later journey stages, or it says so in words.
REQUIREMENT_TAGS = frozenset(
    {"requirements", "requirement", "criteria", "evaluation", "integration", "security", "compliance", "procurement", "tender", "legal", "architecture"}
)
REQUIREMENT_JOURNEYS = frozenset({"solution_review", "technical_requirements"})
_REQUIREMENT_WORDS = re.compile(
    r"\b(must|requires?|required|requirements?|security|secure|compliance|gdpr|tender|quotes?|references?|integrat\w*|"
    r"certif\w*|sla|penetration|audit|criteria|criterion)\b|должн|обязательн|требова|безопасн|тендер|рекомендац|"
    r"интеграц|комплаенс|аудит|сертифик|пентест|критери",
    re.IGNORECASE,
)


class _Said(Protocol):
    question_id: str | None
    question_text: str
    stage: Stage
    text: str


def is_requirement(said: _Said, banks: BankSet) -> bool:
    """Whether a statement (or an answer) states a requirement or an evaluation criterion.

    Anything said in reply to a question of the later journey stages counts;
    otherwise only situation statements (facts about how they buy and run), since
    a problem or an implication about integration is a problem, not a requirement.
    """
    question = banks.questions.get(said.question_id or "")
    if question is not None and question.journey in REQUIREMENT_JOURNEYS:
        return True
    if said.stage != "situation":
        return False
    if question is not None and REQUIREMENT_TAGS.intersection(question.tags):
        return True
    return bool(_REQUIREMENT_WORDS.search(said.text) or _REQUIREMENT_WORDS.search(said.question_text))


__all__ = [
    "Conversation",
    "SellerQuestion",
    "Statement",
    "is_requirement",
    "question_stages",
    "read_conversation",
    "seller_questions",
    "statements",
]
