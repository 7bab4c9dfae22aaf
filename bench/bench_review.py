"""Coaching review benchmark: `review()` of a deal with 12 stakeholders and 300 answers,
in process, against the bundled banks. Bar: ≤ 10 ms."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from common import median, percentile, row, time_calls

from spin_coach.banks import load_banks
from spin_coach.coach import review
from spin_coach.models import (
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
RUNS = 300
BAR_MS = 10.0
ROLES = ["economic_buyer", "finance", "technical_buyer", "procurement", "end_user", "end_user", "champion", "external_adviser", "legal_compliance", "end_user", "technical_buyer", "finance"]


def big_deal(banks, seed: int = 7) -> DealRecord:
    """A busy deal: 12 people, 4 meetings, 300 answers (mostly bank questions), notes, 12 problems in 3 currencies."""
    rnd = random.Random(seed)
    start = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
    account = Account(id="a_bench", name="Bench Industries")
    deal = Deal(id="d_bench", account_id=account.id, title="Bench — review timing", score=AccountScore(relationship="medium", attractiveness="high"))
    people = [
        Stakeholder(id=f"s{i}", deal_id=deal.id, name=f"Person {i}", role=ROLES[i], influence="decision_maker" if i < 2 else "influencer")
        for i in range(PEOPLE)
    ]
    meetings = [
        Meeting(id=f"m{i}", deal_id=deal.id, started_at=start + timedelta(days=7 * i), attendees=[p.id for p in people[i * 3 : i * 3 + 4]])
        for i in range(4)
    ]
    answers = []
    for n in range(ANSWERS):
        person = people[n % PEOPLE]
        pool = [q for q in banks.questions.values() if q.suits(person.role)]
        question = rnd.choice(pool) if pool and n % 5 else None
        stage = question.stage if question else rnd.choice(["situation", "problem", "implication", "need_payoff"])
        answers.append(
            Answer(
                id=f"ans{n}", deal_id=deal.id, stakeholder_id=person.id, question_id=question.id if question else None,
                stage=stage, text=f"What person {n % PEOPLE} said, answer {n}.", at=start + timedelta(minutes=n), meeting_id=f"m{n % 4}",
            )
        )
    notes = [
        Note(id=f"n{n}", deal_id=deal.id, meeting_id=f"m{n % 4}", text=f"note {n}", stakeholder_id=f"s{n % PEOPLE}", stage="problem" if n % 2 else None)
        for n in range(60)
    ]
    problems = []
    for n in range(PROBLEMS):
        pid = f"p{n}"
        currency = ("EUR", "USD", "RUB")[n % 3]
        implications = [
            Implication(id=f"i{n}_{k}", problem_id=pid, consequence=f"consequence {k}", amount=1000.0 * (k + 1) if k % 2 == 0 else None,
                        currency=currency if k % 2 == 0 else None, period=("month", "quarter", "year", "one_off")[k % 4])
            for k in range(n % 4)
        ]
        needs = [NeedPayoff(id=f"np{n}", problem_id=pid, text="It would pay for itself.", said_by=f"s{n % PEOPLE}", explicit=n % 2 == 0)] if n % 3 == 0 else []
        problems.append(
            Problem(id=pid, deal_id=deal.id, statement=f"Problem {n} in the client's words", raised_by=f"s{n % PEOPLE}",
                    confirmed_by=[f"s{(n + k) % PEOPLE}" for k in range(1, n % 4)], source_answers=[f"ans{n}"],
                    implications=implications, need_payoffs=needs)
        )
    return DealRecord(deal=deal, account=account, stakeholders=people, meetings=meetings, answers=answers, notes=notes,
                      problem_definition=ProblemDefinition(problems=problems))


def run() -> list[dict]:
    banks = load_banks(include_user=False)
    record = big_deal(banks)
    for lang in ("en", "ru"):  # warm the message catalogs and pydantic's validators
        review(record, banks, lang=lang)
    ms = time_calls(lambda i: review(record, banks), RUNS)
    json_ms = time_calls(lambda i: review(record, banks).model_dump(mode="json"), RUNS // 3)
    p50, p99 = median(ms), percentile(ms, 99)
    return [
        row(f"review, {PEOPLE} stakeholders / {ANSWERS} answers / {len(banks.questions)} bank questions, median", p50, "ms", "≤ 10 ms", p50 <= BAR_MS),
        row(f"review, {PEOPLE} stakeholders / {ANSWERS} answers, p99", p99, "ms", "≤ 10 ms", p99 <= BAR_MS),
        row("review + JSON dump (what `review --json` does), median", median(json_ms), "ms", "—", True),
    ]


if __name__ == "__main__":
    for r in run():
        print(r)
