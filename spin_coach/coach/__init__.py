"""The coaching engine: plain Python between the question banks and the screens.

It reads a :class:`~spin_coach.models.DealRecord` and the merged banks and
answers the seller's questions — who was asked what, what to ask next and why,
what to watch out for, what the shared problem costs, who agrees, whether a
proposal is due, and how to play the account. It never imports Textual.

Each rule also has a ``*_from(index, ...)`` form (``coverage_from``,
``consensus_from``, ``nudges_from``, ``next_questions_from``, ``readiness_from``,
``strategy_from``) taking one :class:`DealIndex`, so a screen or a proposal
that needs several answers reads the record once. The TUI and ``proposal``
use these; keep their signatures.
"""

from .consensus import Consensus, KeyStakeholder, ProblemConsensus, consensus
from .coverage import Coverage, MissingRole, StageCount, StakeholderCoverage, coverage, meeting_stage_counts
from .index import DealIndex
from .nudges import Nudge, nudges
from .problems import (
    ProblemRollup,
    ProblemSummary,
    add_implication,
    add_need_payoff,
    believers,
    confirm,
    merge_problems,
    per_year,
    problem_from_answer,
    problem_summary,
    state_need,
    withdraw,
)
from .questions import NextQuestion, next_questions
from .readiness import Readiness, ReadinessItem, readiness
from .review import Review, StakeholderQuestions, review
from .strategy import ClosingTacticView, JourneyView, MatrixCell, PurchaseModelView, Strategy, strategy

__all__ = [
    "ClosingTacticView",
    "Consensus",
    "Coverage",
    "DealIndex",
    "JourneyView",
    "KeyStakeholder",
    "MatrixCell",
    "MissingRole",
    "NextQuestion",
    "Nudge",
    "ProblemConsensus",
    "ProblemRollup",
    "ProblemSummary",
    "PurchaseModelView",
    "Readiness",
    "ReadinessItem",
    "Review",
    "StageCount",
    "StakeholderCoverage",
    "StakeholderQuestions",
    "Strategy",
    "add_implication",
    "add_need_payoff",
    "believers",
    "confirm",
    "consensus",
    "coverage",
    "meeting_stage_counts",
    "merge_problems",
    "next_questions",
    "nudges",
    "per_year",
    "problem_from_answer",
    "problem_summary",
    "readiness",
    "review",
    "state_need",
    "strategy",
    "withdraw",
]
