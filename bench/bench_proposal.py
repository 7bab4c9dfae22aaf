"""Proposal benchmark: drafting the pre-sell proposal of a busy deal (12 stakeholders,
300 answers, 12 problems) in process, with the bundled banks and sample catalog.

"Render" is the whole call a screen or the CLI makes: building the context
(coach consensus, roll-ups, strategy, catalog matching) and rendering the
bundled template. Bar (docs/performance.md): ≤ 25 ms for Markdown and HTML.
Word and call plans are reported for information.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from common import median, percentile, row, time_calls

from spin_coach.banks import load_banks
from spin_coach.catalog import bundled_catalog_path, load_catalog
from spin_coach.models import (
    Account,
    AccountScore,
    Answer,
    Deal,
    DealRecord,
    Implication,
    Meeting,
    NeedPayoff,
    Problem,
    ProblemDefinition,
    Stakeholder,
)
from spin_coach.proposal.context import build_proposal_context
from spin_coach.proposal.documents import render_plan, render_proposal

PEOPLE = 12
ANSWERS = 300
PROBLEMS = 12
RUNS = 200
WARMUP = 10
BAR_MS = 25.0
DAY = date(2026, 10, 20)
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


def busy_deal(banks, seed: int = 11) -> DealRecord:
    """12 people, 4 meetings, 300 answers (mostly to bank questions), 12 problems with amounts in 2 currencies."""
    rnd = random.Random(seed)
    start = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    account = Account(id="a_bench_p", name="Bench Distribution", industry="Wholesale", size="2,000 employees")
    deal = Deal(id="d_bench_p", account_id=account.id, title="Bench — proposal timing", purchase_model="economic",
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
            stage=question.stage if question else rnd.choice(["situation", "problem", "implication", "need_payoff"]),
            text=f"{SAYINGS[n % len(SAYINGS)]} (answer {n})", at=start + timedelta(minutes=n), meeting_id=f"m{n % 4}",
        ))
    problems = []
    for n in range(PROBLEMS):
        pid = f"p{n}"
        currency = ("EUR", "USD")[n % 2]
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
    return DealRecord(deal=deal, account=account, stakeholders=people, meetings=meetings, answers=answers,
                      problem_definition=ProblemDefinition(problems=problems))


def _timed(name: str, fn, bar: str, limit: float | None) -> list[dict]:
    for i in range(WARMUP):
        fn(i)
    samples = time_calls(fn, RUNS)
    mid, p95 = median(samples), percentile(samples, 95)
    ok = True if limit is None else mid <= limit
    return [row(f"{name}, median", mid, "ms", bar, ok), row(f"{name}, p95", p95, "ms", "(info)", True)]


def run() -> list[dict]:
    banks = load_banks([])
    catalog = load_catalog(bundled_catalog_path())
    record = busy_deal(banks)
    assert len(record.stakeholders) == PEOPLE and len(record.answers) == ANSWERS
    bar = f"≤ {BAR_MS:g} ms"
    rows = []
    rows += _timed("proposal Markdown (12 people, 300 answers)",
                   lambda i: render_proposal(record, banks, fmt="md", lang=("en", "ru")[i % 2], catalog=catalog, today=DAY), bar, BAR_MS)
    rows += _timed("proposal HTML (12 people, 300 answers)",
                   lambda i: render_proposal(record, banks, fmt="html", lang="en", catalog=catalog, today=DAY), bar, BAR_MS)
    rows += _timed("  of which the context (coach + catalog)",
                   lambda i: build_proposal_context(record, banks, lang="en", catalog=catalog, today=DAY), "(info)", None)
    rows += _timed("proposal Word .docx (12 people, 300 answers)",
                   lambda i: render_proposal(record, banks, fmt="docx", lang="en", catalog=catalog, today=DAY), "(info)", None)
    rows += _timed("call plans, all 12 people, Markdown",
                   lambda i: render_plan(record, banks, fmt="md", lang="en", today=DAY), "(info)", None)
    return rows


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']}: {r['value']:.2f} {r['unit']} (bar {r['bar']}, ok={r['ok']})")
