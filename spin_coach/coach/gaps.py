"""Gaps: what is missing from a deal, found once, as typed values.

A gap names what is missing (its ``kind``), whom and what it is about (a
stakeholder, a problem, an implication, a buying role), how much it matters
(``severity``) and the figures it rests on (``evidence``). It carries no words:
live nudges (:mod:`.nudges`), the proposal checklist (:mod:`.readiness`), the
call plan's open points and the proposal's open questions and risks
(``spin_coach.proposal``) each word the same gaps their own way, so the three
can never disagree about what is missing.

Adding a kind: add it to :data:`NudgeKind` (if it is live coaching, with its
words in ``locale/*/coach.toml`` under ``nudge.<kind>``) or :data:`CheckKind`,
give it a place in :data:`GAP_ORDER`, and find it below. A kind without a place
in the order stops the import; a test checks that every kind is worded.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from ..models import Problem
from .consensus import Consensus, ProblemConsensus, consensus_from
from .coverage import ESSENTIAL_ROLES, deal_stage_counts, meeting_question_count, meeting_stage_counts, missing_roles
from .index import DealIndex, quantified

SITUATION_SHARE_LIMIT = 0.5  # more than half situation questions: the call is fact-finding, not discovery
SHARE_MIN_QUESTIONS = 4  # too few questions to judge a mix
QUESTION_PEAK = (11, 14)  # discovery calls that go well peak at 11–14 questions

Severity = Literal["info", "warn"]

# Gaps the coach words as live nudges (``review`` shows them; so do the workspace and meeting mode).
NudgeKind = Literal[
    "too_many_questions",
    "situation_heavy",
    "near_question_peak",
    "missing_key_role",
    "economic_buyer_no_problem",
    "problem_without_implication",
    "implication_without_payoff",
    "implication_not_quantified",
    "need_implied",
    "single_believer",
    "problem_without_owner",
    "key_stakeholder_no_problem",
    "missing_role",
    "never_met",
]
# Gaps worded only as proposal checks (readiness) and the documents' open points, never as live nudges.
CheckKind = Literal[
    "key_not_confirmed",  # a key stakeholder has not confirmed a problem yet
    "estimate_to_confirm",  # an amount the seller estimated and the client has not confirmed
    "problem_without_payoff",  # no implication and no need-payoff yet (live coaching asks the implication first)
    "role_not_heard",  # an essential role whose people were never met
    "no_decision_maker",  # nobody on the deal decides, holds the budget or a key role
    "decision_maker_not_met",
    "no_confirmed_problem",  # no key stakeholder holds any problem
    "no_quantified_problem",  # no problem a key stakeholder holds has an amount
    "no_payoff_from_decision_maker",
    "no_explicit_need",
    "no_shared_problem",  # the key stakeholders do not all hold one quantified problem
]
GapKind = Literal[NudgeKind, CheckKind]

NUDGE_KINDS: frozenset[str] = frozenset(get_args(NudgeKind))
GAP_KINDS: tuple[GapKind, ...] = get_args(GapKind)

# The order gaps are shown in, within a severity: the meeting first, then who is missing,
# then the problems from stating to costing to the payoff, then the rest of the buying group.
GAP_ORDER: tuple[GapKind, ...] = (
    "too_many_questions",
    "situation_heavy",
    "near_question_peak",
    "no_decision_maker",
    "missing_key_role",
    "decision_maker_not_met",
    "economic_buyer_no_problem",
    "no_confirmed_problem",
    "no_shared_problem",
    "key_not_confirmed",
    "problem_without_implication",
    "no_quantified_problem",
    "implication_without_payoff",
    "problem_without_payoff",
    "implication_not_quantified",
    "estimate_to_confirm",
    "no_payoff_from_decision_maker",
    "need_implied",
    "no_explicit_need",
    "single_believer",
    "problem_without_owner",
    "key_stakeholder_no_problem",
    "missing_role",
    "role_not_heard",
    "never_met",
)
RANK: dict[GapKind, int] = {kind: n for n, kind in enumerate(GAP_ORDER)}
if len(GAP_ORDER) != len(RANK) or set(RANK) != set(GAP_KINDS):
    raise TypeError(f"GAP_ORDER must list every gap kind once; differs by {sorted(set(RANK) ^ set(GAP_KINDS))}")


class Gap(BaseModel):
    """One thing missing from the deal, before anyone words it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: GapKind
    severity: Severity
    stakeholder_id: str | None = None  # whom to take it up with
    problem_id: str | None = None
    implication_id: str | None = None
    role: str | None = None  # a buying role (bank role id)
    people: tuple[str, ...] = ()  # everyone it concerns: a problem's believers, the key stakeholders still missing
    meeting_id: str | None = None  # meeting rules: the meeting judged (None: the whole deal)
    evidence: dict[str, int] = {}  # the figures it rests on, e.g. {"situation": 4, "total": 5}


def rank(gap: Gap) -> tuple[bool, int]:
    """Sort key: warnings first, then :data:`GAP_ORDER`."""
    return gap.severity != "warn", RANK[gap.kind]


def find_gaps(index: DealIndex, *, agreement: Consensus | None = None, meeting_id: str | None = None) -> list[Gap]:
    """Every gap of the deal, in the order found: the meeting's, the buying group's, each problem's, the deal's.

    Meeting rules judge ``meeting_id``, else the latest meeting, else (without any
    meeting) the questions of the whole deal; an unknown meeting has no meeting gaps.
    """
    agreement = agreement or consensus_from(index)
    rows = {row.problem_id: row for row in agreement.problems}
    out = _meeting_gaps(index, meeting_id)
    out += _buying_group_gaps(index)
    for problem in index.problems:
        out += _problem_gaps(index, problem, rows.get(problem.id))
    out += _deal_gaps(index, agreement)
    return out


def _meeting_gaps(index: DealIndex, meeting_id: str | None) -> list[Gap]:
    record = index.record
    meeting = index.meeting(meeting_id)
    if meeting is not None:
        counts = meeting_stage_counts(record, meeting.id)
    elif meeting_id is None and not record.meetings:
        counts = deal_stage_counts(record)
    else:
        return []
    where = meeting.id if meeting else None
    out = []
    total = sum(counts.values())
    situation = counts["situation"]
    if total >= SHARE_MIN_QUESTIONS and situation / total > SITUATION_SHARE_LIMIT:
        out.append(Gap(kind="situation_heavy", severity="warn", meeting_id=where, evidence={"situation": situation, "total": total}))
    if meeting is not None:
        # A question without a stage tag is still a question asked.
        asked = meeting_question_count(record, meeting.id)
        low, high = QUESTION_PEAK
        peak = {"total": asked, "low": low, "high": high}
        if asked > high:
            out.append(Gap(kind="too_many_questions", severity="warn", meeting_id=where, evidence=peak))
        elif asked >= low:
            out.append(Gap(kind="near_question_peak", severity="info", meeting_id=where, evidence=peak))
    return out


def _buying_group_gaps(index: DealIndex) -> list[Gap]:
    out = []
    for role in missing_roles(index):
        if role.key:
            out.append(Gap(kind="missing_key_role", severity="warn", role=role.role))
        elif role.essential:
            out.append(Gap(kind="missing_role", severity="info", role=role.role))
    people = index.record.stakeholders
    for role in ESSENTIAL_ROLES:
        bank_role = index.banks.roles.get(role)
        in_role = [p.id for p in people if p.role == role]
        if bank_role is not None and not bank_role.key and in_role and not any(index.met(p) for p in in_role):
            out.append(Gap(kind="role_not_heard", severity="info", role=role, people=tuple(in_role)))
    if not index.key_ids:
        out.append(Gap(kind="no_decision_maker", severity="warn"))
    elif not any(index.met(p) for p in index.key_ids):
        out.append(Gap(kind="decision_maker_not_met", severity="warn", stakeholder_id=index.key_ids[0], people=tuple(index.key_ids)))
    held_any = {p for believers in index.believers.values() for p in believers}
    top = _top_problem(index)
    for person_id in index.key_ids:
        if person_id in held_any:
            continue
        if index.people[person_id].role == "economic_buyer":
            kind, severity = "economic_buyer_no_problem", "warn"
        else:
            kind, severity = "key_stakeholder_no_problem", "info"
        out.append(Gap(kind=kind, severity=severity, stakeholder_id=person_id, problem_id=top.id if top else None))
    key = set(index.key_ids)
    for person in people:
        if not index.met(person.id):
            out.append(Gap(kind="never_met", severity="info", stakeholder_id=person.id, evidence={"key": int(person.id in key)}))
    return out


def _top_problem(index: DealIndex) -> Problem | None:
    """The problem to put to someone who holds none: the most widely held, quantified ones first."""
    if not index.problems:
        return None
    return max(index.problems, key=lambda p: (len(index.believers[p.id]), any(quantified(i) for i in p.implications)))


def _check_with(index: DealIndex, believers: list[str]) -> str | None:
    """Whom to ask to confirm a problem: a key stakeholder who does not hold it yet, else anyone else."""
    for person_id in index.key_ids:
        if person_id not in believers:
            return person_id
    return next((p for p in index.people if p not in believers), None)


def _problem_gaps(index: DealIndex, problem: Problem, row: ProblemConsensus | None) -> list[Gap]:
    believers = index.believers[problem.id]
    owner = believers[0] if believers else None
    about = {"problem_id": problem.id, "people": tuple(believers)}
    out = []
    if row is not None and row.key_missing:
        out.append(Gap(kind="key_not_confirmed", severity="info", problem_id=problem.id, stakeholder_id=row.key_missing[0], people=tuple(row.key_missing)))
    if not problem.implications:
        out.append(Gap(kind="problem_without_implication", severity="warn", stakeholder_id=owner, **about))
        if not problem.need_payoffs:
            out.append(Gap(kind="problem_without_payoff", severity="info", stakeholder_id=owner, **about))
    else:
        if not problem.need_payoffs:
            out.append(Gap(kind="implication_without_payoff", severity="info", stakeholder_id=owner, **about))
        if not any(quantified(i) for i in problem.implications):
            out.append(Gap(kind="implication_not_quantified", severity="info", stakeholder_id=owner, **about))
    for implication in problem.implications:
        if implication.evidence == "inferred" and implication.amount is not None:
            who = implication.stated_by or owner
            out.append(Gap(kind="estimate_to_confirm", severity="info", stakeholder_id=who, implication_id=implication.id, **about))
    if problem.need_payoffs and not any(n.explicit for n in problem.need_payoffs):
        said = next((n.said_by for n in problem.need_payoffs if n.said_by), owner)
        out.append(Gap(kind="need_implied", severity="info", stakeholder_id=said, **about))
    if not believers:
        out.append(Gap(kind="problem_without_owner", severity="info", **about))
    elif len(believers) == 1:
        other = _check_with(index, believers)
        out.append(Gap(kind="single_believer", severity="info", stakeholder_id=other or owner, **about))
    return out


def _deal_gaps(index: DealIndex, agreement: Consensus) -> list[Gap]:
    """What stands between the deal and a proposal worth sending."""
    out = []
    held = [row for row in agreement.problems if row.key_confirmed]
    if not held:
        out.append(Gap(kind="no_confirmed_problem", severity="warn"))
    if not any(row.quantified for row in held):
        out.append(Gap(kind="no_quantified_problem", severity="warn"))
    key = set(index.key_ids)
    if not any(n.said_by in key for p in index.problems for n in p.need_payoffs):
        out.append(Gap(kind="no_payoff_from_decision_maker", severity="warn", people=tuple(index.key_ids)))
    if not any(n.explicit for p in index.problems for n in p.need_payoffs):
        out.append(Gap(kind="no_explicit_need", severity="warn"))
    if not agreement.shared_problem_understanding:
        if held:
            best = max(held, key=lambda row: (row.share, row.quantified))
            who = best.key_missing[0] if best.key_missing else None
            out.append(Gap(kind="no_shared_problem", severity="warn", problem_id=best.problem_id, stakeholder_id=who, people=tuple(best.key_missing)))
        else:
            out.append(Gap(kind="no_shared_problem", severity="warn"))
    return out


__all__ = [
    "CheckKind",
    "GAP_KINDS",
    "GAP_ORDER",
    "Gap",
    "GapKind",
    "NUDGE_KINDS",
    "NudgeKind",
    "QUESTION_PEAK",
    "Severity",
    "find_gaps",
    "rank",
]
