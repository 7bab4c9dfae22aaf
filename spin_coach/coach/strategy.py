"""Account strategy: the 3×3 client matrix, the purchase model, a closing tactic, the journey stage.

- Matrix: relationship (weak/medium/strong) × attractiveness (low/medium/high).
  Low attractiveness: protect revenue or stop; medium: invest selectively;
  high: invest — build loyalty where the relationship is weak, deepen it otherwise.
- Purchase model: economic (money for money, top management decides),
  technical (a professional tool plus return; middle management and
  procurement decide) or end-use (the client buys the result of use).
- Closing tactic: transactional (price and terms), integrator (the fit into
  the client's processes and systems) or turnkey (paid once the planned value
  is created) — the expert tactics take price out of the negotiation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..banks import BankSet
from ..models import ClosingTactic, DealRecord, JourneyStage, PurchaseModel
from .consensus import Consensus, consensus_from
from .index import DealIndex
from .problems import rollup
from .readiness import Readiness, readiness_from
from .text import money_list, msg, names

Investment = Literal["stop_or_protect", "selective", "invest"]
_MODEL_ORDER: tuple[PurchaseModel, ...] = ("economic", "technical", "end_use")
_INVESTMENT: dict[str, Investment] = {"low": "stop_or_protect", "medium": "selective", "high": "invest"}


class MatrixCell(BaseModel):
    """Where the client sits in the 3×3 matrix and what that means for the seller's effort."""

    relationship: str
    attractiveness: str
    investment: Investment
    recommendation: str


class PurchaseModelView(BaseModel):
    """How this client buys, where that comes from, and what the proposal should stress."""

    model: PurchaseModel
    source: Literal["deal", "inferred", "default"]
    reason: str
    emphasis: str


class ClosingTacticView(BaseModel):
    """The closing tactic: the deal's own choice if made, and the one the coach suggests, with why."""

    tactic: ClosingTactic
    source: Literal["deal", "suggested"]
    suggested: ClosingTactic
    reason: str


class JourneyView(BaseModel):
    """Where the client is on the journey, the seller's goal there, and the next step."""

    stage: JourneyStage
    label: str
    goal: str
    goal_source: Literal["deal", "default"]
    next_step: str


class Strategy(BaseModel):
    """The account strategy for a deal."""

    matrix: MatrixCell
    purchase_model: PurchaseModelView
    closing_tactic: ClosingTacticView
    journey: JourneyView


def strategy(record: DealRecord, banks: BankSet, *, lang: str = "en") -> Strategy:
    """The matrix cell and its advice, the purchase model, a closing tactic and the journey's next step."""
    return strategy_from(DealIndex(record, banks), lang=lang)


def strategy_from(index: DealIndex, *, lang: str = "en", agreement: Consensus | None = None, ready: Readiness | None = None) -> Strategy:
    """:func:`strategy` over an index (and a consensus and readiness) already built."""
    agreement = agreement or consensus_from(index)
    purchase = purchase_model_view(index, lang)
    return Strategy(
        matrix=matrix_cell(index.record.deal.score.relationship, index.record.deal.score.attractiveness, lang),
        purchase_model=purchase,
        closing_tactic=closing_tactic_view(index, purchase.model, lang),
        journey=journey_view(index, lang, agreement, ready),
    )


def matrix_cell(relationship: str, attractiveness: str, lang: str = "en") -> MatrixCell:
    """The 3×3 matrix cell and its recommendation."""
    return MatrixCell(
        relationship=relationship,
        attractiveness=attractiveness,
        investment=_INVESTMENT[attractiveness],
        recommendation=msg(f"strategy.matrix.{attractiveness}.{relationship}", lang),
    )


def purchase_model_view(index: DealIndex, lang: str = "en") -> PurchaseModelView:
    """The deal's purchase model, else the one the key stakeholders' roles lean to, else technical."""
    model = index.record.deal.purchase_model
    if model is not None:
        return PurchaseModelView(model=model, source="deal", reason=msg("strategy.purchase.source.deal", lang), emphasis=msg(f"strategy.purchase.{model}", lang))
    voters = index.key_ids or [p.id for p in index.record.stakeholders]
    votes: dict[PurchaseModel, list[str]] = {}
    for person_id in voters:
        role = index.role(person_id)
        if role is not None:
            votes.setdefault(role.purchase_model, []).append(person_id)
    if not votes:
        return PurchaseModelView(
            model="technical", source="default", reason=msg("strategy.purchase.source.default", lang), emphasis=msg("strategy.purchase.technical", lang)
        )
    model = max(votes, key=lambda m: (len(votes[m]), -_MODEL_ORDER.index(m)))
    who = names([f"{index.name(p)} ({index.role_label(p, lang)})" for p in votes[model]])
    return PurchaseModelView(model=model, source="inferred", reason=msg("strategy.purchase.source.inferred", lang, who=who), emphasis=msg(f"strategy.purchase.{model}", lang))


def suggest_closing_tactic(index: DealIndex, model: PurchaseModel, lang: str = "en") -> tuple[ClosingTactic, str]:
    """A closing tactic and its reason, from attractiveness, relationship, purchase model and measured value."""
    score = index.record.deal.score
    if score.attractiveness == "low":
        return "transactional", msg("strategy.tactic.low_attractiveness", lang)
    yearly: dict[str, float] = {}
    for problem in index.problems:
        for currency, amount in rollup(problem).cost_of_inaction.items():
            yearly[currency] = round(yearly.get(currency, 0.0) + amount, 2)
    if not yearly:
        # Turnkey needs a yearly figure to be paid against; a one-off cost alone does not set a baseline.
        return "integrator", msg("strategy.tactic.quantify_first", lang)
    value = money_list(yearly, lang, "year")
    if model == "technical":
        return "integrator", msg("strategy.tactic.technical", lang)
    if score.relationship == "weak":
        return "integrator", msg("strategy.tactic.weak_relationship", lang, value=value)
    return "turnkey", msg(f"strategy.tactic.measurable_{model}", lang, value=value)


def closing_tactic_view(index: DealIndex, model: PurchaseModel, lang: str = "en") -> ClosingTacticView:
    """The deal's closing tactic if the seller chose one, next to the suggested one and its reason."""
    suggested, reason = suggest_closing_tactic(index, model, lang)
    chosen = index.record.deal.closing_tactic
    return ClosingTacticView(tactic=chosen or suggested, source="deal" if chosen else "suggested", suggested=suggested, reason=reason)


def journey_view(index: DealIndex, lang: str, agreement: Consensus, ready: Readiness | None = None) -> JourneyView:
    """The journey stage, the seller's goal for it (their own, else a default) and the next step."""
    deal = index.record.deal
    stage = deal.journey_stage
    own = (deal.goals.get(stage) or "").strip()
    if stage == "shared_problem_understanding" and not agreement.shared_problem_understanding:
        ready = ready or readiness_from(index, lang=lang, agreement=agreement)
        gap = next((item for item in ready.items if item.required and not item.ok), None)
        next_step = gap.reason if gap else msg("strategy.next.shared_problem_understanding", lang)
    elif stage == "shared_problem_understanding":
        next_step = msg("strategy.next.shared_problem_understanding_reached", lang)
    else:
        next_step = msg(f"strategy.next.{stage}", lang)
    return JourneyView(
        stage=stage,
        label=msg(f"journey.{stage}", lang),
        goal=own or msg(f"strategy.goal.{stage}", lang),
        goal_source="deal" if own else "default",
        next_step=next_step,
    )
