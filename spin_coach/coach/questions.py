"""The next best question for one stakeholder, with the reason the seller sees.

The order, from the method:
1. follow-ups of what the person already said (the latest first, this meeting first);
2. then SPIN progression: a quantified implication calls for a need-payoff
   question, a problem without implications for an implication question; a
   person with no problem yet gets a couple of situation questions, then
   problem questions — Rackham found weak calls over-use situation questions;
3. within a stage, questions of the deal's journey stage first, questions one
   can research before the call last, role-specific before general.
A question already asked of the person is never offered again, nor one for a
later journey stage than the deal's, nor a situation fact someone else already gave.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel

from ..banks import BankSet
from ..models import JOURNEY_STAGES, DealRecord, Problem, Question, Stage
from .index import DealIndex, quantified
from .problems import rollup
from .text import money_list, msg, quote

# A couple of situation questions open a conversation; more belong in preparation.
SITUATION_ENOUGH = 2


class NextQuestion(BaseModel):
    """A question worth asking next, and why."""

    question_id: str
    stage: Stage
    text: str
    purpose: str
    reason: str
    is_follow_up: bool
    role_specific: bool
    research: bool
    problem_id: str | None = None


class _Step(NamedTuple):
    stage: Stage
    reason: str
    problem_id: str | None = None


def next_questions(
    record: DealRecord,
    banks: BankSet,
    stakeholder_id: str,
    *,
    lang: str = "en",
    limit: int = 5,
    meeting_id: str | None = None,
) -> list[NextQuestion]:
    """Up to ``limit`` questions to ask ``stakeholder_id`` next, best first; [] for an unknown person."""
    return next_questions_from(DealIndex(record, banks), stakeholder_id, lang=lang, limit=limit, meeting_id=meeting_id)


def _stage_plan(index: DealIndex, person_id: str, lang: str) -> list[_Step]:
    """The SPIN stages in the order this person's conversation calls for, each with its reason."""
    name = index.name(person_id)
    counts = index.stage_counts(person_id)
    problems = index.problems_of(person_id)
    plan: list[_Step] = []

    def add(stage: Stage, reason: str, problem: Problem | None = None) -> None:
        if all(step.stage != stage for step in plan):
            plan.append(_Step(stage=stage, reason=reason, problem_id=problem.id if problem else None))

    for problem in problems:
        if problem.implications and not problem.need_payoffs and any(quantified(i) for i in problem.implications):
            cost = money_list(rollup(problem).cost_of_inaction, lang, "year")
            add("need_payoff", msg("reason.quantified_needs_payoff", lang, problem=quote(problem.statement), cost=cost, name=name), problem)
    for problem in problems:
        if not problem.implications:
            add("implication", msg("reason.problem_without_implication", lang, problem=quote(problem.statement), name=name), problem)
    for problem in problems:
        if problem.implications and not any(quantified(i) for i in problem.implications):
            add("implication", msg("reason.quantify_implication", lang, problem=quote(problem.statement)), problem)
    if not problems:
        # The problem definition may not be filled in yet: read what they said itself.
        if counts["implication"] and not counts["need_payoff"]:
            add("need_payoff", msg("reason.implications_without_payoff", lang, name=name))
        if counts["problem"] and not counts["implication"]:
            add("implication", msg("reason.problems_without_implication", lang, name=name))
        if not counts["problem"] and counts["situation"] < SITUATION_ENOUGH:
            add("situation", msg("reason.open_with_situation", lang, name=name))
        add("problem", msg("reason.find_problem", lang, name=name))
    add("problem", msg("reason.another_problem", lang, name=name))
    add("implication", msg("reason.stage.implication", lang))
    add("need_payoff", msg("reason.stage.need_payoff", lang))
    enough = counts["situation"] >= SITUATION_ENOUGH
    add("situation", msg("reason.situation_enough" if enough else "reason.stage.situation", lang, n=counts["situation"]))
    return plan


def _eligible(index: DealIndex, question: Question, role: str, asked: set[str], journey_at: int) -> bool:
    if question.id in asked or not question.suits(role):
        return False
    if JOURNEY_STAGES.index(question.journey) > journey_at:
        return False
    # A fact someone else already gave is in the record; asking it again wastes the client's time.
    return not (question.stage == "situation" and question.id in index.known_facts)


def _make(question: Question, lang: str, reason: str, *, follow_up: bool, problem_id: str | None = None) -> NextQuestion:
    if question.research:
        reason = f"{reason} {msg('reason.research', lang)}"
    return NextQuestion(
        question_id=question.id,
        stage=question.stage,
        text=question.ask(lang),
        purpose=question.why(lang),
        reason=reason,
        is_follow_up=follow_up,
        role_specific=bool(question.roles),
        research=question.research,
        problem_id=problem_id,
    )


def next_questions_from(
    index: DealIndex,
    stakeholder_id: str,
    *,
    lang: str = "en",
    limit: int = 5,
    meeting_id: str | None = None,
    candidates: list[Question] | None = None,
) -> list[NextQuestion]:
    """:func:`next_questions` over an index already built; ``candidates`` are the role's questions, if known."""
    person = index.people.get(stakeholder_id)
    if person is None or limit <= 0:
        return []
    asked = index.asked_ids(stakeholder_id)
    journey_at = JOURNEY_STAGES.index(index.record.deal.journey_stage)
    questions = index.banks.questions
    out: list[NextQuestion] = []
    offered: set[str] = set()

    # 1. Follow-ups of what they said in reply to a bank question: this meeting first, then the most recent.
    replies = [s for s in index.statements_by_person.get(stakeholder_id, ()) if s.question_id]
    replies.sort(key=lambda s: (s.meeting_id == meeting_id and meeting_id is not None, s.at), reverse=True)
    for said in replies:
        source = questions.get(said.question_id or "")
        if source is None:
            continue
        for follow_id in source.follow_ups:
            question = questions.get(follow_id)
            if question is None or follow_id in offered or not _eligible(index, question, person.role, asked, journey_at):
                continue
            reason = msg("reason.follow_up", lang, name=person.name, said=quote(said.text))
            out.append(_make(question, lang, reason, follow_up=True))
            offered.add(follow_id)
            if len(out) >= limit:
                return out

    # 2. SPIN progression over the rest of the role's questions.
    plan = _stage_plan(index, stakeholder_id, lang)
    rank = {step.stage: n for n, step in enumerate(plan)}
    steps = {step.stage: step for step in plan}
    pool = candidates if candidates is not None else [q for q in questions.values() if q.suits(person.role)]
    chosen = [q for q in pool if q.id not in offered and _eligible(index, q, person.role, asked, journey_at)]
    # A stable sort: within equal keys the bank's own order stands.
    chosen.sort(key=lambda q: (rank[q.stage], journey_at - JOURNEY_STAGES.index(q.journey), q.research, not q.roles))
    # Even when context comes first, only a couple of situation questions lead; the rest wait at the end.
    allowance = max(0, SITUATION_ENOUGH - index.stage_counts(stakeholder_id)["situation"])
    if plan[0].stage == "situation":
        situation = [q for q in chosen if q.stage == "situation"]
        deferred = {q.id for q in situation[allowance:]}
        chosen = [q for q in chosen if q.id not in deferred] + situation[allowance:]
    for question in chosen[: limit - len(out)]:
        step = steps[question.stage]
        out.append(_make(question, lang, step.reason, follow_up=False, problem_id=step.problem_id))
    return out


def role_pools(banks: BankSet, roles: set[str]) -> dict[str, list[Question]]:
    """The questions that suit each role, computed once for a review of many stakeholders."""
    pools: dict[str, list[Question]] = {role: [] for role in roles}
    for question in banks.questions.values():
        for role in question.roles or pools:
            if role in pools:
                pools[role].append(question)
    return pools


__all__ = ["NextQuestion", "SITUATION_ENOUGH", "next_questions", "next_questions_from", "role_pools"]
