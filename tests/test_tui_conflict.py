"""Two windows on one deal in the terminal app: window A (the app under test) learns about window B's
writes (B is a second Store on the same database file), and a save from a stale copy asks the seller
instead of overwriting — never losing what the seller typed. The polling timer is driven directly."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from spin_coach.actions import DealActions
from spin_coach.models import Deal, Stakeholder
from spin_coach.store import Store
from spin_coach.tui.dialogs.conflict import ConflictDialog
from spin_coach.tui.widgets.answer_box import AnswerBox
from tui_helpers import answer_box_text, autosave_due, hold_autosave, pilot_test, settle, type_text


@pytest.fixture
def window_b(tui_env):
    store = Store.open(tui_env.db)
    yield DealActions(store)
    store.close()


def seed(actions: DealActions) -> tuple[Deal, Stakeholder]:
    deal = actions.create_deal(title="Order-to-cash", account="Northwind")
    helen = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Helen Park", role="economic_buyer"))
    return deal, helen


def group_lines(app) -> list[str]:
    group = app.screen.query_one("#group", OptionList)
    return [str(group.get_option_at_index(n).prompt) for n in range(group.option_count)]


async def open_deal(app, pilot, deal_id: str) -> None:
    app.open_deal(deal_id)
    await settle(pilot)
    assert type(app.screen).__name__ == "WorkspaceScreen"


@pilot_test
async def test_window_a_shows_what_window_b_changed_at_the_next_check(make_app, window_b):
    app = make_app()
    deal, helen = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        assert app.check_other_windows() == []  # nothing written elsewhere yet
        window_b.edit_stakeholder(helen.id, was=helen, name="Helen Park-Lee")
        window_b.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marcus Lee", role="finance"))
        await settle(pilot)
        assert not any("Park-Lee" in line for line in group_lines(app))  # A has not looked yet
        assert app.check_other_windows() == [deal.id]  # what the 2-second timer does
        await settle(pilot)
        lines = group_lines(app)
        assert any("Helen Park-Lee" in line for line in lines) and any("Marcus Lee" in line for line in lines)
        assert app.check_other_windows() == []  # seen now
        # A's own writes are not news from elsewhere
        app.actions.edit_stakeholder(helen.id, was=app.store.stakeholder(helen.id), title="CFO")
        assert app.check_other_windows() == []


@pilot_test
async def test_an_answer_changed_in_another_window_while_idle_here_is_shown(make_app, window_b):
    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        box = app.screen.query_one(AnswerBox)
        await type_text(pilot, "Orders wait")
        await autosave_due(pilot)
        [answer] = app.store.answers(deal.id)
        window_b.save_answer(**_same(answer), text="Orders wait two days", was="Orders wait")
        app.check_other_windows()
        await settle(pilot)
        assert answer_box_text(app) == "Orders wait two days"
        assert not box.saver.dirty


def _same(answer) -> dict:
    return dict(answer_id=answer.id, deal_id=answer.deal_id, stakeholder_id=answer.stakeholder_id, stage=answer.stage, question_id=answer.question_id)


@pilot_test
async def test_a_stale_answer_asks_and_keep_both_keeps_the_sellers_text_and_theirs(make_app, window_b):
    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        box = app.screen.query_one(AnswerBox)
        hold_autosave(box.saver)
        await type_text(pilot, "Orders wait")
        await autosave_due(pilot)
        [answer] = app.store.answers(deal.id)
        # window B saves its own version of the same answer meanwhile
        window_b.save_answer(**_same(answer), text="Orders wait three days in Q4", was="Orders wait")
        await type_text(pilot, " two days")
        assert not await autosave_due(pilot)  # refused: nothing overwritten
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert [a.text for a in app.store.answers(deal.id)] == ["Orders wait three days in Q4"]
        assert box.text == "Orders wait two days"  # the seller's text is still there
        assert "CHANGED ELSEWHERE" in str(box.border_subtitle)
        await pilot.press("b")  # keep both
        await settle(pilot)
        assert not isinstance(app.screen, ConflictDialog)
        both = "Orders wait three days in Q4\nOrders wait two days"
        assert [a.text for a in app.store.answers(deal.id)] == [both]
        assert box.text == both and not box.saver.dirty


@pilot_test
async def test_decide_later_keeps_the_text_and_keep_mine_saves_it_over_theirs(make_app, window_b):
    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        box = app.screen.query_one(AnswerBox)
        hold_autosave(box.saver)
        await type_text(pilot, "Orders wait")
        await autosave_due(pilot)
        [answer] = app.store.answers(deal.id)
        window_b.save_answer(**_same(answer), text="Orders ship same day", was="Orders wait")
        await type_text(pilot, " two days")
        await autosave_due(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("escape")  # decide later
        await settle(pilot)
        assert box.text == "Orders wait two days" and box.saver.dirty
        assert [a.text for a in app.store.answers(deal.id)] == ["Orders ship same day"]
        await autosave_due(pilot)  # the next save asks again
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("m")  # keep mine
        await settle(pilot)
        assert [a.text for a in app.store.answers(deal.id)] == ["Orders wait two days"]
        assert box.text == "Orders wait two days" and not box.saver.dirty


@pilot_test
async def test_a_stale_person_edit_keeps_the_other_windows_notes_and_a_clash_asks(make_app, window_b):
    app = make_app()
    deal, helen = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        # window B writes notes and a title while A's screen still shows the old person
        window_b.edit_stakeholder(helen.id, was=helen, notes="Golfs on Fridays.")
        await pilot.press("g", "e")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "CFO")
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = app.store.stakeholder(helen.id)
        assert (stored.title, stored.notes) == ("CFO", "Golfs on Fridays.")  # A's field written, B's kept
        # the same field changed in both windows: the seller chooses
        window_b.edit_stakeholder(helen.id, was=stored, title="Chief Financial Officer")
        await pilot.press("g", "e")
        await settle(pilot)
        await pilot.press("tab", *["backspace"] * 3)
        await type_text(pilot, "Finance director")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert app.store.stakeholder(helen.id).title == "Chief Financial Officer"
        await pilot.press("m")
        await settle(pilot)
        stored = app.store.stakeholder(helen.id)
        assert (stored.title, stored.notes) == ("Finance director", "Golfs on Fridays.")


@pilot_test
async def test_a_stale_deal_form_asks_and_stays_open_with_what_was_typed(make_app, window_b):
    from textual.widgets import Input

    from spin_coach.tui.dialogs.deal_form import DealForm

    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(DealForm(app.store.deal(deal.id), app.store.account(deal.account_id), based_on=app.store.revision(deal.id)))
        await settle(pilot)
        window_b.edit_deal(deal.id, title="Order-to-cash, phase 1", currency="USD", was={"title": "Order-to-cash", "currency": "EUR"})
        form = app.screen
        form.query_one("#title", Input).value = "Order-to-cash renewal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("escape")  # decide later: back in the form, the seller's title still there
        await settle(pilot)
        assert app.screen is form and form.query_one("#title", Input).value == "Order-to-cash renewal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")  # keep theirs
        await settle(pilot)
        assert app.screen is not form
        stored = app.store.deal(deal.id)
        assert (stored.title, stored.currency) == ("Order-to-cash, phase 1", "USD")


@pilot_test
async def test_the_strategy_screen_shows_the_other_windows_choice_and_keeps_its_own(make_app, window_b):
    from spin_coach.models import AccountScore

    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_strategy(deal.id)
        await settle(pilot)
        assert type(app.screen).__name__ == "StrategyScreen"
        app.actions.set_strategy(deal.id, purchase_model="economic", based_on=app.screen.record.revision)  # window A
        window_b.set_strategy(deal.id, score=AccountScore(relationship="strong", attractiveness="medium"))  # window B
        assert app.check_other_windows() == [deal.id]
        await settle(pilot)
        shown = app.screen.record.deal
        assert (shown.purchase_model, shown.score.relationship) == ("economic", "strong")
        stored = app.store.deal(deal.id)
        assert (stored.purchase_model, stored.score.relationship) == ("economic", "strong")


@pilot_test
async def test_the_same_strategy_choice_changed_in_both_windows_is_not_overwritten_silently(make_app, window_b):
    """Window B sets the purchase model while window A's screen still shows the old one: A's key
    does not write over B's choice; A is told and sees B's choice, and the next key changes it."""
    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_strategy(deal.id)
        await settle(pilot)
        screen = app.screen
        assert screen.record.deal.purchase_model is None
        window_b.set_strategy(deal.id, purchase_model="technical")  # A has not seen this yet
        await pilot.press("m")  # A cycles from what it shows (none) to "economic"
        await settle(pilot)
        assert app.store.deal(deal.id).purchase_model == "technical"  # B's choice stands
        assert screen.record.deal.purchase_model == "technical"  # and A now shows it
        assert any("another window" in str(n.message) for n in app._notifications)
        await pilot.press("m")  # knowingly, from what is shown now
        await settle(pilot)
        assert app.store.deal(deal.id).purchase_model == "end_use"


@pilot_test
async def test_a_goal_typed_in_both_windows_keeps_both(make_app, window_b):
    """Window B sets the goal for solution review while the seller types one for the same stage in A."""
    from textual.widgets import Input

    app = make_app()
    deal, _ = seed(app.actions)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_strategy(deal.id)
        await settle(pilot)
        screen = app.screen
        hold_autosave(screen._saver)  # it saves when asked, not when the machine's clock says
        window_b.set_strategy(deal.id, goals={"solution_review": "Pilot in Q2"})
        goal = screen.query_one("#goal-solution_review", Input)
        goal.focus()
        await settle(pilot)
        await pilot.press(*"Workshop in May")
        assert screen.flush()
        await settle(pilot)
        assert app.store.deal(deal.id).goals["solution_review"] == "Pilot in Q2 / Workshop in May"
        assert goal.value == "Pilot in Q2 / Workshop in May"
        # Typing on saves in place: the joined goal is now what this window has seen.
        await pilot.press("end", *" with IT")
        assert screen.flush()
        assert app.store.deal(deal.id).goals["solution_review"] == "Pilot in Q2 / Workshop in May with IT"
