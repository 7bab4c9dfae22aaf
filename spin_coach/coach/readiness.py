"""Readiness for a proposal: a checklist, each item with the reason it passes or what is missing.

A pre-sell proposal restates the client's problem; it is worth sending only
when the people who decide have agreed a problem, in money, in their own words.
Each check fails on gaps the coach found once (:mod:`.gaps`) and words them.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..banks import BankSet
from ..models import DealRecord
from .consensus import Consensus, consensus_from
from .coverage import ESSENTIAL_ROLES
from .gaps import Gap, GapKind, find_gaps
from .index import DealIndex
from .problems import rollup
from .text import money_list, msg, names, quote


class ReadinessItem(BaseModel):
    """One check; ``required`` items must all pass before the deal is ready for a proposal."""

    id: str
    ok: bool
    reason: str
    required: bool = True


class Readiness(BaseModel):
    """Whether the deal is ready for a proposal, and the checklist behind the answer."""

    ready: bool
    items: list[ReadinessItem]


# Each check of the list and the gap kinds that fail it; a check passes when none of its gaps was found.
CHECKS: tuple[tuple[str, tuple[GapKind, ...]], ...] = (
    ("decision_maker_met", ("no_decision_maker", "decision_maker_not_met")),
    ("key_roles_covered", ("missing_key_role",)),
    ("buying_group_heard", ("missing_role", "role_not_heard")),
    ("confirmed_problem", ("no_confirmed_problem",)),
    ("quantified_implication", ("no_quantified_problem",)),
    ("need_payoff_from_decision_maker", ("no_payoff_from_decision_maker",)),
    ("explicit_need", ("no_explicit_need",)),
    ("shared_understanding", ("no_shared_problem",)),
)
# Advisory: the people who check the fit and live with the result should be heard, but need not block.
ADVISORY = frozenset({"buying_group_heard"})


def readiness(record: DealRecord, banks: BankSet, *, lang: str = "en") -> Readiness:
    """The proposal checklist for a deal: key roles, a confirmed and quantified problem, a decision maker's payoff."""
    return readiness_from(DealIndex(record, banks), lang=lang)


def readiness_from(index: DealIndex, *, lang: str = "en", agreement: Consensus | None = None, gaps: list[Gap] | None = None) -> Readiness:
    """:func:`readiness` over an index (and a consensus and the deal's gaps) already built.

    A failing item words its gaps; a passing one says what was found.
    """
    agreement = agreement or consensus_from(index)
    if gaps is None:
        gaps = find_gaps(index, agreement=agreement)
    items = []
    for check, kinds in CHECKS:
        found = [g for g in gaps if g.kind in kinds]
        required = check not in ADVISORY
        if found:
            items.append(_missing(index, check, found, lang, required))
        else:
            items.append(_found(index, agreement, check, lang, required))
    return Readiness(ready=all(i.ok for i in items if i.required), items=items)


def _item(key: str, ok: bool, lang: str, *, required: bool = True, variant: str = "", **values) -> ReadinessItem:
    suffix = "ok" if ok else "missing" + (f"_{variant}" if variant else "")
    return ReadinessItem(id=key, ok=ok, reason=msg(f"ready.{key}.{suffix}", lang, **values), required=required)


def _missing(index: DealIndex, check: str, gaps: list[Gap], lang: str, required: bool) -> ReadinessItem:
    """A failing check, worded from its gaps."""
    gap = gaps[0]
    if check == "decision_maker_met" and gap.kind == "no_decision_maker":
        return _item(check, False, lang, variant="none")
    if check == "decision_maker_met":
        return _item(check, False, lang, names=names([index.name(p) for p in gap.people]))
    if check in ("key_roles_covered", "buying_group_heard"):
        # Key roles in the banks' order; the advisory roles in the order the buying group needs them.
        order = list(index.banks.roles) if check == "key_roles_covered" else list(ESSENTIAL_ROLES)
        roles = sorted({g.role or "" for g in gaps}, key=lambda r: order.index(r) if r in order else len(order))
        return _item(check, False, lang, required=required, roles=names([index.banks.role_label(r, lang) for r in roles]))
    if check == "shared_understanding" and gap.problem_id is not None:
        problem = next(p for p in index.problems if p.id == gap.problem_id)
        variant = "" if gap.people else "unquantified"
        return _item(check, False, lang, variant=variant, problem=quote(problem.statement), names=names([index.name(p) for p in gap.people]))
    if check == "shared_understanding":
        return _item(check, False, lang, variant="none")
    return _item(check, False, lang, required=required)


def _found(index: DealIndex, agreement: Consensus, check: str, lang: str, required: bool) -> ReadinessItem:
    """A passing check, saying what was found."""
    held = sorted((row for row in agreement.problems if row.key_confirmed), key=lambda row: -row.share)
    if check == "decision_maker_met":
        return _item(check, True, lang, names=names([index.name(p) for p in index.key_ids if index.met(p)]))
    if check == "key_roles_covered":
        return _item(check, True, lang, roles=names([r.label(lang) for r in index.banks.roles.values() if r.key]))
    if check == "buying_group_heard":
        return _item(check, True, lang, required=required)
    if check == "confirmed_problem":
        best = held[0]
        return _item(check, True, lang, problem=quote(best.statement), names=names([index.name(p) for p in best.key_confirmed]))
    if check == "quantified_implication":
        costed = next(row for row in held if row.quantified)
        cost = rollup(next(p for p in index.problems if p.id == costed.problem_id))
        amounts = cost.cost_of_inaction or cost.cost_one_off
        return _item(check, True, lang, problem=quote(costed.statement), cost=money_list(amounts, lang, "year" if cost.cost_of_inaction else None))
    if check == "need_payoff_from_decision_maker":
        key = set(index.key_ids)
        payoff = next(n for p in index.problems for n in p.need_payoffs if n.said_by in key)
        return _item(check, True, lang, name=index.name(payoff.said_by), said=quote(payoff.text))
    if check == "explicit_need":
        explicit = next(n for p in index.problems for n in p.need_payoffs if n.explicit)
        return _item(check, True, lang, name=index.name(explicit.said_by) if explicit.said_by else msg("someone", lang))
    agreed = next(row for row in agreement.problems if row.problem_id == agreement.agreed_problems[0])
    return _item(check, True, lang, problem=quote(agreed.statement))


__all__ = ["CHECKS", "Readiness", "ReadinessItem", "readiness", "readiness_from"]
