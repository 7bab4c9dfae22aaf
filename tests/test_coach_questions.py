"""Next best question: follow-ups first, then the SPIN progression, never a repeat."""

from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.coach import next_questions


def ids(questions):
    return [q.question_id for q in questions]


def test_dispatcher_who_named_a_difficulty_is_asked_what_it_costs_first_and_told_why():
    story = acme_buying_group()
    story.said("ops", "situation", "Orders come by e-mail.", question="gen.s.process")
    story.said("ops", "problem", "We type every web order in twice.", question="gen.p.difficulty")
    first = next_questions(story.record(), story_banks(), "ops")[0]
    assert first.question_id == "gen.i.cost"
    assert first.is_follow_up
    assert "Tom Becker" in first.reason and "We type every web order in twice" in first.reason


def test_a_question_already_asked_of_the_person_is_never_offered_again():
    story = acme_buying_group()
    for qid, stage in [("gen.s.process", "situation"), ("gen.p.difficulty", "problem"), ("gen.i.cost", "implication"), ("gen.n.worth", "need_payoff")]:
        story.said("ops", stage, "an answer", question=qid)
    offered = ids(next_questions(story.record(), story_banks(), "ops", limit=50))
    assert not {"gen.s.process", "gen.p.difficulty", "gen.i.cost", "gen.n.worth"} & set(offered)
    assert offered  # there is still something to ask


def test_first_call_with_the_ceo_opens_with_a_little_context_and_leaves_researchable_facts_for_last():
    story = acme_buying_group()
    questions = next_questions(story.record(), story_banks(), "ceo", limit=20)
    situation = [q for q in questions if q.stage == "situation"]
    assert [q.stage for q in questions[:3]] == ["situation", "situation", "problem"]
    assert situation[-1].research and not situation[0].research
    assert "look this up before the call" in situation[-1].reason


def test_after_two_situation_questions_the_ceo_gets_her_own_problem_question_before_the_general_one():
    story = acme_buying_group()
    story.said("ceo", "situation", "Growth of 15%.", question="gen.s.process")
    story.said("ceo", "situation", "Three depots.", question="gen.s.tools")
    questions = next_questions(story.record(), story_banks(), "ceo", limit=20)
    assert questions[0].stage == "problem"
    assert questions[0].question_id == "eb.p.blockers" and questions[0].role_specific
    assert ids(questions).index("eb.p.blockers") < ids(questions).index("gen.p.difficulty")
    assert "Enough context" in questions[0].reason
    # situation questions are not gone, only last
    assert questions[-1].stage == "situation"


def test_a_problem_without_implications_calls_for_implication_questions_about_that_problem():
    story = acme_buying_group()
    story.said("cfo", "situation", "Weekly invoicing batch.", question="gen.s.process")
    story.said("cfo", "situation", "SAP.", question="gen.s.tools")
    story.problem("dso", "Invoices go out four days late", raised_by="cfo")
    first = next_questions(story.record(), story_banks(), "cfo")[0]
    assert first.stage == "implication"
    assert first.problem_id == "dso"
    assert "Invoices go out four days late" in first.reason


def test_a_quantified_implication_calls_for_a_need_payoff_question_that_names_the_cost():
    story = acme_buying_group()
    story.problem("dso", "Invoices go out four days late", raised_by="cfo")
    story.implication("dso", "Working capital tied up", 4000, "EUR", "month", stated_by="cfo")
    first = next_questions(story.record(), story_banks(), "cfo")[0]
    assert first.stage == "need_payoff"
    assert "EUR\u00a048,000 a year" in first.reason


def test_answers_alone_drive_the_progression_before_the_problem_definition_is_written():
    story = acme_buying_group()
    story.said("it", "problem", "The CSV export fails at month-end.")  # ad hoc, no follow-ups
    first = next_questions(story.record(), story_banks(), "it")[0]
    assert first.stage == "implication"


def test_a_fact_the_dispatcher_already_gave_is_not_asked_again_of_the_cfo():
    story = acme_buying_group()
    story.said("ops", "situation", "Eleven people on the desk.", question="gen.s.scale")
    offered = ids(next_questions(story.record(), story_banks(), "cfo", limit=50))
    assert "gen.s.scale" not in offered
    assert "gen.s.process" in offered


def test_a_deal_in_solution_review_never_jumps_ahead_to_specification_questions():
    story = acme_buying_group(DealStory(journey="solution_review"))
    story.said("it", "situation", "On-premise ERP.", question="gen.s.process")
    story.said("it", "situation", "SAP and a web shop.", question="gen.s.tools")
    questions = next_questions(story.record(), story_banks(), "it", limit=50)
    assert "tr.s.spec" not in ids(questions)
    assert questions[0].question_id == "sr.p.references"


def test_in_shared_problem_understanding_solution_review_questions_wait():
    story = acme_buying_group()
    assert "sr.p.references" not in ids(next_questions(story.record(), story_banks(), "it", limit=50))


def test_follow_ups_of_this_meeting_come_before_older_ones():
    story = acme_buying_group()
    story.meeting("m1", "ceo")
    story.meeting("m2", "ceo")
    story.said("ceo", "problem", "The order desk would collapse.", question="eb.p.blockers", meeting="m2")
    story.said("ceo", "problem", "Errors everywhere.", question="gen.p.difficulty", meeting="m1")
    questions = next_questions(story.record(), story_banks(), "ceo", meeting_id="m2")
    assert ids(questions)[:2] == ["eb.i.margin", "gen.i.cost"]
    assert all(q.is_follow_up for q in questions[:2])
    latest_first = next_questions(story.record(), story_banks(), "ceo")
    assert ids(latest_first)[:2] == ["gen.i.cost", "eb.i.margin"]


def test_a_follow_up_meant_for_another_role_is_not_offered():
    story = acme_buying_group()
    story.said("ops", "problem", "Desk at capacity.", question="eb.p.blockers")  # asked off-script
    assert "eb.i.margin" not in ids(next_questions(story.record(), story_banks(), "ops", limit=50))


def test_unknown_person_and_zero_limit_give_nothing_rather_than_an_error():
    record = acme_buying_group().record()
    assert next_questions(record, story_banks(), "nobody") == []
    assert next_questions(record, story_banks(), "ceo", limit=0) == []
    assert len(next_questions(record, story_banks(), "ceo", limit=2)) == 2


def test_questions_and_reasons_come_in_russian():
    story = acme_buying_group()
    story.said("ops", "problem", "Всё вводим дважды.", question="gen.p.difficulty")
    first = next_questions(story.record(), story_banks(), "ops", lang="ru")[0]
    assert first.text.startswith("[ru]")
    assert first.reason.startswith("Уточнение")
