"""The shared problem definition: answers become problems; costs roll up per year and per currency."""

import pytest
from test_coach_builders import acme_buying_group

from spin_coach.coach import (
    add_implication,
    add_need_payoff,
    believers,
    confirm,
    merge_problems,
    per_year,
    problem_from_answer,
    problem_summary,
    state_need,
    withdraw,
)
from spin_coach.models import Answer, Problem


def answer(who="cfo", text="  Invoices go out\nfour days late.  ", id="ans_1"):
    return Answer(id=id, deal_id="d_acme", stakeholder_id=who, stage="problem", text=text)


def test_cfo_answer_becomes_a_draft_problem_raised_by_the_cfo():
    problem = problem_from_answer(answer())
    assert problem.statement == "Invoices go out four days late."
    assert problem.raised_by == "cfo"
    assert problem.source_answers == ["ans_1"]
    assert problem.deal_id == "d_acme"
    assert problem.confirmed_by == []
    assert believers(problem) == ["cfo"]


def test_seller_can_reword_the_problem_while_drafting_it():
    assert problem_from_answer(answer(), statement="Late invoicing").statement == "Late invoicing"


def test_ceo_confirms_the_cfos_problem_once_however_often_the_seller_clicks():
    original = problem_from_answer(answer())
    confirmed = confirm(confirm(original, "ceo"), "ceo")
    assert confirmed.confirmed_by == ["ceo"]
    assert believers(confirmed) == ["cfo", "ceo"]
    assert original.confirmed_by == []  # pure: the draft is untouched
    assert withdraw(confirmed, "ceo").confirmed_by == []


def test_two_wordings_of_the_same_problem_merge_keeping_everyones_support_and_numbers():
    cfo = problem_from_answer(answer())
    cfo = add_implication(cfo, "Working capital tied up", amount=48000, currency="EUR", period="year", stated_by="cfo")
    ceo = problem_from_answer(answer(who="ceo", text="Cash comes in too slowly", id="ans_2"))
    ceo = confirm(ceo, "it")
    ceo = add_need_payoff(ceo, "We could fund the new depot ourselves", said_by="ceo")
    merged = merge_problems(cfo, ceo)
    assert merged.id == cfo.id and merged.statement == cfo.statement
    assert believers(merged) == ["cfo", "ceo", "it"]
    assert merged.source_answers == ["ans_1", "ans_2"]
    assert [i.problem_id for i in merged.implications] == [cfo.id]
    assert [n.problem_id for n in merged.need_payoffs] == [cfo.id]
    assert ceo.need_payoffs[0].problem_id == ceo.id  # the merged-away problem is untouched


def test_problems_of_different_deals_do_not_merge():
    other = Problem(deal_id="d_other", statement="Something else")
    with pytest.raises(ValueError, match="different deals"):
        merge_problems(problem_from_answer(answer()), other)


def test_a_need_stays_implied_until_a_stakeholder_states_it():
    problem = add_need_payoff(problem_from_answer(answer()), "Ten days off DSO would pay for the project", said_by="cfo")
    assert problem.need_payoffs[0].explicit is False
    stated = state_need(problem, problem.need_payoffs[0].id, "ceo")
    assert stated.need_payoffs[0].explicit is True and stated.need_payoffs[0].said_by == "ceo"
    assert problem.need_payoffs[0].explicit is False
    with pytest.raises(ValueError):
        state_need(problem, "np_unknown", "ceo")


def test_an_amount_needs_a_currency():
    with pytest.raises(ValueError, match="currency"):
        add_implication(problem_from_answer(answer()), "Costs money", amount=100)


@pytest.mark.parametrize(("period", "expected"), [("month", 12_000), ("quarter", 4_000), ("year", 1_000), ("one_off", None), (None, None)])
def test_amounts_become_yearly_figures(period, expected):
    assert per_year(1_000, period) == expected


def test_cost_of_inaction_rolls_up_per_year_with_one_offs_listed_apart():
    story = acme_buying_group()
    story.problem("rekey", "Orders keyed in twice", raised_by="ops")
    story.implication("rekey", "Temps in peak season", 9000, "EUR", "month")
    story.implication("rekey", "Credit notes", 15000, "EUR", "quarter")
    story.implication("rekey", "Lost chain contract", 3_000_000, "EUR", "year")
    story.implication("rekey", "Re-training after the last migration", 20000, "EUR", "one_off")
    story.implication("rekey", "Someone is unhappy")  # no number: counted as an implication, not in money
    story.need("rekey", "Sign both chains this spring", said_by="ceo", amount=250000, currency="EUR", period="year")
    summary = problem_summary(story.record())
    row = summary.problems[0]
    assert row.cost_of_inaction == {"EUR": 9000 * 12 + 15000 * 4 + 3_000_000}
    assert row.cost_one_off == {"EUR": 20000}
    assert row.value_of_solving == {"EUR": 250000}
    assert row.implications == 5 and row.quantified_implications == 4
    assert summary.cost_of_inaction == {"EUR": 3_168_000}
    assert summary.mixed_currencies is False


def test_three_currencies_are_kept_apart_and_flagged_never_added():
    story = acme_buying_group()
    story.problem("a", "Slow orders", raised_by="ops")
    story.problem("b", "Late invoices", raised_by="cfo")
    story.implication("a", "Temps", 1000, "EUR", "month")
    story.implication("a", "US depot overtime", 500, "USD", "month")
    story.implication("b", "Moscow office penalties", 100000, "RUB", "quarter")
    story.implication("b", "More temps", 2000, "EUR", "year")
    summary = problem_summary(story.record())
    assert summary.cost_of_inaction == {"EUR": 14000, "RUB": 400000, "USD": 6000}
    assert summary.currencies == ["EUR", "RUB", "USD"]
    assert summary.mixed_currencies is True


def test_progress_follows_spin_from_stated_problem_to_explicit_need():
    story = acme_buying_group()
    for key in "abcde":
        story.problem(key, f"Problem {key}", raised_by="ops")
    story.implication("b", "Hurts")
    story.implication("c", "Costs", 10, "EUR", "month")
    story.implication("d", "Costs", 10, "EUR", "month")
    story.need("d", "Would be nice")
    story.need("e", "We need this fixed", said_by="ceo", explicit=True)
    progress = [row.progress for row in problem_summary(story.record()).problems]
    assert progress == ["stated", "implications", "quantified", "payoff", "explicit_need"]


def test_no_problems_give_empty_totals():
    summary = problem_summary(acme_buying_group().record())
    assert summary.problems == [] and summary.cost_of_inaction == {} and summary.currencies == []
