"""Meeting lines have a kind — the seller's question, what was said, a next step, a note — and a
promoted line shows it: driven through the app, at typing speed and at paste speed."""

from __future__ import annotations

import pytest
from test_tui_meeting import SIZE, meeting_notes, open_meeting, sample, shown_lines, type_line  # noqa: F401
from textual._xterm_parser import XTermParser
from tui_helpers import pilot_test

from spin_coach.tui.dialogs.promote import PromoteDialog
from spin_coach.tui.keys import bindings_of
from spin_coach.tui.widgets.stage_counter import StageCounter


async def burst(app, pilot, *reads: str) -> None:
    """Hand the app every key of several terminal reads at once, as a busy machine would,
    then let it work through them (each read parsed as the driver parses it)."""
    events = []
    for data in reads:
        parser = XTermParser()
        events += [*parser.feed(data), *parser.feed("")]
    for event in events:
        app._driver.send_message(event)
    await pilot.pause()


def kinds(app, screen):
    return [(n.text, n.kind, n.stakeholder_id) for n in meeting_notes(app, screen)]


@pilot_test
async def test_lines_typed_without_a_pause_keep_their_kind_and_who(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await pilot.press(
            *"@marc what does a day of delay cost you", "alt+q", "enter",
            *"about 12k a month", "enter",
            *"and at year end?", "alt+q", "alt+q", "enter",  # marked twice: back to what it reads as
            *"@helen pilot in November", "alt+x", "enter",
            "ctrl+o", "ctrl+o",  # Helen -> nobody
            *"who else signs?", "enter",
            *"we met at the fair", "enter",
        )  # fmt: skip
        await pilot.pause()
        assert kinds(app, screen) == [
            ("what does a day of delay cost you", "question", people["marcus"]),
            ("about 12k a month", "said", people["marcus"]),
            ("and at year end?", "said", people["marcus"]),
            ("pilot in November", "next_step", people["helen"]),
            ("who else signs?", "question", None),
            ("we met at the fair", "note", None),
        ]
        rows = shown_lines(screen)
        assert rows[0].split()[1:3] == ["·", "?"] and rows[3].split()[1:3] == ["·", "→"]


@pilot_test
async def test_a_burst_from_the_terminal_is_applied_in_the_order_it_was_typed(sample):
    """Keys that arrive in one read (a fast typist on a busy machine) reach the pane in order:
    each mark, tag and Enter applies to the line typed before it, never the next one."""
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await type_line(pilot, "first", "enter")
        await burst(
            app,
            pilot,
            "@marc how often does it stall\x1bq",  # alt+q
            "\x1bp",  # alt+p
            "\rtwice a week\x1bi",  # Enter, …, alt+i
            "\r@helen send the case study\x1bx",  # alt+x
            "\rthanks\x14\r",  # ctrl+t, Enter
        )
        saved = meeting_notes(app, screen)
        assert [(n.text, n.kind, n.stakeholder_id, n.stage) for n in saved] == [
            ("first", "note", None, None),
            ("how often does it stall", "question", people["marcus"], "problem"),
            ("twice a week", "said", people["marcus"], "implication"),
            ("send the case study", "next_step", people["helen"], None),
            ("thanks", "said", people["helen"], "situation"),
        ]


@pilot_test
async def test_the_counter_counts_the_sellers_questions_not_what_was_said(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await type_line(pilot, "how do orders arrive today?", "alt+s", "enter")
        await type_line(pilot, "@helen by e-mail and phone", "alt+s", "enter")
        await type_line(pilot, "@marc what do the errors cost", "alt+q", "alt+i", "enter")
        await type_line(pilot, "about 12k a month", "alt+i", "enter")
        await pilot.pause()
        assert screen.query_one(StageCounter).counts == {"situation": 1, "problem": 0, "implication": 1, "need_payoff": 0}


@pilot_test
async def test_the_status_line_says_what_the_line_being_typed_is(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        status = lambda: str(screen.pane.status.render())  # noqa: E731
        await type_line(pilot, "how do orders arrive")
        assert "note" in status()
        await type_line(pilot, "?")
        assert "my question" in status()
        await pilot.press("alt+x")
        assert "next step" in status()
        await pilot.press("ctrl+u")  # erase it all
        await type_line(pilot, "@marc we use SAP")
        assert "Marcus Lee" in status() and "said" in status()


@pilot_test
async def test_promoting_a_line_marks_it_in_the_store_and_in_the_log(sample):
    app, deal_id, people = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, [people["helen"], people["marcus"]])
        await type_line(pilot, "@helen orders wait three days for approval", "enter")
        await type_line(pilot, "@marcus penalties cost us 12k EUR/month", "alt+i", "enter")
        await pilot.press("up", "up", "ctrl+r")  # the first line, from the log
        await pilot.pause()
        assert isinstance(app.screen, PromoteDialog)
        await pilot.press("enter")
        await pilot.pause()
        problem = next(p for p in app.store.problems(deal_id) if p.statement == "orders wait three days for approval")
        await pilot.press("escape", "ctrl+r")  # back to typing: the line just finished
        await pilot.pause()
        assert app.screen.kind == "implication"
        await pilot.press("enter")
        await pilot.pause()
        [implication] = next(p for p in app.store.problems(deal_id) if p.id == problem.id).implications
        first, second = app.store.notes(deal_id, meeting_id=screen.meeting.id)
        assert (first.promoted_to, first.stage) == (problem.id, "problem")
        assert (second.promoted_to, second.stage) == (implication.id, "implication")
        assert all("◆ " in row for row in shown_lines(screen))
        assert [n.promoted_to for n in meeting_notes(app, screen)] == [problem.id, implication.id]  # later saves keep it


@pytest.mark.parametrize(("lang", "words"), [("en", ("My question", "Next step")), ("ru", ("Мой вопрос", "Следующий шаг"))])
@pilot_test
async def test_the_kind_keys_have_ids_and_words_in_both_languages(sample, lang, words):
    app, deal_id, people = sample(lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot, deal_id, list(people.values())[:1])
        by_id = {b.id: (key, b) for key, b in bindings_of(screen) if b.id}
        question, next_step = by_id["meeting.kind_question"], by_id["meeting.kind_next_step"]
        assert (question[0], next_step[0]) == ("alt+q", "alt+x")
        assert (question[1].description, next_step[1].description) == words
        assert question[1].priority and next_step[1].priority
