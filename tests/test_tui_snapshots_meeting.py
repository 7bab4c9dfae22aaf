"""What meeting mode and the account strategy look like, at 120×40 and 80×24. Update with
`pytest --snapshot-update` after looking at the new pictures (rsvg-convert them to PNG)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from tui_helpers import no_blink, settle

from spin_coach.models import Meeting, Note
from spin_coach.tui.screens.meeting import MeetingScreen
from spin_coach.tui.screens.strategy import StrategyScreen

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
START = datetime(2026, 10, 13, 9, 0, tzinfo=timezone.utc)

# (who, tag, text, kind the seller marked or None, promoted): a question put to Ops, what was said,
# a line promoted into the problem definition, a next step.
LINES = {
    "en": [
        ("ops", "situation", "How do orders reach you today?", "question", False),
        ("ops", "situation", "Orders come in by e-mail and phone, about 400 a day.", None, False),
        ("ops", "problem", "Every order is re-keyed into the ERP by hand; errors are common.", None, True),
        ("ceo", None, "Book the depot managers for a pilot workshop.", "next_step", False),
        ("cfo", "implication", "Credit notes for wrong orders cost us 12k EUR/month.", None, False),
        ("ceo", None, "We cannot grow the depot network with this desk.", None, False),
    ],
    "ru": [
        ("ops", "situation", "Как к вам сейчас приходят заказы?", "question", False),
        ("ops", "situation", "Заказы приходят по почте и телефону, около 400 в день.", None, False),
        ("ops", "problem", "Каждый заказ вручную перебивают в ERP, ошибок много.", None, True),
        ("ceo", None, "Собрать руководителей складов на пилотный семинар.", "next_step", False),
        ("cfo", "implication", "Корректировки по ошибочным заказам — 1,2 млн руб в год.", None, False),
        ("ceo", None, "С таким отделом мы не откроем новые склады.", None, False),
    ],
}


def meeting_app(make_app, lang: str = "en"):
    """The sample deal with a meeting under way: six lines taken at fixed times."""
    app = make_app(lang, sample=True)
    app.get_banks()
    [deal] = app.store.deals()
    ids = {p.id.rsplit("_", 1)[-1]: p.id for p in app.store.stakeholders(deal.id)}
    problem = app.store.problems(deal.id)[0].id
    attendees = [ids["ops"], ids["cfo"], ids["ceo"]]
    meeting = app.store.add_meeting(Meeting(deal_id=deal.id, started_at=START, attendees=attendees))
    app.store.save_notes(
        [
            Note(
                deal_id=deal.id,
                meeting_id=meeting.id,
                at=START + timedelta(minutes=3 * i),
                text=text,
                stakeholder_id=ids[who],
                stage=stage,
                kind=kind,
                promoted_to=problem if promoted else None,
            )
            for i, (who, stage, text, kind, promoted) in enumerate(LINES[lang])
        ]
    )
    return app, deal.id, attendees, meeting.id


def open_meeting(deal_id, attendees, meeting_id, *keys: str):
    async def run_before(pilot) -> None:
        await pilot.app.push_screen(MeetingScreen(deal_id, attendees, meeting_id=meeting_id))
        await settle(pilot)
        pilot.app.screen.lines.clock = lambda: START + timedelta(minutes=14)
        if keys:
            await pilot.press(*keys)
        await settle(pilot, 0.2)
        no_blink(pilot.app)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_meeting(snap_compare, make_app, size):
    app, deal_id, attendees, meeting_id = meeting_app(make_app)
    typing = [*"@marc approval takes three days", "alt+p"]
    assert snap_compare(app, terminal_size=size, run_before=open_meeting(deal_id, attendees, meeting_id, *typing))


def test_meeting_in_russian_browsing_earlier_lines(snap_compare, make_app):
    app, deal_id, attendees, meeting_id = meeting_app(make_app, "ru")
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_meeting(deal_id, attendees, meeting_id, "up", "up"))


@pytest.mark.parametrize("size", SIZES)
def test_promote_an_implication_with_its_amount(snap_compare, make_app, size):
    app, deal_id, attendees, meeting_id = meeting_app(make_app)
    assert snap_compare(app, terminal_size=size, run_before=open_meeting(deal_id, attendees, meeting_id, "up", "up", "ctrl+r"))


@pytest.mark.parametrize("size", SIZES)
def test_strategy(snap_compare, make_app, size):
    app = make_app("en", sample=True)
    app.get_banks()
    [deal] = app.store.deals()

    async def run_before(pilot) -> None:
        await pilot.app.push_screen(StrategyScreen(deal.id))
        await settle(pilot)
        await pilot.press("left")
        await settle(pilot, 0.1)
        no_blink(pilot.app)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_strategy_in_russian(snap_compare, make_app):
    app = make_app("ru", sample=True)
    app.get_banks()
    [deal] = app.store.deals()

    async def run_before(pilot) -> None:
        await pilot.app.push_screen(StrategyScreen(deal.id))
        await settle(pilot, 0.1)
        no_blink(pilot.app)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
