"""Meeting mode, as a seller uses it: start a meeting, type what is said, say who said it, tag it,
turn it into the shared problem definition, and never lose a line."""

from __future__ import annotations

from datetime import timedelta
from time import monotonic

import pytest
from textual._xterm_parser import XTermParser
from textual.widgets import SelectionList
from tui_helpers import pilot_test

from spin_coach.models import Meeting, Note, now
from spin_coach.store import StoreError
from spin_coach.tui import autosave
from spin_coach.tui.autosave import flush_all
from spin_coach.tui.dialogs.attendees import AttendeesDialog
from spin_coach.tui.dialogs.promote import PromoteDialog
from spin_coach.tui.screens.meeting import MeetingScreen
from spin_coach.tui.widgets.note_log import NoteLog
from spin_coach.tui.widgets.stage_counter import StageCounter

SIZE = (120, 40)


@pytest.fixture
def sample(make_app):
    """The app with the sample deal: Helen Park (CEO), Marcus Lee (CFO), Priya Nair (IT), Tom Becker, Anna Schulz.

    Gives the app, the deal id and the people by lower-case first name.
    """

    def build(lang: str = "en"):
        app = make_app(lang, sample=True)
        app.get_banks()
        [deal] = app.store.deals()
        people = {p.name.split()[0].lower(): p.id for p in app.store.stakeholders(deal.id)}
        return app, deal.id, people

    return build


async def open_meeting(app, pilot, deal_id, attendees) -> MeetingScreen:
    app.open_meeting(deal_id, attendees)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


async def type_line(pilot, text: str, *then: str) -> None:
    await pilot.press(*text, *then)


async def terminal_sends(app, pilot, data: str) -> None:
    """Feed raw terminal bytes through Textual's own parser, as the real driver does.

    Pilot's ``press("alt+p")`` makes a key without a character; a terminal's ESC p
    arrives as alt+p *with* the character "p", which is what an input would type.
    """
    parser = XTermParser()
    for event in [*parser.feed(data), *parser.feed("")]:
        app._driver.send_message(event)
    await pilot.pause()


def shown_lines(screen: MeetingScreen) -> list[str]:
    """The text of the log's rows as drawn on screen."""
    log = screen.query_one(NoteLog)
    return [log.render_line(y).text.rstrip() for y in range(min(log.size.height, len(log.notes)))]


def stored_notes(app, screen):
    """The meeting's lines as the database has them right now."""
    return app.store.notes(screen.deal_id, meeting_id=screen.meeting.id)


def a_second_passes(screen, monkeypatch) -> None:
    """What the autosave timer does when it fires a second after the last key, without waiting for it."""
    saver = screen._saver
    if not saver.dirty:
        return  # on a slow machine the timer already fired while the keys went in: nothing left to save
    assert saver._timer is not None  # the last change armed it
    later = monotonic() + 1.0
    monkeypatch.setattr(autosave, "monotonic", lambda: later)
    saver._due()
    monkeypatch.setattr(autosave, "monotonic", monotonic)


def meeting_notes(app, screen):
    """The meeting's lines once everything typed is saved (what the app does on any focus change or exit)."""
    assert screen.flush()
    return stored_notes(app, screen)


@pilot_test
async def test_seller_starts_a_meeting_from_the_deal_with_the_people_ticked(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        app.open_deal(deal_id)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, AttendeesDialog)
        assert str(app.screen.query_one("#save").label) == "Start"  # the button says what it does
        chooser = app.screen.query_one(SelectionList)
        if len(chooser.selected) < chooser.option_count:
            await pilot.press("a")  # a ticks everyone (or, with everyone ticked, no one)
        assert len(chooser.selected) == chooser.option_count
        await pilot.press("enter")  # one key starts it, though Enter in the list would tick
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        meetings = app.store.meetings(deal_id)
        started = [m for m in meetings if m.id == screen.meeting.id]
        assert started and started[0].ended_at is None
        assert started[0].attendees == [p.id for p in app.store.stakeholders(deal_id)]
        assert screen.pane.input.has_focus


@pilot_test
async def test_every_line_is_timestamped_and_the_one_being_typed_is_saved_too(sample, monkeypatch):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        before = now() - timedelta(seconds=1)
        await type_line(pilot, "we order by email", "enter")
        await type_line(pilot, "approvals wait for the CFO")
        a_second_passes(screen, monkeypatch)  # no Enter: the draft line is saved within a second anyway
        saved = stored_notes(app, screen)
        assert [n.text for n in saved] == ["we order by email", "approvals wait for the CFO"]
        assert all(before <= n.at <= now() for n in saved)
        assert shown_lines(screen)[0].endswith("we order by email")
        assert shown_lines(screen)[0].lstrip().startswith(saved[0].at.astimezone().strftime("%H:%M"))
        assert screen.pane.input.value == "approvals wait for the CFO"


@pilot_test
async def test_at_name_says_who_said_it_and_they_keep_speaking(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await type_line(pilot, "@marc: delays cost us a lot", "enter")
        await type_line(pilot, "mostly at month end", "enter")
        await type_line(pilot, "@he we want it fixed this year", "enter")
        await pilot.pause()
        saved = meeting_notes(app, screen)
        assert [(n.text, n.stakeholder_id) for n in saved] == [
            ("delays cost us a lot", people["marcus"]),
            ("mostly at month end", people["marcus"]),
            ("we want it fixed this year", people["helen"]),
        ]
        assert "Marcus Lee" in shown_lines(screen)[0]
        assert "Helen Park" in shown_lines(screen)[2]


@pilot_test
async def test_at_name_works_in_cyrillic_and_from_a_latin_keyboard(sample):
    app, deal_id, _ = sample("ru")
    by_name = {p.name: p.id for p in app.store.stakeholders(deal_id)}
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, list(by_name.values())[:3])
        await type_line(pilot, "@Елена заказы идут по почте", "enter")
        await type_line(pilot, "@mikh просрочки стоят 1,2 млн руб в год", "enter")
        await pilot.pause()
        saved = meeting_notes(app, screen)
        assert [n.stakeholder_id for n in saved] == [by_name["Елена Павлова"], by_name["Михаил Лебедев"]]
        assert saved[1].text == "просрочки стоят 1,2 млн руб в год"


@pilot_test
async def test_someone_not_invited_who_is_named_joins_the_meeting(sample, monkeypatch):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"]])
        await type_line(pilot, "@tom the order desk re-keys everything", "enter")
        a_second_passes(screen, monkeypatch)
        saved = stored_notes(app, screen)
        assert saved[0].stakeholder_id == people["tom"]
        stored = next(m for m in app.store.meetings(deal_id) if m.id == screen.meeting.id)
        assert stored.attendees == [people["helen"], people["tom"]]


@pilot_test
async def test_lines_are_tagged_with_a_key_and_the_counter_counts_them(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await type_line(pilot, "how do orders arrive today?", "alt+s", "enter")  # tag while typing
        await type_line(pilot, "where do they get stuck?", "enter", "alt+p")  # or right after Enter
        await type_line(pilot, "what does a day of delay cost?", "alt+i", "enter")
        await type_line(pilot, "what would one-hour approval be worth?", "alt+n", "enter")
        await type_line(pilot, "who else waits for them?", "alt+i", "enter", "alt+p")  # retag the last line
        await type_line(pilot, "a stray tag", "alt+s", "alt+s", "enter")  # the same key twice clears it
        await pilot.pause()
        saved = meeting_notes(app, screen)
        assert [n.stage for n in saved] == ["situation", "problem", "implication", "need_payoff", "problem", None]
        counter = screen.query_one(StageCounter)
        assert counter.counts == {"situation": 1, "problem": 2, "implication": 1, "need_payoff": 1}
        drawn = counter.render().plain.splitlines()
        assert drawn[1].split()[:2] == ["P", "Problem"] and drawn[1].split()[2] == "2"
        assert shown_lines(screen)[1].split()[1] == "P"


@pilot_test
async def test_alt_keys_from_a_real_terminal_tag_and_attribute_instead_of_typing(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await type_line(pilot, "orders stall at month end")
        await terminal_sends(app, pilot, "\x1bp")  # alt+p
        await pilot.press("ctrl+o", "ctrl+o")  # nobody -> Helen -> Marcus
        assert screen.pane.input.value == "orders stall at month end"
        await pilot.press("ctrl+r")
        await pilot.pause()
        await terminal_sends(app, pilot, "\x1bi")  # alt+i in the dialog: an implication, not an "i" typed
        dialog = app.screen
        assert isinstance(dialog, PromoteDialog) and dialog.kind == "implication"
        assert dialog.query_one("#promote-text").value == "orders stall at month end"
        await pilot.press("escape")
        [note] = meeting_notes(app, screen)
        assert (note.text, note.stage, note.stakeholder_id) == ("orders stall at month end", "problem", people["marcus"])


@pilot_test
async def test_ctrl_t_cycles_the_tag_and_ctrl_o_the_speaker(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await pilot.press("ctrl+o", "ctrl+o")  # nobody -> Helen -> Marcus
        await type_line(pilot, "cash is tight", "ctrl+t", "ctrl+t", "enter")
        await pilot.press("ctrl+o", "ctrl+o")  # Marcus -> nobody -> Helen
        await type_line(pilot, "agreed", "enter")
        await pilot.pause()
        saved = meeting_notes(app, screen)
        assert [(n.stakeholder_id, n.stage) for n in saved] == [(people["marcus"], "problem"), (people["helen"], None)]


@pilot_test
async def test_seller_turns_lines_into_a_problem_an_implication_with_its_cost_and_a_payoff(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        before = {p.id for p in app.store.problems(deal_id)}

        await type_line(pilot, "@helen orders wait three days for approval", "enter", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, PromoteDialog)
        await pilot.press("enter")
        await pilot.pause()
        problem = next(p for p in app.store.problems(deal_id) if p.id not in before)
        assert (problem.statement, problem.raised_by) == ("orders wait three days for approval", people["helen"])

        await type_line(pilot, "@marcus the delays cost us 12k EUR/month in penalties", "alt+i", "ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PromoteDialog) and dialog.kind == "implication"
        assert "12,000" in dialog.query_one("#promote-amount-read").render().plain
        await pilot.press("enter")
        await pilot.pause()

        await type_line(pilot, "@helen one-hour approval would be worth 40,000 euros a year to us", "enter", "ctrl+r")
        await pilot.pause()
        await pilot.press("alt+n", "enter")  # the stage key picks the kind in the dialog too
        await pilot.pause()

        problem = next(p for p in app.store.problems(deal_id) if p.id == problem.id)
        [implication] = problem.implications
        assert (implication.amount, implication.currency, implication.period) == (12_000, "EUR", "month")
        assert (implication.stated_by, implication.evidence) == (people["marcus"], "stated")
        [payoff] = problem.need_payoffs
        assert (payoff.amount, payoff.currency, payoff.period) == (40_000, "EUR", "year")
        assert payoff.said_by == people["helen"] and payoff.explicit
        await pilot.pause()
        # Each promoted line is tagged with what it became.
        assert [n.stage for n in meeting_notes(app, screen)] == ["problem", "implication", "need_payoff"]
        assert [s.split()[1] for s in shown_lines(screen)] == ["P", "I", "N"]


@pilot_test
async def test_an_amount_the_seller_corrects_in_the_dialog_is_what_is_saved(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["marcus"]])
        await type_line(pilot, "@marc penalties are painful", "alt+i", "ctrl+r")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#promote-amount").value == ""
        dialog.query_one("#promote-amount").value = "1.2 млн руб в год"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        implication = next(i for p in app.store.problems(deal_id) for i in p.implications if i.consequence == "penalties are painful")
        assert (implication.amount, implication.currency, implication.period) == (1_200_000, "RUB", "year")
        assert screen.is_current


@pilot_test
async def test_editing_an_earlier_line_updates_the_same_note(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"]])
        await type_line(pilot, "first line", "enter")
        await type_line(pilot, "secnd line", "enter")
        await type_line(pilot, "half typed")
        await pilot.press("up")  # into the log, on the last line
        assert screen.query_one(NoteLog).has_focus
        await pilot.press("enter", "home", "right", "right", "right", "o", "enter")
        await pilot.pause()
        saved = meeting_notes(app, screen)
        assert sorted(n.text for n in saved) == ["first line", "half typed", "second line"]
        assert screen.pane.input.value == "half typed"  # the line being typed came back
        assert len({n.id for n in saved}) == 3


@pilot_test
async def test_a_focus_change_saves_at_once(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"]])
        await type_line(pilot, "first", "enter")
        await type_line(pilot, "typed just now")
        await pilot.press("up")
        assert [n.text for n in stored_notes(app, screen)] == ["first", "typed just now"]


@pilot_test
async def test_the_apps_flush_saves_the_line_being_typed(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"]])
        await type_line(pilot, "said just before the laptop died")
        assert flush_all(app)  # what the app runs on quit, SIGTERM and SIGHUP
        assert [n.text for n in stored_notes(app, screen)] == ["said just before the laptop died"]
        await type_line(pilot, "!")
        assert screen.flush()
        assert stored_notes(app, screen)[0].text == "said just before the laptop died!"


@pilot_test
async def test_a_database_error_keeps_the_text_on_screen_and_retries(sample, monkeypatch):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"]])
        real_save = app.store.save_notes

        def broken(notes):
            raise StoreError("database is locked")

        monkeypatch.setattr(app.store, "save_notes", broken)
        await type_line(pilot, "the budget is approved in March", "enter")
        await type_line(pilot, "and in September")
        a_second_passes(screen, monkeypatch)
        assert stored_notes(app, screen) == []
        assert any("database is locked" in n.message for n in app._notifications)
        assert "NOT SAVED" in str(screen.pane.status.render())
        assert screen.pane.input.value == "and in September"
        assert shown_lines(screen)[0].endswith("the budget is approved in March")

        monkeypatch.setattr(app.store, "save_notes", real_save)
        assert screen.retry is not None  # retried without another key: the retry timer fires …
        screen._saver.touch()  # … and does this
        a_second_passes(screen, monkeypatch)
        await pilot.pause()
        assert [n.text for n in stored_notes(app, screen)] == ["the budget is approved in March", "and in September"]
        assert "NOT SAVED" not in str(screen.pane.status.render())


@pilot_test
async def test_ending_the_meeting_takes_the_key_twice_and_keeps_every_line(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"]])
        meeting_id = screen.meeting.id
        await type_line(pilot, "next step: pilot in November")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is screen  # one press only asks
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingScreen)
        ended = next(m for m in app.store.meetings(deal_id) if m.id == meeting_id)
        assert ended.ended_at is not None
        assert [n.text for n in app.store.notes(deal_id, meeting_id=meeting_id)] == ["next step: pilot in November"]


@pilot_test
async def test_a_meeting_with_thousands_of_lines_opens_at_the_newest_and_takes_keys(sample):
    app, deal_id, people = sample()
    meeting = app.store.add_meeting(Meeting(deal_id=deal_id, attendees=[people["helen"]]))
    app.store.save_notes(
        [Note(deal_id=deal_id, meeting_id=meeting.id, at=meeting.started_at + timedelta(seconds=i), text=f"line {i}") for i in range(5000)]
    )
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(MeetingScreen(deal_id, [people["helen"]], meeting_id=meeting.id))
        await pilot.pause()
        screen = app.screen
        log = screen.query_one(NoteLog)
        assert log.scroll_offset.y == 5000 - log.size.height
        await type_line(pilot, "line 5000", "enter")
        await pilot.pause()
        assert log.render_line(log.size.height - 1).text.rstrip().endswith("line 5000")
        assert len(meeting_notes(app, screen)) == 5001
