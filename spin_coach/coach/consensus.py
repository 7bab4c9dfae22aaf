"""Consensus: which key stakeholders hold each problem, and whether the buying group shares one.

Key stakeholders are the people whose agreement the deal needs: decision makers
(marked so on the deal, or holding a role the bank calls a decision maker),
holders of a key role, and the budget holder. The person who raised a problem
counts as holding it; the others count once the seller records their confirmation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ..banks import BankSet
from ..models import DealRecord
from .index import DealIndex, quantified

KeyReason = Literal["decision_maker", "budget_holder", "key_role"]


class KeyStakeholder(BaseModel):
    """A person whose agreement the deal needs, and why."""

    stakeholder_id: str
    name: str
    role: str
    why: list[KeyReason]
    holds_a_problem: bool


class ProblemConsensus(BaseModel):
    """Who holds one problem, and which key stakeholders have not confirmed it yet."""

    problem_id: str
    statement: str
    believers: list[str]
    key_confirmed: list[str]
    key_missing: list[str]
    share: float
    all_key_agree: bool
    quantified: bool


class Consensus(BaseModel):
    """How far the buying group shares one definition of the problem.

    ``alignment`` is the share of key stakeholders behind the best-supported
    problem (1.0: all of them hold at least that one problem); ``key_engaged``
    is the share of key stakeholders who hold any problem at all.
    """

    key_stakeholders: list[KeyStakeholder]
    problems: list[ProblemConsensus]
    alignment: float
    key_engaged: float
    agreed_problems: list[str]
    shared_problem_understanding: bool


def consensus(record: DealRecord, banks: BankSet) -> Consensus:
    """Per problem, which key stakeholders confirmed it; the deal's alignment; whether the stage is reached."""
    return consensus_from(DealIndex(record, banks))


def _why(index: DealIndex, person_id: str) -> list[KeyReason]:
    role = index.role(person_id)
    why: list[KeyReason] = []
    if index.is_decision_maker(person_id):
        why.append("decision_maker")
    if index.is_budget_holder(person_id):
        why.append("budget_holder")
    if role is not None and role.key:
        why.append("key_role")
    return why


def consensus_from(index: DealIndex) -> Consensus:
    """:func:`consensus` over an index already built."""
    key_ids = index.key_ids
    key_set = set(key_ids)
    rows = []
    for problem in index.problems:
        held = index.believers[problem.id]
        confirmed = [p for p in key_ids if p in held]
        rows.append(
            ProblemConsensus(
                problem_id=problem.id,
                statement=problem.statement,
                believers=held,
                key_confirmed=confirmed,
                key_missing=[p for p in key_ids if p not in held],
                share=round(len(confirmed) / len(key_ids), 3) if key_ids else 0.0,
                all_key_agree=bool(key_ids) and len(confirmed) == len(key_ids),
                quantified=any(quantified(i) for i in problem.implications),
            )
        )
    engaged = {p for row in rows for p in row.key_confirmed}
    agreed = [row.problem_id for row in rows if row.all_key_agree and row.quantified]
    return Consensus(
        key_stakeholders=[
            KeyStakeholder(
                stakeholder_id=p,
                name=index.name(p),
                role=index.people[p].role,
                why=_why(index, p),
                holds_a_problem=p in engaged,
            )
            for p in key_ids
        ],
        problems=rows,
        alignment=max((row.share for row in rows), default=0.0),
        key_engaged=round(len(engaged & key_set) / len(key_ids), 3) if key_ids else 0.0,
        agreed_problems=agreed,
        shared_problem_understanding=bool(agreed),
    )
