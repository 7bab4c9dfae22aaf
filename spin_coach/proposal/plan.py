"""Call plans: one page per stakeholder to prepare a discovery call.

Who they are and what their role cares about, what they already told us, the
problems still open with them, the questions to ask in order (the coach's next
best questions, few situation questions), and the goal of the meeting.
"""

from __future__ import annotations

from datetime import date

from ..banks import BankSet
from ..coach.consensus import consensus_from
from ..coach.gaps import Gap, find_gaps
from ..coach.index import DealIndex
from ..coach.questions import next_questions_from
from ..coach.readiness import readiness_from
from ..coach.strategy import strategy_from
from ..models import STAGES, DealRecord, Problem
from .context import account_view, deal_view
from .people import PeopleDirectory
from .views import CallPlanContext, PlanProblem, PlanQuestion, StakeholderPlan
from .wording import OPEN_ORDER, date_text, doc, open_point, plan_msg

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
    gaps = find_gaps(index, agreement=agreement)
    plan = strategy_from(index, lang=lang, agreement=agreement, ready=readiness_from(index, lang=lang, agreement=agreement, gaps=gaps))
    group = PeopleDirectory(index, lang)
    people = [p for p in record.stakeholders if stakeholder_id in (None, p.id)]
    if stakeholder_id is not None and not people:
        raise KeyError(f"no stakeholder {stakeholder_id!r} in deal {record.deal.id}")
    people.sort(key=lambda p: p.id not in group.key)
    numbers = {p.id: n for n, p in enumerate(index.problems, 1)}
    day = today or date.today()

    plans = []
    for person in people:
        view = group.people[person.id]
        role = banks.roles.get(person.role)
        cares = (role.cares_about.get(lang) or role.cares_about.get("en") or []) if role else []
        # What they said, answers and meeting lines alike (in time order already): the latest few, in SPIN order.
        known = list(index.statements_by_person.get(person.id, ()))[-KNOWN_PER_PERSON:]
        known.sort(key=lambda said: STAGES.index(said.stage))
        open_items = _open_kinds(index, person.id, gaps)
        plans.append(
            StakeholderPlan(
                person=view,
                attitude=person.attitude,
                attitude_label=plan_msg(f"attitude.{person.attitude}", lang),
                channel=person.channel,
                channel_label=plan_msg(f"channel_name.{person.channel}", lang),
                notes=person.notes,
                cares_about=list(cares),
                known=[group.statement(said) for said in known],
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


def _open_kinds(index: DealIndex, person_id: str, gaps: list[Gap]) -> list[tuple[Problem, bool, list[str]]]:
    """Per problem still open with this person: (problem, whether they hold it, what is open), from the coach's gaps.

    A confirmation is open with the key stakeholders who have not given it; a figure,
    the value and the need behind it are open with the problem's believers.
    """
    by_problem: dict[str, list[Gap]] = {}
    for gap in gaps:
        if gap.problem_id is not None and open_point(gap) in ("confirm", "quantify", "value", "implied"):
            by_problem.setdefault(gap.problem_id, []).append(gap)
    out = []
    for problem in index.problems:
        holds = person_id in index.believers[problem.id]
        kinds = {
            point
            for gap in by_problem.get(problem.id, ())
            if (point := open_point(gap)) and (person_id in gap.people if point == "confirm" else holds)
        }
        if kinds:
            out.append((problem, holds, sorted(kinds, key=OPEN_ORDER.index)))
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
