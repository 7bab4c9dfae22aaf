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

What stakeholders said is read in one place, :mod:`.evidence` (answers and
attributed, tagged meeting lines alike); what is missing is found in one
place, :mod:`.gaps`, and nudges, readiness and the documents only word it.
"""

from .consensus import Consensus, KeyStakeholder, ProblemConsensus, consensus
from .coverage import Coverage, MissingRole, StageCount, StakeholderCoverage, coverage, deal_stage_counts, meeting_question_count, meeting_stage_counts
from .evidence import SellerQuestion, Statement, is_requirement, read_conversation, statements
from .gaps import Gap, GapKind, NudgeKind, find_gaps
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
from .review import MeetingQuestions, Review, StakeholderQuestions, review
from .strategy import ClosingTacticView, JourneyView, MatrixCell, PurchaseModelView, Strategy, strategy

__all__ = [
    "ClosingTacticView",
    "Consensus",
    "Coverage",
    "DealIndex",
    "Gap",
    "GapKind",
    "JourneyView",
    "KeyStakeholder",
    "MatrixCell",
    "MeetingQuestions",
    "MissingRole",
    "NextQuestion",
    "Nudge",
    "NudgeKind",
    "ProblemConsensus",
    "ProblemRollup",
    "ProblemSummary",
    "PurchaseModelView",
    "Readiness",
    "ReadinessItem",
    "Review",
    "SellerQuestion",
    "StageCount",
    "StakeholderCoverage",
    "StakeholderQuestions",
    "Statement",
    "Strategy",
    "add_implication",
    "add_need_payoff",
    "believers",
    "confirm",
    "consensus",
    "coverage",
    "deal_stage_counts",
    "find_gaps",
    "is_requirement",
    "meeting_question_count",
    "meeting_stage_counts",
    "merge_problems",
    "next_questions",
    "nudges",
    "per_year",
    "problem_from_answer",
    "problem_summary",
    "read_conversation",
    "readiness",
    "review",
    "state_need",
    "statements",
    "strategy",
    "withdraw",
]
