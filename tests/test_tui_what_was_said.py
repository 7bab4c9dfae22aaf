"""One record of what was said, as a seller meets it: the CFO's words typed in meeting mode are
what he told us everywhere — his coverage, his call plan, the proposal and the review."""

from __future__ import annotations

import json

from tui_helpers import pilot_test

from spin_coach.models import Stakeholder
from spin_coach.tui.screens.meeting import MeetingScreen

SIZE = (120, 40)


def new_deal_with_a_cfo(app) -> tuple[str, str]:
    """A deal typed in by hand, with nobody asked anything yet: only the CFO in the buying group."""
    deal = app.actions.create_deal(title="Polmar — finance automation", account="Polmar Logistics", currency="PLN")
    cfo = app.actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", title="CFO", role="finance"))
    return deal.id, cfo.id


@pilot_test
async def test_the_cfos_meeting_lines_are_what_he_told_us_in_coverage_plan_proposal_and_review(make_app, cli):
    app = make_app("en")
    deal_id, cfo_id = new_deal_with_a_cfo(app)
    app.get_banks()
    assert "Nothing yet: this is the first conversation." in cli("plan", deal_id).stdout
    assert "Nothing recorded yet." in cli("proposal", deal_id).stdout

    async with app.run_test(size=SIZE) as pilot:
        app.open_meeting(deal_id, [cfo_id])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        # Typed as fast as keys come, no pauses: the seller's question, then what the CFO said.
        await pilot.press(*"How long does the month-end close take?", "alt+s", "enter")
        await pilot.press(*"@marek we close the books in twelve days", "alt+s", "enter")
        await pilot.press(*"most invoices still go out on paper", "alt+s", "enter")
        await pilot.press(*"late invoices cost us about 60k PLN a month in financing", "alt+p", "enter")
        await pilot.press(*"what would a five-day close be worth?", "alt+q", "alt+n", "enter")
        assert screen.flush()
        meeting_id = screen.meeting.id

    lines = app.store.notes(deal_id, meeting_id)
    assert [(n.kind, n.stakeholder_id, n.stage) for n in lines] == [
        ("question", None, "situation"),
        ("said", cfo_id, "situation"),
        ("said", cfo_id, "situation"),
        ("said", cfo_id, "problem"),
        ("question", cfo_id, "need_payoff"),
    ]

    review = cli.json("review", deal_id, "--json", "--meeting", meeting_id)
    [cfo] = review["coverage"]["stakeholders"]
    assert cfo["met"] is True
    assert cfo["stages"]["situation"]["answered"] >= 2 and cfo["stages"]["problem"]["answered"] == 1
    # Only the seller's two questions count as questions asked in the meeting.
    assert review["meeting"] == {
        "meeting_id": meeting_id,
        "questions": {"situation": 1, "problem": 0, "implication": 0, "need_payoff": 1},
        "total": 2,
    }

    plan = cli("plan", deal_id, "--stakeholder", cfo_id).stdout
    assert "Nothing yet: this is the first conversation." not in plan
    assert "“we close the books in twelve days”" in plan
    assert "“late invoices cost us about 60k PLN a month in financing”" in plan

    proposal = cli("proposal", deal_id).stdout
    assert "Nothing recorded yet." not in proposal
    assert "“most invoices still go out on paper” — Marek Nowak" in proposal


def test_review_json_for_a_meeting_counts_no_client_statement_as_a_question(cli):
    """The seller typed only what the CFO said: the meeting shows no questions asked."""
    from spin_coach.actions import DealActions
    from spin_coach.models import Meeting, Note
    from spin_coach.store import Store

    store = Store.open(cli.db_path)
    actions = DealActions(store)
    deal = actions.create_deal(title="Quiet call", account="Polmar Logistics")
    cfo = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", role="finance"))
    meeting = Meeting(deal_id=deal.id, attendees=[cfo.id])
    said = [Note(deal_id=deal.id, meeting_id=meeting.id, text=f"point {n}", stakeholder_id=cfo.id, stage="situation") for n in range(12)]
    actions.save_meeting(meeting, said)
    store.close()
    review = cli.json("review", deal.id, "--json", "--meeting", meeting.id)
    assert review["meeting"]["total"] == 0
    assert not {n["kind"] for n in review["nudges"]} & {"near_question_peak", "too_many_questions", "situation_heavy"}
