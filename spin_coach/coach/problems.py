"""The shared problem definition: turn answers into problems, merge and confirm them,
attach implications and need-payoffs, and roll up what inaction costs and solving is worth.

Every editing function is pure: it returns a new :class:`Problem` and leaves the
one passed in untouched, so a screen can offer undo by keeping the old value.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..models import Answer, DealRecord, Evidence, Implication, NeedPayoff, Period, Problem
from .index import quantified

# How many times a year an amount of each period recurs. A one-off amount is not
# a yearly figure: it is counted once and reported on its own.
PER_YEAR: dict[str, int] = {"week": 52, "month": 12, "quarter": 4, "year": 1}

Progress = Literal["stated", "implications", "quantified", "payoff", "explicit_need"]


# ---------------------------------------------------------------- editing


def problem_from_answer(answer: Answer, *, statement: str | None = None) -> Problem:
    """A problem drafted from what someone said, raised by them, for the seller to confirm or edit."""
    return Problem(
        deal_id=answer.deal_id,
        statement=(statement or " ".join(answer.text.split())).strip(),
        raised_by=answer.stakeholder_id,
        source_answers=[answer.id],
    )


def believers(problem: Problem) -> list[str]:
    """Who holds the problem: the person who raised it, then everyone who confirmed it."""
    people = [problem.raised_by] if problem.raised_by else []
    return people + [p for p in problem.confirmed_by if p not in people]


def confirm(problem: Problem, stakeholder_id: str) -> Problem:
    """The problem with ``stakeholder_id`` among those who confirmed it (confirming twice changes nothing)."""
    if stakeholder_id in problem.confirmed_by:
        return problem.model_copy(deep=True)
    return problem.model_copy(update={"confirmed_by": [*problem.confirmed_by, stakeholder_id]}, deep=True)


def withdraw(problem: Problem, stakeholder_id: str) -> Problem:
    """The problem without ``stakeholder_id``'s confirmation, for when they take it back."""
    return problem.model_copy(update={"confirmed_by": [p for p in problem.confirmed_by if p != stakeholder_id]}, deep=True)


def _union(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(item for items in lists for item in items))


def merge_problems(a: Problem, b: Problem) -> Problem:
    """One problem out of two that say the same thing: ``a``'s id and wording, everyone's support.

    Whoever raised ``b`` keeps their voice as a confirmation; implications and
    need-payoffs of both move under ``a``. Problems of different deals do not merge.
    """
    if a.deal_id != b.deal_id:
        raise ValueError(f"cannot merge problems of different deals ({a.deal_id} and {b.deal_id})")
    if a.id == b.id:
        return a.model_copy(deep=True)
    raised_by = a.raised_by or b.raised_by
    confirmed = _union(a.confirmed_by, [b.raised_by] if b.raised_by else [], b.confirmed_by)
    implications = {i.id: i.model_copy(update={"problem_id": a.id}, deep=True) for i in [*a.implications, *b.implications]}
    needs = {n.id: n.model_copy(update={"problem_id": a.id}, deep=True) for n in [*a.need_payoffs, *b.need_payoffs]}
    return a.model_copy(
        update={
            "raised_by": raised_by,
            "confirmed_by": [p for p in confirmed if p != raised_by],
            "source_answers": _union(a.source_answers, b.source_answers),
            "tags": _union(a.tags, b.tags),
            "created_at": min(a.created_at, b.created_at),
            "implications": list(implications.values()),
            "need_payoffs": list(needs.values()),
        },
        deep=True,
    )


def add_implication(
    problem: Problem,
    consequence: str,
    *,
    amount: float | None = None,
    currency: str | None = None,
    period: Period | None = None,
    evidence: Evidence = "stated",
    stated_by: str | None = None,
    felt_by: list[str] | None = None,
) -> Problem:
    """The problem with one more consequence: what it costs (optional amount, currency, period), stated or inferred."""
    implication = Implication(
        problem_id=problem.id,
        consequence=consequence,
        amount=amount,
        currency=currency,
        period=period,
        evidence=evidence,
        stated_by=stated_by,
        felt_by=list(felt_by or []),
    )
    return problem.model_copy(update={"implications": [*problem.implications, implication]}, deep=True)


def add_need_payoff(
    problem: Problem,
    text: str,
    *,
    said_by: str | None = None,
    amount: float | None = None,
    currency: str | None = None,
    period: Period | None = None,
    explicit: bool = False,
) -> Problem:
    """The problem with the value of solving it in the client's words; the need stays implied unless ``explicit``."""
    need = NeedPayoff(
        problem_id=problem.id, text=text, said_by=said_by, amount=amount, currency=currency, period=period, explicit=explicit
    )
    return problem.model_copy(update={"need_payoffs": [*problem.need_payoffs, need]}, deep=True)


def state_need(problem: Problem, need_payoff_id: str, stakeholder_id: str) -> Problem:
    """The problem with one need made explicit: ``stakeholder_id`` stated it in their own words."""
    if not any(n.id == need_payoff_id for n in problem.need_payoffs):
        raise ValueError(f"problem {problem.id} has no need-payoff {need_payoff_id!r}")
    needs = [
        n.model_copy(update={"explicit": True, "said_by": stakeholder_id}, deep=True) if n.id == need_payoff_id else n
        for n in problem.need_payoffs
    ]
    return problem.model_copy(update={"need_payoffs": needs}, deep=True)


def _edited(item, changes: dict):
    """``item`` with ``changes`` applied and validated (a copy; ids and owner stay)."""
    unknown = set(changes) - set(type(item).model_fields) | ({"id", "problem_id"} & set(changes))
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    return type(item).model_validate({**item.model_dump(), **changes})


def edit_implication(problem: Problem, implication_id: str, **changes) -> Problem:
    """The problem with one implication changed (consequence, amount, currency, period, evidence, stated_by, felt_by)."""
    if not any(i.id == implication_id for i in problem.implications):
        raise ValueError(f"problem {problem.id} has no implication {implication_id!r}")
    items = [_edited(i, changes) if i.id == implication_id else i for i in problem.implications]
    return problem.model_copy(update={"implications": items}, deep=True)


def remove_implication(problem: Problem, implication_id: str) -> Problem:
    """The problem without one implication."""
    return problem.model_copy(update={"implications": [i for i in problem.implications if i.id != implication_id]}, deep=True)


def edit_need_payoff(problem: Problem, need_payoff_id: str, **changes) -> Problem:
    """The problem with one need-payoff changed (text, amount, currency, period, said_by, explicit)."""
    if not any(n.id == need_payoff_id for n in problem.need_payoffs):
        raise ValueError(f"problem {problem.id} has no need-payoff {need_payoff_id!r}")
    items = [_edited(n, changes) if n.id == need_payoff_id else n for n in problem.need_payoffs]
    return problem.model_copy(update={"need_payoffs": items}, deep=True)


def remove_need_payoff(problem: Problem, need_payoff_id: str) -> Problem:
    """The problem without one need-payoff."""
    return problem.model_copy(update={"need_payoffs": [n for n in problem.need_payoffs if n.id != need_payoff_id]}, deep=True)


# ---------------------------------------------------------------- roll-ups


def per_year(amount: float, period: Period | None) -> float | None:
    """The yearly figure of an amount (month × 12, quarter × 4, year × 1); None for a one-off.

    An amount without a period is read as a one-off: the cautious reading, since
    multiplying it could inflate the case the seller puts to the client.
    """
    times = PER_YEAR.get(period or "one_off")
    return None if times is None else amount * times


def _add(totals: dict[str, float], currency: str, amount: float) -> None:
    totals[currency] = totals.get(currency, 0.0) + amount


def _rounded(totals: dict[str, float]) -> dict[str, float]:
    return {c: round(v, 2) for c, v in sorted(totals.items())}


def _roll(items) -> tuple[dict[str, float], dict[str, float]]:
    """(per year, one-off) totals per currency of implications or need-payoffs with amounts."""
    yearly: dict[str, float] = {}
    once: dict[str, float] = {}
    for item in items:
        if item.amount is None or not item.currency:
            continue
        value = per_year(item.amount, item.period)
        if value is None:
            _add(once, item.currency, item.amount)
        else:
            _add(yearly, item.currency, value)
    return _rounded(yearly), _rounded(once)


class ProblemRollup(BaseModel):
    """One problem of the shared definition, with what it costs and what solving it is worth."""

    problem_id: str
    statement: str
    raised_by: str | None
    believers: list[str]
    progress: Progress
    implications: int
    quantified_implications: int
    inferred_implications: int
    need_payoffs: int
    explicit_need: bool
    cost_of_inaction: dict[str, float]
    cost_one_off: dict[str, float]
    value_of_solving: dict[str, float]
    value_one_off: dict[str, float]


class ProblemSummary(BaseModel):
    """The shared problem definition rolled up: yearly figures per currency, one-offs apart, never converted."""

    problems: list[ProblemRollup]
    cost_of_inaction: dict[str, float]
    cost_one_off: dict[str, float]
    value_of_solving: dict[str, float]
    value_one_off: dict[str, float]
    currencies: list[str]
    mixed_currencies: bool


def progress(problem: Problem) -> Progress:
    """How far SPIN has taken a problem: stated → implications → quantified → payoff → explicit need."""
    if any(n.explicit for n in problem.need_payoffs):
        return "explicit_need"
    if problem.need_payoffs:
        return "payoff"
    if any(quantified(i) for i in problem.implications):
        return "quantified"
    if problem.implications:
        return "implications"
    return "stated"


def rollup(problem: Problem) -> ProblemRollup:
    """One problem's figures: cost of inaction and value of solving, per year and per currency."""
    cost, cost_once = _roll(problem.implications)
    value, value_once = _roll(problem.need_payoffs)
    return ProblemRollup(
        problem_id=problem.id,
        statement=problem.statement,
        raised_by=problem.raised_by,
        believers=believers(problem),
        progress=progress(problem),
        implications=len(problem.implications),
        quantified_implications=sum(1 for i in problem.implications if quantified(i)),
        inferred_implications=sum(1 for i in problem.implications if i.evidence == "inferred"),
        need_payoffs=len(problem.need_payoffs),
        explicit_need=any(n.explicit for n in problem.need_payoffs),
        cost_of_inaction=cost,
        cost_one_off=cost_once,
        value_of_solving=value,
        value_one_off=value_once,
    )


def problem_summary(record: DealRecord) -> ProblemSummary:
    """Every problem's roll-up and the deal's totals; currencies are kept apart, never added."""
    rows = [rollup(p) for p in record.problem_definition.problems]
    totals: dict[str, dict[str, float]] = {"cost_of_inaction": {}, "cost_one_off": {}, "value_of_solving": {}, "value_one_off": {}}
    for row in rows:
        for field, bucket in totals.items():
            for currency, amount in getattr(row, field).items():
                _add(bucket, currency, amount)
    currencies = sorted({c for bucket in totals.values() for c in bucket})
    return ProblemSummary(
        problems=rows,
        **{field: _rounded(bucket) for field, bucket in totals.items()},
        currencies=currencies,
        mixed_currencies=len(currencies) > 1,
    )
