"""Coaching review benchmark: `review()` of a deal with 12 stakeholders and 300 answers,
in process, against the bundled banks. Bar: ≤ 10 ms."""

from __future__ import annotations

from busy_deal import ANSWERS, PEOPLE, busy_deal
from common import median, percentile, row, time_calls

from spin_coach.banks import load_banks
from spin_coach.coach import review

RUNS = 300
BAR_MS = 10.0


def run() -> list[dict]:
    banks = load_banks(include_user=False)
    record = busy_deal(banks)
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
