"""Builders for the coaching tests: a deal written the way a seller lives it, and a small,
fixed question bank so the tests do not move when the bundled banks grow.

No tests live here; the other ``test_coach_*`` files import from this module.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from spin_coach.banks import BankSet
from spin_coach.models import (
    Account,
    AccountScore,
    Answer,
    Deal,
    DealRecord,
    Implication,
    Meeting,
    NeedPayoff,
    Note,
    Problem,
    ProblemDefinition,
    Question,
    Role,
    Stakeholder,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _role(id, en, ru, model, influence, key=False):
    return Role(id=id, name={"en": en, "ru": ru}, purchase_model=model, influence=influence, key=key)


ROLES = [
    _role("economic_buyer", "Economic buyer", "Экономический покупатель", "economic", "decision_maker", key=True),
    _role("finance", "Finance / budget holder", "Финансы / владелец бюджета", "economic", "decision_maker", key=True),
    _role("technical_buyer", "Technical buyer", "Технический покупатель", "technical", "influencer"),
    _role("procurement", "Procurement", "Закупки", "technical", "gatekeeper"),
    _role("end_user", "End user", "Конечный пользователь", "end_use", "user"),
    _role("champion", "Champion", "Чемпион", "technical", "influencer"),
]


def _q(id, stage, en, *, roles=(), follow_ups=(), journey="shared_problem_understanding", research=False):
    return Question(
        id=id,
        stage=stage,
        roles=list(roles),
        text={"en": en, "ru": f"[ru] {en}"},
        purpose={"en": f"why {id}", "ru": f"зачем {id}"},
        follow_ups=list(follow_ups),
        journey=journey,
        research=research,
    )


QUESTIONS = [
    _q("gen.s.process", "situation", "How is the work done today?"),
    _q("gen.s.scale", "situation", "How many people are involved?", research=True),
    _q("gen.s.tools", "situation", "Which tools do you use?"),
    _q("gen.p.difficulty", "problem", "Where does it cause difficulty?", follow_ups=["gen.i.cost"]),
    _q("gen.p.errors", "problem", "Which mistakes keep coming back?"),
    _q("gen.i.cost", "implication", "What does that cost you a year?", follow_ups=["gen.n.worth"]),
    _q("gen.i.who_else", "implication", "Who else feels it?"),
    _q("gen.n.worth", "need_payoff", "If that were solved, what would it be worth?"),
    _q("gen.n.who_benefits", "need_payoff", "Who would benefit most?"),
    _q("eb.s.goals", "situation", "Which goals did the board set?", roles=["economic_buyer"], research=True),
    _q("eb.p.blockers", "problem", "What stands between you and the targets?", roles=["economic_buyer"], follow_ups=["eb.i.margin"]),
    _q("eb.i.margin", "implication", "How much margin is at risk?", roles=["economic_buyer"], follow_ups=["eb.n.value"]),
    _q("eb.n.value", "need_payoff", "What would hitting the target be worth?", roles=["economic_buyer"]),
    _q("fin.p.cash", "problem", "Where does cash stay tied up?", roles=["finance"]),
    _q("tb.p.integration", "problem", "Where does integration break?", roles=["technical_buyer"]),
    _q("sr.p.references", "problem", "What would convince you a vendor has done this before?", journey="solution_review"),
    _q("tr.s.spec", "situation", "Who writes the specification?", journey="technical_requirements"),
]


def story_banks(questions=None, roles=None) -> BankSet:
    """A small fixed bank: six roles (two key) and a SPIN chain with follow-ups."""
    return BankSet(
        roles={r.id: r for r in (roles if roles is not None else ROLES)},
        questions={q.id: q for q in (questions if questions is not None else QUESTIONS)},
    )


class DealStory:
    """A deal built step by step, as the seller meets people and writes down what they say."""

    def __init__(
        self,
        title: str = "Acme — order automation",
        *,
        journey: str = "shared_problem_understanding",
        relationship: str = "medium",
        attractiveness: str = "medium",
        purchase_model: str | None = None,
        closing_tactic: str | None = None,
        currency: str = "EUR",
        goals: dict | None = None,
    ):
        self.account = Account(id="a_acme", name="Acme Logistics")
        self.deal = Deal(
            id="d_acme",
            account_id=self.account.id,
            title=title,
            journey_stage=journey,
            purchase_model=purchase_model,
            closing_tactic=closing_tactic,
            currency=currency,
            goals=goals or {},
            score=AccountScore(relationship=relationship, attractiveness=attractiveness),
        )
        self.people: list[Stakeholder] = []
        self.meetings: list[Meeting] = []
        self.answers: list[Answer] = []
        self.notes: list[Note] = []
        self.problems: list[Problem] = []
        self._clock = START

    def _tick(self) -> datetime:
        self._clock += timedelta(minutes=1)
        return self._clock

    def person(self, key: str, name: str, role: str, *, influence: str = "influencer") -> str:
        """Add someone to the buying group; their id is ``key``."""
        self.people.append(Stakeholder(id=key, deal_id=self.deal.id, name=name, role=role, influence=influence))
        return key

    def meeting(self, key: str, *attendees: str) -> str:
        """A meeting with these people in the room."""
        self.meetings.append(Meeting(id=key, deal_id=self.deal.id, title=key, started_at=self._tick(), attendees=list(attendees)))
        return key

    def said(self, who: str, stage: str, text: str, *, question: str | None = None, meeting: str | None = None) -> str:
        """Record an answer typed under a (bank or ad-hoc) question; returns its id."""
        answer = Answer(
            deal_id=self.deal.id, stakeholder_id=who, question_id=question, stage=stage, text=text, at=self._tick(), meeting_id=meeting
        )
        self.answers.append(answer)
        return answer.id

    def noted(self, text: str, *, who: str | None = None, stage: str | None = None, meeting: str | None = None, kind: str | None = None) -> str:
        """Type a line in a meeting, optionally attributed and tagged.

        Without ``kind`` the model infers it: ``said`` when attributed, ``question`` when it ends in "?", else ``note``.
        """
        note = Note(deal_id=self.deal.id, meeting_id=meeting, at=self._tick(), text=text, stakeholder_id=who, stage=stage, kind=kind)
        self.notes.append(note)
        return note.id

    def problem(self, key: str, statement: str, *, raised_by: str | None = None, confirmed_by=(), sources=()) -> str:
        """Write a problem into the shared definition."""
        self.problems.append(
            Problem(
                id=key, deal_id=self.deal.id, statement=statement, raised_by=raised_by, confirmed_by=list(confirmed_by), source_answers=list(sources)
            )
        )
        return key

    def _find(self, key: str) -> Problem:
        return next(p for p in self.problems if p.id == key)

    def implication(self, problem: str, consequence: str, amount=None, currency=None, period=None, *, evidence="stated", stated_by=None) -> None:
        """Attach a consequence (optionally with an amount) to a problem."""
        self._find(problem).implications.append(
            Implication(
                problem_id=problem, consequence=consequence, amount=amount, currency=currency, period=period, evidence=evidence, stated_by=stated_by
            )
        )

    def need(self, problem: str, text: str, *, said_by=None, amount=None, currency=None, period=None, explicit=False) -> None:
        """Attach a need-payoff in the client's words to a problem."""
        self._find(problem).need_payoffs.append(
            NeedPayoff(problem_id=problem, text=text, said_by=said_by, amount=amount, currency=currency, period=period, explicit=explicit)
        )

    def record(self) -> DealRecord:
        """The deal as the engine sees it."""
        return DealRecord(
            deal=self.deal,
            account=self.account,
            stakeholders=self.people,
            meetings=self.meetings,
            answers=self.answers,
            notes=self.notes,
            problem_definition=ProblemDefinition(problems=self.problems),
        )


def acme_buying_group(story: DealStory | None = None) -> DealStory:
    """The usual cast: a CEO, a CFO, the head of IT and a dispatcher."""
    story = story or DealStory()
    story.person("ceo", "Helen Park", "economic_buyer", influence="decision_maker")
    story.person("cfo", "Marcus Lee", "finance", influence="decision_maker")
    story.person("it", "Priya Nair", "technical_buyer")
    story.person("ops", "Tom Becker", "end_user", influence="user")
    return story
