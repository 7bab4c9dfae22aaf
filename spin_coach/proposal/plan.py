"""Call plans: one page per stakeholder to prepare a discovery call.

Who they are and what their role cares about, what they already told us, the
problems still open with them, the questions to ask in order (the coach's next
best questions, few situation questions), and the goal of the meeting.
"""

from __future__ import annotations

from datetime import date

from ..banks import BankSet
from ..coach.consensus import consensus_from
from ..coach.index import DealIndex, quantified
from ..coach.questions import next_questions_from
from ..coach.strategy import strategy_from
from ..models import STAGES, DealRecord, Problem
from .context import account_view, deal_view
from .people import BuyingGroup
from .views import CallPlanContext, PlanProblem, PlanQuestion, StakeholderPlan
from .wording import date_text, doc, plan_msg

QUESTIONS_PER_PLAN = 6
# Rackham: weak calls over-use situation questions; research the rest before the call.
SITUATION_QUESTIONS = 2
KNOWN_PER_PERSON = 6
GOALS_PER_PLAN = 3


def build_plan_context(
    record: DealRecord,
    banks: BankSet,
    *,
    lang: str = "en",
    stakeholder_id: str | None = None,
    today: date | None = None,
) -> CallPlanContext:
    """Call-plan context for every stakeholder (key stakeholders first), or for one."""
    index = DealIndex(record, banks)
    agreement = consensus_from(index)
    plan = strategy_from(index, lang=lang, agreement=agreement)
    group = BuyingGroup(index, lang)
    people = [p for p in record.stakeholders if stakeholder_id in (None, p.id)]
    if stakeholder_id is not None and not people:
        raise KeyError(f"no stakeholder {stakeholder_id!r} in deal {record.deal.id}")
    people.sort(key=lambda p: p.id not in group.key)
    numbers = {p.id: n for n, p in enumerate(index.problems, 1)}
    missing = {row.problem_id: set(row.key_missing) for row in agreement.problems}
    day = today or date.today()

    plans = []
    for person in people:
        view = group.people[person.id]
        role = banks.roles.get(person.role)
        cares = (role.cares_about.get(lang) or role.cares_about.get("en") or []) if role else []
        answers = sorted(index.answers_by_person.get(person.id, []), key=lambda a: a.at)[-KNOWN_PER_PERSON:]
        answers.sort(key=lambda a: STAGES.index(a.stage))
        open_items = _open_kinds(index, person.id, missing)
        plans.append(
            StakeholderPlan(
                person=view,
                attitude=person.attitude,
                attitude_label=plan_msg(f"attitude.{person.attitude}", lang),
                channel=person.channel,
                channel_label=plan_msg(f"channel_name.{person.channel}", lang),
                notes=person.notes,
                cares_about=list(cares),
                known=[group.statement(a) for a in answers],
                problems=[
                    PlanProblem(
                        number=numbers[problem.id],
                        statement=problem.statement,
                        holds=holds,
                        open=[plan_msg(f"open.{kind}", lang) for kind in kinds],
                    )
                    for problem, holds, kinds in open_items
                ],
                questions=_questions(index, person.id, lang),
                goals=_goals(index, person.id, view.role_label, open_items, lang),
            )
        )
    return CallPlanContext(
        lang=lang,
        date=day.isoformat(),
        date_text=date_text(day, lang),
        title=f"{plan_msg('title', lang)}: {record.account.name}",
        account=account_view(record),
        deal=deal_view(record, plan.purchase_model.model, plan.closing_tactic.tactic, lang),
        deal_goal=plan.journey.goal,
        next_step=plan.journey.next_step,
        plans=plans,
    )


def _open_kinds(index: DealIndex, person_id: str, missing: dict[str, set[str]]) -> list[tuple[Problem, bool, list[str]]]:
    """Per problem still open with this person: (problem, whether they hold it, what is open)."""
    out = []
    for problem in index.problems:
        holds = person_id in index.believers[problem.id]
        kinds = []
        if person_id in missing.get(problem.id, ()):
            kinds.append("confirm")
        if holds and not any(quantified(i) for i in problem.implications):
            kinds.append("quantify")
        if holds and not problem.need_payoffs:
            kinds.append("value")
        elif holds and not any(n.explicit for n in problem.need_payoffs):
            kinds.append("implied")
        if kinds:
            out.append((problem, holds, kinds))
    return out


def _questions(index: DealIndex, person_id: str, lang: str) -> list[PlanQuestion]:
    chosen = []
    situation = 0
    # Ask the coach for more than we show, so dropping extra situation questions still leaves a full list.
    for q in next_questions_from(index, person_id, lang=lang, limit=QUESTIONS_PER_PLAN * 2):
        if q.stage == "situation":
            situation += 1
            if situation > SITUATION_QUESTIONS:
                continue
        chosen.append(q)
        if len(chosen) == QUESTIONS_PER_PLAN:
            break
    return [
        PlanQuestion(
            number=n,
            question_id=q.question_id,
            stage=q.stage,
            stage_label=doc(f"stage.{q.stage}", lang),
            text=q.text,
            purpose=q.purpose,
            reason=q.reason,
            is_follow_up=q.is_follow_up,
        )
        for n, q in enumerate(chosen, 1)
    ]


def _goals(index: DealIndex, person_id: str, role_label: str, open_items: list[tuple[Problem, bool, list[str]]], lang: str) -> list[str]:
    """The meeting's goals: confirmations first, then a figure, then the value in their words."""
    name = index.name(person_id)
    if not index.met(person_id):
        return [plan_msg("meeting_goal.first", lang, name=name, role=role_label)]
    goals = []
    for kind in ("confirm", "quantify", "value"):
        for problem, _holds, kinds in open_items:
            if kind in kinds or (kind == "value" and "implied" in kinds):
                goals.append(plan_msg(f"meeting_goal.{kind}", lang, name=name, problem=problem.statement))
    return goals[:GOALS_PER_PLAN] or [plan_msg("meeting_goal.explore", lang, name=name)]
