"""A whole discovery, keys only: new deal → three people → answers in all four SPIN stages →
a problem two people hold, with a cost → the cost of inaction on screen."""

from __future__ import annotations

from textual.widgets import OptionList

from spin_coach.models import STAGES
from spin_coach.tui.widgets.problem_tree import ProblemTree
from tui_helpers import pilot_test, settle, type_text

PEOPLE = [
    ("Helen Park", "CEO", "Econ"),
    ("Marcus Lee", "CFO", "Fin"),
    ("Tom Becker", "Order desk lead", "End"),
]

ANSWERS = {
    "1": "Three people key every order into the ERP by hand",
    "2": "Orders wait two days for credit approval",
    "3": "We lose about one order in ten to faster rivals",
    "4": "Same-day confirmation would win the retail chains",
}


async def add_person(pilot, name: str, title: str, role_prefix: str) -> None:
    await pilot.press("a")
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, title)
    await pilot.press("tab", "enter")
    await type_text(pilot, role_prefix)
    await pilot.press("enter", "ctrl+s")
    await settle(pilot)


@pilot_test
async def test_full_discovery_from_new_deal_to_cost_of_inaction(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # A new deal, straight into its workspace.
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Order-to-cash automation")
        await pilot.press("tab")
        await type_text(pilot, "Northwind Freight")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [deal] = app.store.deals()

        # Three people of the buying group.
        for name, title, role in PEOPLE:
            await add_person(pilot, name, title, role)
        helen, marcus, tom = app.store.stakeholders(deal.id)
        assert [(p.name, p.role) for p in (helen, marcus, tom)] == [
            ("Helen Park", "economic_buyer"),
            ("Marcus Lee", "finance"),
            ("Tom Becker", "end_user"),
        ]

        # Helen answers one question of each SPIN stage; the problem answer becomes the problem.
        await pilot.press("g", "home")
        await settle(pilot)
        for key, text in ANSWERS.items():
            await pilot.press(key, "w")
            await type_text(pilot, text)
            await pilot.press("escape")
            await settle(pilot)
            if key == "2":
                await pilot.press("r")
                await settle(pilot)
                assert type(app.screen).__name__ == "ProblemForm"
                await pilot.press("ctrl+s")
                await settle(pilot)
        answers = app.store.answers(deal.id)
        assert {a.stage for a in answers} == set(STAGES)
        assert {a.text for a in answers} == set(ANSWERS.values())
        assert all(a.stakeholder_id == helen.id for a in answers)

        # Marcus confirms the problem and puts a number on it.
        await pilot.press("g", "down", "d")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "Lost orders to faster rivals")
        await pilot.press("tab")
        await type_text(pilot, "120000 a year")  # the period comes with the amount; none is assumed
        await pilot.press("ctrl+s")
        await settle(pilot)

        # The store holds one shared problem, held by two people, with a yearly cost.
        [problem] = app.store.problems(deal.id)
        assert problem.statement == ANSWERS["2"]
        assert problem.raised_by == helen.id and problem.confirmed_by == [marcus.id]
        [implication] = problem.implications
        assert (implication.amount, implication.currency, implication.period) == (120000, "EUR", "year")

        # And the screen says so.
        assert "EUR\u00a0120,000 a year" in str(app.screen.query_one("#cost-of-inaction").render())
        tree = app.screen.query_one(ProblemTree)
        problem_label = str(tree.root.children[0].label)
        assert ANSWERS["2"] in problem_label and "Helen Park" in problem_label and "Marcus Lee" in problem_label
        group = app.screen.query_one("#group", OptionList)
        assert "S1 P1 I1 N1" in str(group.get_option_at_index(0).prompt)
        assert "S0 P0 I0 N0" in str(group.get_option_at_index(1).prompt)
