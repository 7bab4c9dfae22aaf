"""One pass over a deal record: who is who, who said what, who believes which problem.

Every coaching rule reads the record through a :class:`DealIndex`, so a review
walks what was said once instead of once per rule and per stakeholder. What was
said comes from :mod:`.evidence`: answers and attributed, tagged meeting lines alike.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from ..banks import BankSet
from ..models import STAGES, Answer, DealRecord, Implication, Meeting, Problem, Role, Stage, Stakeholder
from .evidence import SellerQuestion, Statement, read_conversation

# Roles whose holder signs off the budget even when the bank does not say so in its CRM mapping.
BUDGET_HOLDER_ROLES = frozenset({"finance"})


def quantified(implication: Implication) -> bool:
    """An implication the client put a number on."""
    return implication.amount is not None


def empty_stage_counts() -> dict[Stage, int]:
    """A count of zero for every SPIN stage, in SPIN order."""
    return {stage: 0 for stage in STAGES}


class DealIndex:
    """Lookups over one deal record and the banks, built once per review."""

    def __init__(self, record: DealRecord, banks: BankSet):
        self.record = record
        self.banks = banks
        self.people: dict[str, Stakeholder] = {s.id: s for s in record.stakeholders}
        self.conversation = read_conversation(record)
        # What each person said: their answers and their attributed, tagged meeting lines.
        self.statements_by_person: dict[str, list[Statement]] = defaultdict(list)
        for said in self.conversation.statements:
            self.statements_by_person[said.stakeholder_id].append(said)
        # The seller's question lines put to a person that nobody has answered yet: asked, not answered.
        self.unanswered_by_person: dict[str, list[SellerQuestion]] = defaultdict(list)
        for question in self.conversation.question_lines:
            if not question.answered and question.stakeholder_id:
                self.unanswered_by_person[question.stakeholder_id].append(question)
        self.attendees: set[str] = {a for m in record.meetings for a in m.attendees}
        self.problems: list[Problem] = record.problem_definition.problems

    # ------------------------------------------------------------ people

    def role(self, person_id: str) -> Role | None:
        """The bank role of a stakeholder, or None for a role no bank defines."""
        person = self.people.get(person_id)
        return self.banks.roles.get(person.role) if person else None

    def name(self, person_id: str | None) -> str:
        """A stakeholder's name, or the id itself when the person is unknown."""
        person = self.people.get(person_id or "")
        return person.name if person else (person_id or "?")

    def role_label(self, person_id: str, lang: str) -> str:
        """The stakeholder's role in the seller's language."""
        person = self.people.get(person_id)
        return self.banks.role_label(person.role, lang) if person else ""

    def is_budget_holder(self, person_id: str) -> bool:
        """Whether the person holds the budget: the finance role, or a role the CRM calls so."""
        role = self.role(person_id)
        if role is None:
            return False
        return role.id in BUDGET_HOLDER_ROLES or "Budget Holder" in role.crm.hubspot

    def is_decision_maker(self, person_id: str) -> bool:
        """Marked a decision maker on the deal, or holding a role the bank calls a decision maker."""
        person = self.people[person_id]
        role = self.role(person_id)
        return person.influence == "decision_maker" or (role is not None and role.influence == "decision_maker")

    @cached_property
    def key_ids(self) -> list[str]:
        """Stakeholders whose agreement the deal needs: decision makers, key roles, the budget holder."""
        out = []
        for person in self.record.stakeholders:
            role = self.role(person.id)
            if self.is_decision_maker(person.id) or (role is not None and role.key) or self.is_budget_holder(person.id):
                out.append(person.id)
        return out

    @cached_property
    def answers_by_person(self) -> dict[str, list[Answer]]:
        """Each person's answers as typed in the workspace, for the answer editor; coaching reads
        :attr:`statements_by_person`, which holds their meeting lines too."""
        out: dict[str, list[Answer]] = defaultdict(list)
        for answer in self.record.answers:
            out[answer.stakeholder_id].append(answer)
        return out

    def met(self, person_id: str) -> bool:
        """Met at least once: attended a meeting, said something, or was spoken with in a meeting line."""
        return (
            person_id in self.attendees
            or bool(self.statements_by_person.get(person_id))
            or person_id in self.conversation.spoken_with
        )

    def stage_counts(self, person_id: str) -> dict[Stage, int]:
        """Questions asked of a person per SPIN stage: everything they said, plus questions put to them still unanswered."""
        counts = empty_stage_counts()
        for said in self.statements_by_person.get(person_id, ()):
            counts[said.stage] += 1
        for question in self.unanswered_by_person.get(person_id, ()):
            counts[question.stage] += 1
        return counts

    def asked_ids(self, person_id: str) -> set[str]:
        """Bank question ids this person has already been asked."""
        return {s.question_id for s in self.statements_by_person.get(person_id, ()) if s.question_id}

    @cached_property
    def known_facts(self) -> set[str]:
        """Situation questions someone in the buying group has already answered: facts, asked once."""
        return {s.question_id for s in self.conversation.statements if s.stage == "situation" and s.question_id}

    @cached_property
    def drawn_from(self) -> dict[str, set[str]]:
        """Per problem id, the people whose words it was drawn from: its source answers, and
        meeting lines promoted into it, its implications or its need-payoffs."""
        owner = {a.id: a.stakeholder_id for a in self.record.answers}
        problem_of: dict[str, str] = {}
        for problem in self.problems:
            problem_of[problem.id] = problem.id
            problem_of.update({i.id: problem.id for i in problem.implications})
            problem_of.update({n.id: problem.id for n in problem.need_payoffs})
        out: dict[str, set[str]] = {p.id: {owner[a] for a in p.source_answers if a in owner} for p in self.problems}
        for line in self.record.notes:
            if line.promoted_to in problem_of and line.stakeholder_id:
                out[problem_of[line.promoted_to]].add(line.stakeholder_id)
        return out

    # ------------------------------------------------------------ problems

    @cached_property
    def believers(self) -> dict[str, list[str]]:
        """Per problem id, the people who hold it: the one who raised it, then those who confirmed it."""
        out: dict[str, list[str]] = {}
        for problem in self.problems:
            people = [problem.raised_by] if problem.raised_by else []
            people += [p for p in problem.confirmed_by if p not in people]
            out[problem.id] = people
        return out

    def problems_of(self, person_id: str) -> list[Problem]:
        """Problems a person raised, confirmed, or that were drawn from their words."""
        return [p for p in self.problems if person_id in self.believers[p.id] or person_id in self.drawn_from[p.id]]

    # ------------------------------------------------------------ meetings

    def meeting(self, meeting_id: str | None) -> Meeting | None:
        """The meeting with this id; with None, the latest meeting of the deal (or None without meetings)."""
        if meeting_id is not None:
            return next((m for m in self.record.meetings if m.id == meeting_id), None)
        return max(self.record.meetings, key=lambda m: m.started_at, default=None)
