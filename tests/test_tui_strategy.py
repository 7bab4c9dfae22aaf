"""The account strategy screen, as a seller uses it: score the client in the 3×3 matrix, choose how
they buy and how to close, move along the journey, write down their own goals — all saved at once."""

from __future__ import annotations

import pytest
from tui_helpers import autosave_due, pilot_test

from spin_coach.coach import strategy
from spin_coach.tui.screens.strategy import StrategyScreen
from spin_coach.tui.widgets.strategy_matrix import StrategyMatrix

SIZE = (120, 40)


@pytest.fixture
def sample(make_app):
    """The app with the sample deal: high attractiveness, medium relationship, economic purchase, turnkey."""

    def build(lang: str = "en"):
        app = make_app(lang, sample=True)
        app.get_banks()
        [deal] = app.store.deals()
        return app, deal.id

    return build


async def open_strategy(app, pilot, deal_id) -> StrategyScreen:
    app.open_strategy(deal_id)
    await pilot.pause()
    assert isinstance(app.screen, StrategyScreen)
    return app.screen


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def highlighted_cell(screen) -> str:
    """The words of the lit cell, as drawn: the middle row carries the ▶ ◀ markers."""
    drawn = screen.query_one(StrategyMatrix).render().plain.splitlines()
    middle = next(i for i, line in enumerate(drawn) if "▶" in line)
    left, right = drawn[middle].index("▶") + 1, drawn[middle].index("◀")
    return " ".join(" ".join(line[left:right].split()) for line in drawn[middle - 1 : middle + 2]).strip()


@pilot_test
async def test_the_matrix_shows_the_deals_cell_and_the_coachs_recommendation(sample):
    app, deal_id = sample()
    async with app.run_test(size=SIZE) as pilot:
        app.open_deal(deal_id)
        await pilot.pause()
        await pilot.press("t")  # from the workspace
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StrategyScreen)
        assert screen.query_one(StrategyMatrix).has_focus
        assert "deepen" in highlighted_cell(screen)  # high attractiveness, medium relationship
        advice = strategy(app.store.record(deal_id), app.get_banks(), lang="en")
        assert text(screen, "#matrix-advice") == advice.matrix.recommendation
        assert "Economic purchase" in text(screen, "#purchase")
        assert "Turnkey" in text(screen, "#tactic") and "your choice" in text(screen, "#tactic")
        assert advice.journey.next_step in text(screen, "#next-step")


@pilot_test
async def test_arrow_keys_rescore_the_client_and_save_it(sample):
    app, deal_id = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_strategy(app, pilot, deal_id)
        await pilot.press("left", "down", "down")  # weak relationship, low attractiveness
        score = app.store.deal(deal_id).score
        assert (score.relationship, score.attractiveness) == ("weak", "low")
        assert "Stop" in highlighted_cell(screen)
        assert text(screen, "#matrix-advice").startswith("Low attractiveness, weak relationship")
        await pilot.press("left", "down")  # already in the corner: nothing moves
        assert app.store.deal(deal_id).score == score
        # Low attractiveness: the coach now suggests a transactional close.
        assert "Transactional" in text(screen, "#tactic")


@pilot_test
async def test_purchase_model_and_tactic_cycle_and_go_back_to_the_coachs_choice(sample):
    app, deal_id = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_strategy(app, pilot, deal_id)
        await pilot.press("m")
        assert app.store.deal(deal_id).purchase_model == "technical"
        assert "Technical purchase" in text(screen, "#purchase")
        await pilot.press("m", "m")  # end_use, then back to the coach's inference
        assert app.store.deal(deal_id).purchase_model is None
        assert "Inferred from the roles" in text(screen, "#purchase")
        await pilot.press("c")  # turnkey -> back to the coach's suggestion
        deal = app.store.deal(deal_id)
        assert deal.closing_tactic is None
        assert "suggested by the coach" in text(screen, "#tactic")
        await pilot.press("c", "c")
        assert app.store.deal(deal_id).closing_tactic == "integrator"


@pilot_test
async def test_the_journey_moves_on_and_the_seller_writes_their_goal(sample):
    app, deal_id = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_strategy(app, pilot, deal_id)
        await pilot.press("j")
        assert app.store.deal(deal_id).journey_stage == "solution_review"
        assert text(screen, "#stage-solution_review").startswith("▸")
        await pilot.press("g")
        assert screen.focused.id == "goal-solution_review"
        await pilot.press(*"Be the only vendor with a freight case study")
        await autosave_due(pilot)  # saved within a second, no Enter needed
        goals = app.store.deal(deal_id).goals
        assert goals["solution_review"] == "Be the only vendor with a freight case study"
        assert "shared_problem_understanding" in goals  # the other goals stay
        await pilot.press("escape")  # out of the goal, back to the matrix
        assert screen.query_one(StrategyMatrix).has_focus
        await pilot.press("escape")  # and back to the deal
        await pilot.pause()
        assert not isinstance(app.screen, StrategyScreen)


@pilot_test
async def test_clearing_a_goal_falls_back_to_the_coachs_default(sample):
    app, deal_id = sample()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_strategy(app, pilot, deal_id)
        await pilot.press("g", "ctrl+u", "enter")
        assert "shared_problem_understanding" not in app.store.deal(deal_id).goals
        goal = screen.query_one("#goal-shared_problem_understanding")
        assert goal.value == "" and goal.placeholder.startswith("Get the decision makers")


@pilot_test
async def test_the_screen_speaks_russian(sample):
    app, deal_id = sample("ru")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_strategy(app, pilot, deal_id)
        drawn = screen.query_one(StrategyMatrix).render().plain
        assert "привлекательность" in drawn and "крепкие" in drawn and "высокая" in drawn
        assert "углублять" in highlighted_cell(screen)
        assert "Экономическая закупка" in text(screen, "#purchase")
