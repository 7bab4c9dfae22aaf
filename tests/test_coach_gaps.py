"""Typed gaps, worded three ways: the coach finds what is missing once; nudges, readiness and the
documents' open points only word it, so they can never disagree."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError
from test_coach_builders import acme_buying_group, story_banks

from spin_coach.coach import nudges, readiness
from spin_coach.coach.gaps import GAP_KINDS, GAP_ORDER, NUDGE_KINDS, RANK, CheckKind, find_gaps
from spin_coach.coach.index import DealIndex
from spin_coach.coach.nudges import Nudge
from spin_coach.coach.readiness import CHECKS
from spin_coach.models import BankInfo, ServiceCatalog
from spin_coach.proposal.context import build_proposal_context
from spin_coach.proposal.plan import build_plan_context
from spin_coach.proposal.wording import OPEN_ORDER, OPEN_POINTS, RISKS

LOCALE = Path(__file__).resolve().parents[1] / "spin_coach" / "locale"
DAY = date(2026, 3, 20)
NO_OFFERS = ServiceCatalog(catalog=BankInfo(id="none"))


def catalog(lang: str, name: str) -> dict:
    def flat(data, prefix=""):
        out = {}
        for key, value in data.items():
            key = f"{prefix}.{key}" if prefix else key
            out.update(flat(value, key) if isinstance(value, dict) else {key: value})
        return out

    return flat(tomllib.loads((LOCALE / lang / f"{name}.toml").read_text("utf-8")))


COACH = {lang: catalog(lang, "coach") for lang in ("en", "ru")}
PROPOSAL = {lang: catalog(lang, "proposal") for lang in ("en", "ru")}


def test_every_gap_kind_has_exactly_one_rank():
    assert sorted(GAP_ORDER) == sorted(GAP_KINDS)
    assert all(kind in RANK for kind in GAP_KINDS)


def wording_keys(kind: str) -> list[tuple[str, str]]:
    """The (catalog, key) pairs that word a gap kind: as a nudge, a readiness check, an open point, a risk."""
    keys = []
    if kind in NUDGE_KINDS:
        keys += [("coach", f"nudge.{kind}.message"), ("coach", f"nudge.{kind}.action")]
    keys += [("coach", f"ready.{check}.{end}") for check, kinds in CHECKS if kind in kinds for end in ("ok", "missing")]
    if kind in OPEN_POINTS:
        point = OPEN_POINTS[kind]  # the client never reads that a need is implied: only the call plan says so
        keys.append(("proposal", f"plan.open.{point}" if point == "implied" else f"doc.open.{point}"))
    if kind in RISKS:
        keys.append(("proposal", f"doc.risk.{RISKS[kind]}"))
    return keys


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_gap_kind_has_words_in_english_and_russian(lang):
    catalogs = {"coach": COACH[lang], "proposal": PROPOSAL[lang]}
    unworded = [kind for kind in GAP_KINDS if not wording_keys(kind)]
    missing = [f"{name}.toml: {key}" for kind in GAP_KINDS for name, key in wording_keys(kind) if key not in catalogs[name]]
    assert unworded == [] and missing == []


def test_every_check_kind_is_worded_somewhere_other_than_the_nudges():
    readiness_kinds = {kind for _check, kinds in CHECKS for kind in kinds}
    for kind in get_args(CheckKind):
        assert kind in readiness_kinds or kind in OPEN_POINTS or kind in RISKS, kind


def test_a_nudge_of_a_kind_nobody_listed_is_an_error_not_a_silent_last_place():
    with pytest.raises(ValidationError):
        Nudge(kind="cfo_looks_bored", severity="info", message="m", action="a")


def test_open_points_are_asked_in_a_known_order():
    assert set(OPEN_POINTS.values()) <= set(OPEN_ORDER)


def test_a_key_stakeholder_never_met_is_both_a_never_met_nudge_and_an_open_question_in_the_proposal():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "it", "ops")
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["ceo"])
    record = story.record()
    banks = story_banks()
    gaps = find_gaps(DealIndex(record, banks))
    assert [g.stakeholder_id for g in gaps if g.kind == "never_met"] == ["cfo"]
    nudge = next(n for n in nudges(record, banks) if n.kind == "never_met")
    assert nudge.stakeholder_id == "cfo" and "Marcus Lee" in nudge.message
    ctx = build_proposal_context(record, banks, lang="en", catalog=NO_OFFERS, today=DAY)
    assert [q.text for q in ctx.open_questions if q.kind == "meet"] == [
        "We have not yet spoken with Marcus Lee (Finance / budget holder); their view belongs in the definition."
    ]


def test_once_the_cfo_has_spoken_in_a_meeting_neither_the_nudge_nor_the_open_question_remains():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "it", "ops")
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["ceo"])
    story.meeting("m2")
    story.noted("Cash is tight this quarter", who="cfo", stage="situation", meeting="m2")
    record = story.record()
    assert "never_met" not in [n.kind for n in nudges(record, story_banks())]
    ctx = build_proposal_context(record, story_banks(), lang="en", catalog=NO_OFFERS, today=DAY)
    assert not [q for q in ctx.open_questions if q.kind == "meet"]


def test_a_problem_without_a_figure_is_a_nudge_an_open_question_and_an_open_point_in_the_call_plan():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "cfo", "it", "ops")
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    story.implication("dso", "Cash is tight")
    record = story.record()
    banks = story_banks()
    nudge = next(n for n in nudges(record, banks) if n.kind == "implication_not_quantified")
    assert nudge.problem_id == "dso" and nudge.stakeholder_id == "cfo"
    ctx = build_proposal_context(record, banks, lang="en", catalog=NO_OFFERS, today=DAY)
    assert "What does “Invoices four days late” cost over a year?" in [q.text for q in ctx.open_questions]
    [page] = build_plan_context(record, banks, lang="en", stakeholder_id="cfo", today=DAY).plans
    assert page.problems[0].open[0] == "no figure yet"
    checks = {item.id: item for item in readiness(record, banks).items}
    assert not checks["quantified_implication"].ok


def test_a_problem_the_whole_group_holds_in_money_leaves_no_open_question_about_it():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "cfo", "it", "ops")
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    story.implication("dso", "Working capital", 48000, "EUR", "year", stated_by="cfo")
    story.need("dso", "Faster cash would fund the depot", said_by="ceo", explicit=True)
    record = story.record()
    ctx = build_proposal_context(record, story_banks(), lang="en", catalog=NO_OFFERS, today=DAY)
    assert not [q for q in ctx.open_questions if "Invoices four days late" in q.text]
    assert ctx.risks == []
    assert readiness(record, story_banks()).ready is True


def test_an_estimate_nobody_confirmed_is_an_open_question_and_a_risk():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "cfo", "it", "ops")
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    story.implication("dso", "Working capital", 48000, "EUR", "year", evidence="inferred", stated_by="cfo")
    record = story.record()
    [gap] = [g for g in find_gaps(DealIndex(record, story_banks())) if g.kind == "estimate_to_confirm"]
    assert gap.problem_id == "dso" and gap.stakeholder_id == "cfo"
    ctx = build_proposal_context(record, story_banks(), lang="en", catalog=NO_OFFERS, today=DAY)
    assert any(q.kind == "validate" and "EUR\u00a048,000 a year" in q.text for q in ctx.open_questions)
    assert "Some figures are our estimates; a business case built on them needs your numbers." in ctx.risks


def test_meeting_gaps_carry_the_figures_they_rest_on():
    story = acme_buying_group()
    story.meeting("m1", "ops")
    for n in range(5):
        story.said("ops", "situation", f"fact {n}", meeting="m1")
    [gap] = [g for g in find_gaps(DealIndex(story.record(), story_banks())) if g.kind == "situation_heavy"]
    assert gap.meeting_id == "m1" and gap.evidence == {"situation": 5, "total": 5}
    assert gap.severity == "warn"
