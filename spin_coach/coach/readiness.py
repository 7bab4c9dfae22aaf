"""Readiness for a proposal: a checklist, each item with the reason it passes or what is missing.

A pre-sell proposal restates the client's problem; it is worth sending only
when the people who decide have agreed a problem, in money, in their own words.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..banks import BankSet
from ..models import DealRecord
from .consensus import Consensus, consensus_from
from .coverage import ESSENTIAL_ROLES
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


def readiness(record: DealRecord, banks: BankSet, *, lang: str = "en") -> Readiness:
    """The proposal checklist for a deal: key roles, a confirmed and quantified problem, a decision maker's payoff."""
    return readiness_from(DealIndex(record, banks), lang=lang)


def readiness_from(index: DealIndex, *, lang: str = "en", agreement: Consensus | None = None) -> Readiness:
    """:func:`readiness` over an index (and a consensus) already built."""
    agreement = agreement or consensus_from(index)
    key_ids = index.key_ids
    items = [
        _decision_maker_met(index, lang),
        _key_roles_covered(index, lang),
        _buying_group_heard(index, lang),
    ]
    # Problems a key stakeholder holds, best supported first.
    held = sorted((row for row in agreement.problems if row.key_confirmed), key=lambda row: -row.share)
    problems = {p.id: p for p in index.problems}
    if held:
        best = held[0]
        items.append(_item("confirmed_problem", True, lang, problem=quote(best.statement), names=names([index.name(p) for p in best.key_confirmed])))
    else:
        items.append(_item("confirmed_problem", False, lang))

    costed = [row for row in held if row.quantified]
    if costed:
        cost = rollup(problems[costed[0].problem_id])
        amounts = cost.cost_of_inaction or cost.cost_one_off
        items.append(_item("quantified_implication", True, lang, problem=quote(costed[0].statement), cost=money_list(amounts, lang, "year" if cost.cost_of_inaction else None)))
    else:
        items.append(_item("quantified_implication", False, lang))

    key_set = set(key_ids)
    payoff = next((n for p in index.problems for n in p.need_payoffs if n.said_by in key_set), None)
    if payoff:
        items.append(_item("need_payoff_from_decision_maker", True, lang, name=index.name(payoff.said_by), said=quote(payoff.text)))
    else:
        items.append(_item("need_payoff_from_decision_maker", False, lang))

    explicit = next((n for p in index.problems for n in p.need_payoffs if n.explicit), None)
    if explicit:
        items.append(_item("explicit_need", True, lang, name=index.name(explicit.said_by) if explicit.said_by else msg("someone", lang)))
    else:
        items.append(_item("explicit_need", False, lang))

    if agreement.shared_problem_understanding:
        agreed = next(row for row in agreement.problems if row.problem_id == agreement.agreed_problems[0])
        items.append(_item("shared_understanding", True, lang, problem=quote(agreed.statement)))
    elif held:
        best = max(held, key=lambda row: (row.share, row.quantified))
        missing = names([index.name(p) for p in best.key_missing])
        variant = "" if best.key_missing else "unquantified"
        items.append(_item("shared_understanding", False, lang, variant=variant, problem=quote(best.statement), names=missing))
    else:
        items.append(_item("shared_understanding", False, lang, variant="none"))
    return Readiness(ready=all(i.ok for i in items if i.required), items=items)


def _item(key: str, ok: bool, lang: str, *, required: bool = True, variant: str = "", **values) -> ReadinessItem:
    suffix = "ok" if ok else "missing" + (f"_{variant}" if variant else "")
    return ReadinessItem(id=key, ok=ok, reason=msg(f"ready.{key}.{suffix}", lang, **values), required=required)


def _decision_maker_met(index: DealIndex, lang: str) -> ReadinessItem:
    if not index.key_ids:
        return _item("decision_maker_met", False, lang, variant="none")
    met = [p for p in index.key_ids if index.met(p)]
    if met:
        return _item("decision_maker_met", True, lang, names=names([index.name(p) for p in met]))
    return _item("decision_maker_met", False, lang, names=names([index.name(p) for p in index.key_ids]))


def _key_roles_covered(index: DealIndex, lang: str) -> ReadinessItem:
    key_roles = [r for r in index.banks.roles.values() if r.key]
    held = {p.role for p in index.record.stakeholders}
    missing = [r.label(lang) for r in key_roles if r.id not in held]
    if missing:
        return _item("key_roles_covered", False, lang, roles=names(missing))
    return _item("key_roles_covered", True, lang, roles=names([r.label(lang) for r in key_roles]))


def _buying_group_heard(index: DealIndex, lang: str) -> ReadinessItem:
    """Advisory: the people who check the fit and live with the result have been heard too."""
    wanted = [r for r in ESSENTIAL_ROLES if r in index.banks.roles and not index.banks.roles[r].key]
    unheard = [r for r in wanted if not any(p.role == r and index.met(p.id) for p in index.record.stakeholders)]
    labels = [index.banks.role_label(r, lang) for r in unheard]
    if unheard:
        return _item("buying_group_heard", False, lang, required=False, roles=names(labels))
    return _item("buying_group_heard", True, lang, required=False)


__all__ = ["Readiness", "ReadinessItem", "readiness", "readiness_from"]
