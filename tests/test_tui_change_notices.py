"""Every change a seller makes in the terminal app goes through the write layer and is announced
once: each action sends one change notice, and every screen showing the deal follows it."""

from __future__ import annotations

from textual.widgets import DataTable

from spin_coach.actions import Change
from spin_coach.models import Stakeholder
from spin_coach.tui.widgets.answer_box import AnswerBox
from tui_helpers import hold_autosave, pilot_test, settle, type_text


class Notices:
    """The change notices of the write layer, and what the app passed on to its screens."""

    def __init__(self, app) -> None:
        self.changes: list[Change] = []
        self.announced: list = []
        app.actions.listen(self.changes.append)
        passed_on = app.deal_changed

        def announce(deal_id: str, change: Change | None = None) -> None:
            self.announced.append(change)
            passed_on(deal_id, change)

        app.deal_changed = announce  # the one way a notice reaches the screens

    def take(self) -> list[str]:
        """The actions noticed since the last call; each passed on to the screens exactly once, by the write layer."""
        actions = [c.action for c in self.changes]
        assert self.announced == self.changes, "a screen announced a change itself, or one was passed on twice"
        self.changes.clear()
        self.announced.clear()
        return actions


def people_on_home(app, deal_id: str) -> str:
    table = app.screen.query_one("#deals", DataTable)
    return str(table.get_cell(deal_id, "people"))


@pilot_test
async def test_adding_a_person_and_removing_them_refreshes_the_home_lists_people_count(make_app):
    app = make_app()
    deal = app.actions.create_deal(title="Order-to-cash", account="Northwind")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert people_on_home(app, deal.id) == "0"
        notices = Notices(app)

        # Open the deal, add a person through the form, go back.
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "WorkspaceScreen"
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Priya Nair")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["add_stakeholder"]
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert people_on_home(app, deal.id) == "1"

        # Open it again, remove them (after the confirmation), go back.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("g", "x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert notices.take() == ["remove_stakeholder"]
        await pilot.press("escape")
        await settle(pilot)
        assert people_on_home(app, deal.id) == "0"
        assert app.store.stakeholders(deal.id) == []


@pilot_test
async def test_each_seller_action_in_the_workspace_sends_one_change_notice(make_app):
    app = make_app()
    deal = app.actions.create_deal(title="Order-to-cash", account="Northwind")
    helen = app.actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Helen Park", role="economic_buyer"))
    app.actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marcus Lee", role="finance"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notices = Notices(app)
        await pilot.press("enter")
        await settle(pilot)

        # What Helen said, saved as the seller leaves the answer box.
        hold_autosave(app.screen.query_one(AnswerBox).saver)
        await pilot.press("2", "w")
        await type_text(pilot, "Orders wait two days for credit approval")
        await pilot.press("tab")
        await settle(pilot)
        assert notices.take() == ["save_answer"]
        [answer] = app.store.answers(deal.id)
        assert answer.stakeholder_id == helen.id

        # It becomes a problem of the shared definition (r), which Marcus then confirms.
        await pilot.press("r")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemForm"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["add_problem"]
        [problem] = app.store.problems(deal.id)
        assert problem.source_answers == [answer.id] and problem.raised_by == helen.id
        await pilot.press("g", "down", "d")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert notices.take() == ["confirm_problem"]
        await pilot.press("c")  # and takes it back
        await settle(pilot)
        assert notices.take() == ["withdraw_confirmation"]

        # An implication, a need-payoff, an edit, a removal.
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "Lost orders")
        await pilot.press("tab")
        await type_text(pilot, "40k")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["add_implication"]
        await pilot.press("home", "n")
        await settle(pilot)
        await type_text(pilot, "Same-day shipping")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["add_need_payoff"]
        await pilot.press("home", "e")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemForm"
        await type_text(pilot, " at month-end")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["edit_problem"]
        assert app.store.problems(deal.id)[0].statement.endswith("at month-end")
        await pilot.press("end", "x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert notices.take() == ["remove_need_payoff"]
        [problem] = app.store.problems(deal.id)
        assert [i.consequence for i in problem.implications] == ["Lost orders"] and problem.need_payoffs == []

        # Editing a person.
        await pilot.press("g", "e")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "CFO")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["edit_stakeholder"]

        # The account strategy: one notice a key.
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert notices.take() == ["set_strategy"]
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert notices.take() == []  # leaving says nothing more


@pilot_test
async def test_each_seller_action_on_home_sends_one_change_notice(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notices = Notices(app)
        await pilot.press("s")  # the sample deal
        await settle(pilot)
        assert notices.take() == ["import_record"]
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Order automation")
        await pilot.press("tab")
        await type_text(pilot, "Acme Foods")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["create_deal"]
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#deals", DataTable)
        assert str(table.get_row_at(table.cursor_row)[0]) == "Order automation"  # the new deal, under the cursor
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end")
        await type_text(pilot, " 2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notices.take() == ["edit_deal"]
        assert str(table.get_row_at(table.cursor_row)[0]) == "Order automation 2"
        await pilot.press("a")
        await settle(pilot)
        assert notices.take() == ["set_archived"]
        assert table.row_count == 1
        await pilot.press("x", "y")
        await settle(pilot)
        assert notices.take() == ["delete_deal"]
        assert table.row_count == 0
