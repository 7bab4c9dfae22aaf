"""Readiness for a proposal: a checklist with reasons the seller can act on."""

from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.coach import readiness


def items(result):
    return {item.id: item for item in result.items}


def ready_story():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "cfo", "it", "ops")
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["ceo", "cfo"])
    story.implication("rekey", "Temps in peak", 9000, "EUR", "month", stated_by="ops")
    story.need("rekey", "We would sign both chains this spring", said_by="ceo", explicit=True)
    return story


def test_a_deal_where_ceo_and_cfo_agree_a_costed_problem_and_the_ceo_states_the_payoff_is_ready():
    result = readiness(ready_story().record(), story_banks())
    assert result.ready is True
    checks = items(result)
    assert all(item.ok for item in result.items)
    assert "EUR\u00a0108,000 a year" in checks["quantified_implication"].reason
    assert "Helen Park" in checks["need_payoff_from_decision_maker"].reason


def test_a_payoff_only_the_dispatcher_stated_is_not_enough():
    story = ready_story()
    story.problems[0].need_payoffs.clear()
    story.need("rekey", "My team could handle peak without temps", said_by="ops", explicit=True)
    result = readiness(story.record(), story_banks())
    assert result.ready is False
    check = items(result)["need_payoff_from_decision_maker"]
    assert not check.ok and "need-payoff question" in check.reason


def test_a_new_deal_is_not_ready_and_every_reason_says_what_to_do():
    story = DealStory()
    story.person("ops", "Tom Becker", "end_user")
    result = readiness(story.record(), story_banks())
    assert result.ready is False
    checks = items(result)
    assert "who signs off" in checks["decision_maker_met"].reason
    assert "Economic buyer" in checks["key_roles_covered"].reason and "Finance" in checks["key_roles_covered"].reason
    assert not checks["confirmed_problem"].ok and not checks["shared_understanding"].ok


def test_the_technical_buyer_check_advises_but_does_not_block():
    story = ready_story()
    story.meetings[0].attendees.remove("it")
    result = readiness(story.record(), story_banks())
    heard = items(result)["buying_group_heard"]
    assert not heard.ok and not heard.required and "Technical buyer" in heard.reason
    assert result.ready is True


def test_without_the_ceos_confirmation_the_reason_names_her():
    story = ready_story()
    story.problems[0].confirmed_by.remove("ceo")
    result = readiness(story.record(), story_banks())
    shared = items(result)["shared_understanding"]
    assert not shared.ok and "Helen Park" in shared.reason
    assert result.ready is False


def test_an_agreed_problem_without_a_number_asks_to_quantify_it_together():
    story = ready_story()
    story.problems[0].implications.clear()
    checks = items(readiness(story.record(), story_banks()))
    assert not checks["quantified_implication"].ok
    assert "quantify it together" in checks["shared_understanding"].reason


def test_reasons_come_in_russian():
    result = readiness(DealStory().record(), story_banks(), lang="ru")
    assert "ЛПР" in items(result)["decision_maker_met"].reason
