"""Account strategy: the 3×3 matrix, the purchase model, a closing tactic, the journey's next step."""

import pytest
from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.coach import strategy
from spin_coach.coach.strategy import matrix_cell


def costed(story, amount=9000, period="month"):
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["ceo", "cfo"])
    story.implication("rekey", "Temps in peak", amount, "EUR", period)
    return story


@pytest.mark.parametrize("relationship", ["weak", "medium", "strong"])
def test_a_low_attractiveness_client_is_protected_or_stopped_never_invested_in(relationship):
    cell = matrix_cell(relationship, "low")
    assert cell.investment == "stop_or_protect"
    assert "upsell" in cell.recommendation or "stop" in cell.recommendation.lower()


def test_an_attractive_client_with_a_weak_relationship_calls_for_building_loyalty_a_strong_one_for_deepening():
    assert matrix_cell("weak", "high").investment == "invest"
    assert "loyalty" in matrix_cell("weak", "high").recommendation
    assert "deepen" in matrix_cell("strong", "high").recommendation
    assert matrix_cell("medium", "medium").investment == "selective"


def test_every_cell_of_the_matrix_has_its_own_advice_in_both_languages():
    for lang in ("en", "ru"):
        advice = {matrix_cell(r, a, lang).recommendation for r in ("weak", "medium", "strong") for a in ("low", "medium", "high")}
        assert len(advice) == 9 and not any(a.startswith("coach.") for a in advice)


def test_purchase_model_set_on_the_deal_wins():
    story = acme_buying_group(DealStory(purchase_model="end_use"))
    view = strategy(story.record(), story_banks()).purchase_model
    assert (view.model, view.source) == ("end_use", "deal")
    assert "result" in view.emphasis


def test_purchase_model_is_inferred_from_the_ceo_and_cfo_as_an_economic_purchase():
    view = strategy(acme_buying_group().record(), story_banks()).purchase_model
    assert (view.model, view.source) == ("economic", "inferred")
    assert "Helen Park" in view.reason and "Marcus Lee" in view.reason
    assert "return on investment" in view.emphasis


def test_without_decision_makers_the_people_met_so_far_decide_the_model():
    story = DealStory()
    story.person("it", "Priya Nair", "technical_buyer")
    story.person("buy", "Anna Schulz", "procurement")
    story.person("ops", "Tom Becker", "end_user")
    view = strategy(story.record(), story_banks()).purchase_model
    assert (view.model, view.source) == ("technical", "inferred")


def test_an_empty_deal_assumes_a_technical_purchase_and_says_so():
    view = strategy(DealStory().record(), story_banks()).purchase_model
    assert (view.model, view.source) == ("technical", "default")


def test_low_attractiveness_suggests_selling_on_price_and_terms():
    story = costed(acme_buying_group(DealStory(attractiveness="low")))
    assert strategy(story.record(), story_banks()).closing_tactic.suggested == "transactional"


def test_a_costed_problem_in_an_economic_purchase_with_a_working_relationship_suggests_turnkey():
    story = costed(acme_buying_group())
    tactic = strategy(story.record(), story_banks()).closing_tactic
    assert (tactic.tactic, tactic.source, tactic.suggested) == ("turnkey", "suggested", "turnkey")
    assert "EUR\u00a0108,000 a year" in tactic.reason


def test_until_the_cost_is_known_the_seller_sells_the_fit():
    tactic = strategy(acme_buying_group().record(), story_banks()).closing_tactic
    assert tactic.suggested == "integrator" and "turnkey" in tactic.reason


def test_a_one_off_cost_alone_is_no_baseline_for_payment_on_outcome():
    story = costed(acme_buying_group(), amount=50000, period="one_off")
    assert strategy(story.record(), story_banks()).closing_tactic.suggested == "integrator"


def test_a_weak_relationship_holds_back_payment_on_outcome():
    story = costed(acme_buying_group(DealStory(relationship="weak")))
    tactic = strategy(story.record(), story_banks()).closing_tactic
    assert tactic.suggested == "integrator" and "trust" in tactic.reason


def test_a_technical_purchase_is_sold_on_the_fit():
    story = costed(acme_buying_group(DealStory(purchase_model="technical")))
    assert strategy(story.record(), story_banks()).closing_tactic.suggested == "integrator"


def test_the_sellers_own_tactic_is_kept_and_the_suggestion_shown_next_to_it():
    story = costed(acme_buying_group(DealStory(closing_tactic="transactional")))
    tactic = strategy(story.record(), story_banks()).closing_tactic
    assert (tactic.tactic, tactic.source, tactic.suggested) == ("transactional", "deal", "turnkey")


def test_the_sellers_own_goal_for_the_stage_is_shown_else_a_default_one():
    own = DealStory(goals={"shared_problem_understanding": "Get Helen to say the number herself"})
    assert strategy(own.record(), story_banks()).journey.goal == "Get Helen to say the number herself"
    journey = strategy(DealStory().record(), story_banks()).journey
    assert journey.goal_source == "default" and "in money" in journey.goal


def test_before_shared_understanding_the_next_step_is_the_first_gap_in_the_checklist():
    journey = strategy(DealStory().record(), story_banks()).journey
    assert "who signs off" in journey.next_step


def test_once_decision_makers_agree_the_next_step_is_solution_review():
    story = costed(acme_buying_group())
    assert "solution review" in strategy(story.record(), story_banks()).journey.next_step


def test_later_stages_have_their_own_next_step():
    journey = strategy(DealStory(journey="solution_choice").record(), story_banks(), lang="ru").journey
    assert journey.label == "Выбор решения"
    assert "цене" in journey.next_step
