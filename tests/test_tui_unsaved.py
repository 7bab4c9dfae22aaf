"""Text the database will not take (a full disk, a read-only file) is never dropped on quit: ctrl+q
asks (save to a file / stay / quit anyway), a signal keeps it in a private recovery file, the next
start offers to put it back; and a failing save shows one standing notice, not a toast per attempt."""

from __future__ import annotations

import os
import signal
import stat
import sys

import pytest
from textual.widgets import Button

from spin_coach import recovery
from spin_coach.models import Account, Deal, Stakeholder
from spin_coach.store import StoreError
from spin_coach.tui.dialogs.recover import RecoverDialog
from spin_coach.tui.dialogs.unsaved import UnsavedDialog
from spin_coach.tui.screens.meeting import MeetingScreen
from spin_coach.tui.widgets.answer_box import AnswerBox
from tui_helpers import answer_box_text, autosave_due, pilot_test, settle, type_text, until

SIZE = (120, 40)
FULL = "database or disk is full"


def seed(store):
    account = store.add_account(Account(name="Northwind"))
    deal = store.add_deal(Deal(account_id=account.id, title="Order-to-cash"))
    helen = store.add_stakeholder(Stakeholder(deal_id=deal.id, name="Helen Park", role="economic_buyer"))
    return deal, helen


def disk_full(*args, **kwargs):
    raise StoreError(FULL)


async def open_deal(app, pilot, deal_id: str) -> None:
    app.open_deal(deal_id)
    await settle(pilot)
    assert type(app.screen).__name__ == "WorkspaceScreen"


async def press_button(pilot, button_id: str) -> None:
    pilot.app.screen.query_one(f"#{button_id}", Button).press()
    await settle(pilot)


def not_saved_notices(app) -> list[str]:
    return [n.message for n in app._notifications if "NOT SAVED" in n.message]


@pilot_test
async def test_quit_with_an_answer_the_database_refuses_asks_and_keeps_it_in_a_file(make_app, tui_env, monkeypatch):
    app = make_app()
    deal, helen = seed(app.store)
    text = "Orders wait two days because three people retype every order"
    async with app.run_test(size=SIZE) as pilot:
        await open_deal(app, pilot, deal.id)
        monkeypatch.setattr(app.store, "save_answer", disk_full)
        await pilot.press("w")
        await type_text(pilot, text)
        assert not await autosave_due(pilot)
        assert app.screen.query_one(AnswerBox).border_subtitle == "NOT SAVED — text kept"

        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedDialog) and app.is_running  # asked, not gone
        assert "Order-to-cash" in str(app.screen.query_one("#unsaved-items").query("Static").first().render())
        await press_button(pilot, "stay")
        assert app.is_running and answer_box_text(app) == text

        await pilot.press("ctrl+q")
        await settle(pilot)
        await press_button(pilot, "file")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    [kept] = recovery.find(tui_env.db)
    assert app.unsaved_file == kept.path
    [item] = kept.items
    assert (item.kind, item.deal_id, item.text, item.ids["stakeholder_id"]) == ("answer", deal.id, text, helen.id)
    if sys.platform != "win32":
        assert stat.S_IMODE(kept.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(kept.path.parent.stat().st_mode) == 0o700

    # The next start (the disk has room again) offers it back on the home screen.
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, RecoverDialog))
        assert type(again.screen_stack[-2]).__name__ == "HomeScreen"
        await press_button(pilot, "restore")
        assert [a.text for a in again.store.answers(deal.id)] == [text]
        assert any("Restored" in n.message for n in again._notifications)
    assert recovery.find(tui_env.db) == []


@pilot_test
async def test_quit_anyway_lets_it_go_and_leaves_no_file(make_app, tui_env, monkeypatch):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=SIZE) as pilot:
        await open_deal(app, pilot, deal.id)
        monkeypatch.setattr(app.store, "save_answer", disk_full)
        await pilot.press("w")
        await type_text(pilot, "not needed after all")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await press_button(pilot, "quit")
        await until(pilot, lambda: not app.is_running)
    assert recovery.find(tui_env.db) == [] and app.unsaved_file is None


@pilot_test
async def test_quit_with_everything_saved_asks_nothing(make_app, tui_env):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=SIZE) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        await type_text(pilot, "saved on the way out")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    assert [a.text for a in app.store.answers(deal.id)] == ["saved on the way out"]
    assert recovery.find(tui_env.db) == []


@pilot_test
async def test_when_not_even_the_file_can_be_written_the_seller_stays_with_the_text(make_app, tui_env, monkeypatch):
    app = make_app()
    deal, _ = seed(app.store)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await open_deal(app, pilot, deal.id)
        monkeypatch.setattr(app.store, "save_answer", disk_full)
        monkeypatch.setattr(recovery, "write", no_room)
        await pilot.press("w")
        await type_text(pilot, "keep me")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await press_button(pilot, "file")
        assert app.is_running and answer_box_text(app) == "keep me"
        assert any("No space left on device" in n.message for n in app._notifications)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM as on POSIX")
@pilot_test
async def test_sigterm_in_meeting_mode_keeps_unsaved_lines_and_the_next_start_restores_them(make_app, tui_env, monkeypatch):
    app = make_app(sample=True)
    [deal] = app.store.deals()
    person = app.store.stakeholders(deal.id)[0].id
    async with app.run_test(size=SIZE) as pilot:
        app.open_meeting(deal.id, [person])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        meeting_id = screen.meeting.id
        monkeypatch.setattr(app.store, "save_notes", disk_full)
        await pilot.press(*"the budget is approved in March", "enter")
        await pilot.press(*"and in Sept")
        os.kill(os.getpid(), signal.SIGTERM)
        await until(pilot, lambda: app.unsaved_file is not None)
    assert app.return_code == 0
    [kept] = recovery.find(tui_env.db)
    [item] = kept.items
    assert kept.reason == "SIGTERM" and item.kind == "meeting_lines" and item.ids["meeting_id"] == meeting_id
    assert item.text == "the budget is approved in March\nand in Sept"

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, RecoverDialog))
        await press_button(pilot, "restore")
        notes = again.store.notes(deal.id, meeting_id=meeting_id)
        assert [n.text for n in notes] == ["the budget is approved in March", "and in Sept"]
    assert recovery.find(tui_env.db) == []


@pilot_test
async def test_kept_text_can_wait_for_later_or_be_discarded(make_app, tui_env):
    app = make_app()
    deal, helen = seed(app.store)
    item = recovery.answer_item(
        deal_id=deal.id, answer_id="ans_x", stakeholder_id=helen.id, stage="problem", text="kept", question_id=None, question_text="", at=None
    )
    path = recovery.write(tui_env.db, [item], reason="SIGHUP")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RecoverDialog))
        await pilot.press("escape")  # keep for later
        await settle(pilot)
    assert path.exists() and app.store.answers(deal.id) == []
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, RecoverDialog))
        await press_button(pilot, "discard")
    assert not path.exists() and again.store.answers(deal.id) == []


@pilot_test
async def test_a_failing_save_shows_one_standing_notice_that_clears_when_saving_works(make_app, monkeypatch):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_deal(app, pilot, deal.id)
        real = app.store.save_answer
        monkeypatch.setattr(app.store, "save_answer", disk_full)
        await pilot.press("w")
        for _ in range(8):  # eight attempts, eight failures
            await type_text(pilot, "x")
            assert not await autosave_due(pilot)
        notices = not_saved_notices(app)
        assert len(notices) == 1 and FULL in notices[0]
        await settle(pilot)
        assert len([t for t in app.screen.query("Toast") if "NOT SAVED" in str(t.render())]) == 1
        assert app.screen.query_one(AnswerBox).has_class("-failed")  # the box keeps its own status

        monkeypatch.setattr(app.store, "save_answer", real)
        await type_text(pilot, "y")
        assert await autosave_due(pilot)
        await settle(pilot)
        assert not_saved_notices(app) == []
        assert not [t for t in app.screen.query("Toast") if "NOT SAVED" in str(t.render())]
        assert any(n.message == "Saved." for n in app._notifications)
        assert [a.text for a in app.store.answers(deal.id)] == ["xxxxxxxxy"]


def test_the_notice_is_shared_by_every_saver_and_stands_until_all_save_again():
    from types import SimpleNamespace

    from spin_coach.tui.autosave import Autosaver, save_notice_standing

    shown: list[tuple[str, str]] = []
    app = SimpleNamespace(notify=lambda message, severity="information", timeout=None: shown.append((severity, message)))
    owner = SimpleNamespace(app=app, set_timer=lambda *a, **k: SimpleNamespace(stop=lambda: None))
    broken = {"answer", "goals"}

    def saver(name):
        def save():
            if name in broken:
                raise StoreError(FULL)

        return Autosaver(owner, save)

    answer, goals = saver("answer"), saver("goals")
    for _ in range(4):
        for one in (answer, goals):
            one.touch()
            assert not one.flush()
    assert [s for s, _ in shown] == ["error"] and save_notice_standing(app)  # one notice for eight failures
    broken.discard("answer")
    answer.touch()
    assert answer.flush() and save_notice_standing(app)  # the goals still fail: it stands
    broken.clear()
    goals.touch()
    assert goals.flush() and not save_notice_standing(app)
    assert shown[-1] == ("information", "Saved.") and len(shown) == 2
