"""Proposal benchmark: drafting the pre-sell proposal of a busy deal (12 stakeholders,
300 answers, 12 problems) in process, with the bundled banks and sample catalog.

"Render" is the whole call a screen or the CLI makes: building the context
(coach consensus, roll-ups, strategy, catalog matching) and rendering the
bundled template. Bar (docs/performance.md): ≤ 25 ms for Markdown and HTML.
Word and call plans are reported for information.
"""

from __future__ import annotations

from datetime import date

from busy_deal import ANSWERS, PEOPLE, busy_deal
from common import median, percentile, row, time_calls

from spin_coach.banks import load_banks
from spin_coach.catalog import bundled_catalog_path, load_catalog
from spin_coach.proposal.context import build_proposal_context
from spin_coach.proposal.documents import render_plan, render_proposal

RUNS = 200
WARMUP = 10
BAR_MS = 25.0
DAY = date(2026, 10, 20)


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
