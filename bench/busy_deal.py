"""The busy deal every timed bar talks about: 12 stakeholders, 300 answers.

One builder for the review, proposal and app benchmarks, so their figures are
about the same deal: 12 people in 8 roles, 4 meetings, 300 answers (four in
five to bank questions that suit the person), 60 notes, 12 problems with
implications and need-payoffs in three currencies.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from spin_coach.banks import BankSet
from spin_coach.models import (
    STAGES,
    Account,
    AccountScore,
    Answer,
    Deal,
    DealRecord,
    Implication,
    Meeting,
    NeedPayoff,
    Note,
    Problem,
    ProblemDefinition,
    Stakeholder,
)

PEOPLE = 12
ANSWERS = 300
PROBLEMS = 12
ROLES = ["economic_buyer", "finance", "technical_buyer", "procurement", "end_user", "end_user",
         "champion", "external_adviser", "legal_compliance", "end_user", "technical_buyer", "finance"]
SAYINGS = [
    "Orders arrive by e-mail and phone and are keyed into the ERP by hand.",
    "The nightly integration fails at month-end and nobody notices until morning.",
    "Invoices leave four days after delivery; receivables keep growing.",
    "Any vendor must pass a security questionnaire and keep data in the EU.",
    "Peak season needs temporary staff for the order desk.",
    "Approvals wait in inboxes for days before anyone signs.",
]
TAGS = [["order_entry", "manual_work"], ["integration", "erp"], ["invoicing", "collections"], ["approvals"], ["peaks", "people"], ["data"]]
CURRENCIES = ("EUR", "USD", "RUB")


def busy_deal(banks: BankSet, seed: int = 11) -> DealRecord:
    """The busy deal as a record (deterministic for a given seed)."""
    rnd = random.Random(seed)
    start = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    account = Account(id="a_bench", name="Bench Distribution", industry="Wholesale", size="2,000 employees")
    deal = Deal(id="d_bench", account_id=account.id, title="Bench — a busy deal", purchase_model="economic",
                closing_tactic="turnkey", score=AccountScore(relationship="medium", attractiveness="high"))
    people = [
        Stakeholder(id=f"s{i}", deal_id=deal.id, name=f"Person {i}", title=f"Title {i}", role=ROLES[i],
                    influence="decision_maker" if i < 2 else "influencer")
        for i in range(PEOPLE)
    ]
    meetings = [Meeting(id=f"m{i}", deal_id=deal.id, started_at=start + timedelta(days=7 * i),
                        attendees=[p.id for p in people[i * 3: i * 3 + 4]]) for i in range(4)]
    answers = []
    for n in range(ANSWERS):
        person = people[n % PEOPLE]
        pool = [q for q in banks.questions.values() if q.suits(person.role)]
        question = rnd.choice(pool) if pool and n % 5 else None
        answers.append(Answer(
            id=f"ans{n}", deal_id=deal.id, stakeholder_id=person.id, question_id=question.id if question else None,
            question_text="" if question else "What else should we know?",
            stage=question.stage if question else rnd.choice(STAGES),
            text=f"{SAYINGS[n % len(SAYINGS)]} (answer {n})", at=start + timedelta(minutes=n), meeting_id=f"m{n % 4}",
        ))
    notes = [
        Note(id=f"n{n}", deal_id=deal.id, meeting_id=f"m{n % 4}", at=start + timedelta(minutes=n), text=f"note {n}",
             stakeholder_id=f"s{n % PEOPLE}", stage="problem" if n % 2 else None)
        for n in range(60)
    ]
    problems = []
    for n in range(PROBLEMS):
        pid = f"p{n}"
        currency = CURRENCIES[n % len(CURRENCIES)]
        problems.append(Problem(
            id=pid, deal_id=deal.id, statement=SAYINGS[n % len(SAYINGS)].rstrip("."), raised_by=f"s{n % PEOPLE}",
            confirmed_by=[f"s{(n + k) % PEOPLE}" for k in range(1, 1 + n % 4)], source_answers=[f"ans{n}"], tags=TAGS[n % len(TAGS)],
            implications=[
                Implication(id=f"i{n}_{k}", problem_id=pid, consequence=f"Consequence {k} of problem {n}", amount=1500.0 * (k + 1),
                            currency=currency, period=("month", "quarter", "year", "one_off")[k % 4],
                            evidence="stated" if k % 3 else "inferred", stated_by=f"s{(n + k) % PEOPLE}")
                for k in range(1 + n % 3)
            ],
            need_payoffs=[NeedPayoff(id=f"np{n}", problem_id=pid, text=f"Solving problem {n} would pay for itself.",
                                     said_by=f"s{n % PEOPLE}", explicit=n % 2 == 0)] if n % 2 == 0 else [],
        ))
    return DealRecord(deal=deal, account=account, stakeholders=people, meetings=meetings, answers=answers, notes=notes,
                      problem_definition=ProblemDefinition(problems=problems))
