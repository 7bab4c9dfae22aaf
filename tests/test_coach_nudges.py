"""Live nudges: each says what the seller should notice and what to do next."""

from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.coach import nudges


def kinds(result):
    return [n.kind for n in result]


def one(result, kind):
    found = [n for n in result if n.kind == kind]
    assert len(found) == 1, kinds(result)
    return found[0]


def meeting_with(story, stages, meeting="m1"):
    story.meeting(meeting, "ops", "it")
    for n, stage in enumerate(stages):
        story.said("ops" if n % 2 else "it", stage, f"answer {n}", meeting=meeting)
    return story


def test_situation_questions_dominating_the_meeting_get_a_warning_to_research_and_move_on():
    story = meeting_with(acme_buying_group(), ["situation"] * 4 + ["problem"])
    nudge = one(nudges(story.record(), story_banks()), "situation_heavy")
    assert nudge.severity == "warn"
    assert "4 of the 5" in nudge.message and "Rackham" in nudge.message
    assert "before the call" in nudge.action


def test_a_meeting_that_moves_on_to_problems_and_implications_gets_no_situation_warning():
    story = meeting_with(acme_buying_group(), ["situation", "situation", "problem", "implication", "need_payoff"])
    assert "situation_heavy" not in kinds(nudges(story.record(), story_banks()))


def test_fifteen_questions_in_one_meeting_is_too_many_and_the_seller_should_sum_up():
    story = meeting_with(acme_buying_group(), ["problem", "implication", "need_payoff"] * 5)
    nudge = one(nudges(story.record(), story_banks()), "too_many_questions")
    assert nudge.severity == "warn" and "15 questions" in nudge.message and "11–14" in nudge.message
    assert "sum up" in nudge.action


def test_twelve_questions_is_the_peak_range_worth_a_gentle_note_and_ten_is_fine():
    twelve = meeting_with(acme_buying_group(), ["problem", "implication"] * 6)
    assert one(nudges(twelve.record(), story_banks()), "near_question_peak").severity == "info"
    ten = meeting_with(acme_buying_group(), ["problem", "implication"] * 5)
    assert not {"near_question_peak", "too_many_questions"} & set(kinds(nudges(ten.record(), story_banks())))


def test_question_lines_count_towards_the_questions_of_a_meeting_but_what_the_client_said_does_not():
    story = meeting_with(acme_buying_group(), ["problem", "implication"] * 5)
    for _ in range(5):
        story.noted("He kept talking about the backlog", who="ops", stage="problem", meeting="m1")
    assert not {"near_question_peak", "too_many_questions"} & set(kinds(nudges(story.record(), story_banks())))
    for _ in range(5):
        story.noted("And what does the backlog cost?", who="ops", stage="implication", meeting="m1", kind="question")
    assert "too_many_questions" in kinds(nudges(story.record(), story_banks()))


def test_meeting_rules_look_at_the_meeting_asked_for_else_the_latest_one():
    story = meeting_with(acme_buying_group(), ["situation"] * 5, meeting="m1")
    story.meeting("m2", "cfo")
    story.said("cfo", "problem", "Late invoices", meeting="m2")
    assert "situation_heavy" not in kinds(nudges(story.record(), story_banks()))  # latest is m2
    assert "situation_heavy" in kinds(nudges(story.record(), story_banks(), meeting_id="m1"))
    assert "situation_heavy" not in kinds(nudges(story.record(), story_banks(), meeting_id="nope"))


def test_without_any_meeting_the_situation_mix_is_judged_across_the_deal():
    story = acme_buying_group()
    for n in range(4):
        story.said("ops", "situation", f"fact {n}")
    nudge = one(nudges(story.record(), story_banks()), "situation_heavy")
    assert "so far" in nudge.message


def test_economic_buyer_has_confirmed_nothing_so_the_seller_is_nudged_to_ask_the_ceo_about_the_top_problem():
    story = acme_buying_group()
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["cfo"])
    story.problem("minor", "Printer jams", raised_by="it")
    nudge = one(nudges(story.record(), story_banks()), "economic_buyer_no_problem")
    assert nudge.severity == "warn"
    assert nudge.stakeholder_id == "ceo" and nudge.problem_id == "rekey"
    assert "Helen Park" in nudge.message and "Orders keyed in twice" in nudge.action


def test_with_no_problem_recorded_the_ceo_gets_a_problem_question_to_start_with():
    nudge = one(nudges(acme_buying_group().record(), story_banks()), "economic_buyer_no_problem")
    assert "problem question" in nudge.action and nudge.problem_id is None


def test_once_the_ceo_holds_a_problem_the_nudge_goes_away():
    story = acme_buying_group()
    story.problem("rekey", "Orders keyed in twice", raised_by="ops", confirmed_by=["ceo"])
    assert "economic_buyer_no_problem" not in kinds(nudges(story.record(), story_banks()))


def test_no_economic_buyer_on_the_deal_is_a_missing_key_role():
    story = DealStory()
    story.person("ops", "Tom Becker", "end_user")
    result = nudges(story.record(), story_banks())
    missing = [n.message for n in result if n.kind == "missing_key_role"]
    assert any("Economic buyer" in m for m in missing) and any("Finance" in m for m in missing)
    assert any(n.kind == "missing_role" and "Technical buyer" in n.message for n in result)


def test_a_problem_left_without_implications_asks_the_person_who_raised_it_what_it_costs():
    story = acme_buying_group()
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    nudge = one(nudges(story.record(), story_banks()), "problem_without_implication")
    assert nudge.severity == "warn" and nudge.stakeholder_id == "cfo" and nudge.problem_id == "dso"
    assert "Marcus Lee" in nudge.action and "cost" in nudge.action


def test_implications_without_a_need_payoff_call_for_a_need_payoff_question():
    story = acme_buying_group()
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    story.implication("dso", "Working capital", 48000, "EUR", "year")
    result = nudges(story.record(), story_banks())
    nudge = one(result, "implication_without_payoff")
    assert "If this were solved" in nudge.action
    assert "implication_not_quantified" not in kinds(result)


def test_implications_without_a_number_ask_for_one():
    story = acme_buying_group()
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    story.implication("dso", "Cash is tight")
    assert "per month or per year" in one(nudges(story.record(), story_banks()), "implication_not_quantified").action


def test_a_need_nobody_has_stated_stays_implied_and_the_seller_is_told_to_let_them_say_it():
    story = acme_buying_group()
    story.problem("dso", "Invoices four days late", raised_by="cfo", confirmed_by=["ceo"])
    story.implication("dso", "Working capital", 48000, "EUR", "year")
    story.need("dso", "Faster cash would fund the depot", said_by="cfo")
    assert one(nudges(story.record(), story_banks()), "need_implied").stakeholder_id == "cfo"
    story.problems[0].need_payoffs[0].explicit = True
    assert "need_implied" not in kinds(nudges(story.record(), story_banks()))


def test_a_problem_only_it_believes_in_should_be_checked_with_a_decision_maker():
    story = acme_buying_group()
    story.problem("csv", "Nightly export fails", raised_by="it")
    nudge = one(nudges(story.record(), story_banks()), "single_believer")
    assert nudge.stakeholder_id == "ceo"
    assert "Priya Nair" in nudge.message and "Helen Park" in nudge.action


def test_never_met_people_are_listed_with_a_decision_maker_suggested_first():
    story = acme_buying_group()
    story.meeting("m1", "it", "ops")
    nudge = one(nudges(story.record(), story_banks()), "never_met")
    assert "Helen Park" in nudge.message and "Marcus Lee" in nudge.message
    assert nudge.stakeholder_id == "ceo"


def test_warnings_come_before_information_and_every_nudge_says_what_to_do():
    story = meeting_with(acme_buying_group(), ["situation"] * 16)
    story.problem("csv", "Nightly export fails", raised_by="it")
    for lang in ("en", "ru"):
        result = nudges(story.record(), story_banks(), lang=lang)
        severities = [n.severity for n in result]
        assert severities == sorted(severities, key=lambda s: s != "warn")
        assert result[0].kind == "too_many_questions"
        for nudge in result:
            assert nudge.action and not nudge.action.startswith("coach.") and not nudge.message.startswith("coach.")


def test_an_empty_deal_gets_role_nudges_and_nothing_breaks():
    result = nudges(DealStory().record(), story_banks())
    assert {"missing_key_role", "missing_role"} >= set(kinds(result))
