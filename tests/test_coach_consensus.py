"""Consensus: which key stakeholders hold each problem; shared understanding needs them all, in numbers."""

from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.coach import consensus


def test_ceo_and_cfo_agree_on_a_costed_problem_so_shared_problem_understanding_is_reached():
    story = acme_buying_group()
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["ceo", "cfo"])
    story.implication("rekey", "Temps in peak", 9000, "EUR", "month")
    result = consensus(story.record(), story_banks())
    assert result.shared_problem_understanding is True
    assert result.agreed_problems == ["rekey"]
    assert result.alignment == 1.0
    row = result.problems[0]
    assert row.key_confirmed == ["ceo", "cfo"] and row.key_missing == []
    assert row.believers == ["ops", "ceo", "cfo"]


def test_agreement_without_a_number_is_not_yet_shared_understanding():
    story = acme_buying_group()
    story.problem("rekey", "Orders keyed in twice", raised_by="ceo", confirmed_by=["cfo"])
    story.implication("rekey", "The team is exhausted")
    result = consensus(story.record(), story_banks())
    assert result.problems[0].all_key_agree is True
    assert result.shared_problem_understanding is False
    assert result.agreed_problems == []


def test_a_problem_only_the_cfo_holds_leaves_the_ceo_missing_and_alignment_at_half():
    story = acme_buying_group()
    story.problem("dso", "Invoices four days late", raised_by="cfo")
    story.implication("dso", "Working capital", 48000, "EUR", "year")
    result = consensus(story.record(), story_banks())
    assert result.problems[0].key_missing == ["ceo"]
    assert result.alignment == 0.5
    assert result.key_engaged == 0.5
    assert result.shared_problem_understanding is False


def test_the_best_supported_problem_sets_the_alignment_figure():
    story = acme_buying_group()
    story.problem("a", "Slow orders", raised_by="ops")
    story.problem("b", "Late invoices", raised_by="cfo", confirmed_by=["ceo"])
    story.problem("c", "Integration fails", raised_by="it")
    result = consensus(story.record(), story_banks())
    assert [row.share for row in result.problems] == [0.0, 1.0, 0.0]
    assert result.alignment == 1.0


def test_users_agreeing_among_themselves_do_not_make_a_consensus():
    story = acme_buying_group()
    story.problem("a", "Slow orders", raised_by="ops", confirmed_by=["it"])
    story.implication("a", "Temps", 9000, "EUR", "month")
    result = consensus(story.record(), story_banks())
    assert result.problems[0].key_confirmed == []
    assert result.alignment == 0.0 and result.shared_problem_understanding is False


def test_who_counts_as_key_decision_makers_key_roles_and_the_budget_holder():
    story = DealStory()
    story.person("coo", "Olga Ivanova", "end_user", influence="decision_maker")  # marked on the deal
    story.person("cfo", "Marcus Lee", "finance")  # the role is key and holds the budget
    story.person("ops", "Tom Becker", "end_user")
    result = consensus(story.record(), story_banks())
    why = {k.stakeholder_id: k.why for k in result.key_stakeholders}
    assert set(why) == {"coo", "cfo"}
    assert why["coo"] == ["decision_maker"]
    assert "budget_holder" in why["cfo"] and "key_role" in why["cfo"]


def test_a_deal_without_people_or_problems_has_no_consensus_and_no_error():
    result = consensus(DealStory().record(), story_banks())
    assert result.alignment == 0.0 and result.key_engaged == 0.0
    assert result.key_stakeholders == [] and result.shared_problem_understanding is False


def test_problems_but_no_decision_maker_on_the_deal_is_never_shared_understanding():
    story = DealStory()
    story.person("ops", "Tom Becker", "end_user")
    story.problem("a", "Slow orders", raised_by="ops")
    story.implication("a", "Temps", 9000, "EUR", "month")
    result = consensus(story.record(), story_banks())
    assert result.problems[0].all_key_agree is False
    assert result.shared_problem_understanding is False
