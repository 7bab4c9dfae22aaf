"""The whole review of a deal: the demo deal, and the odd deals a seller really has."""

import json

import pytest
from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.banks import load_banks
from spin_coach.coach import Review, next_questions, review
from spin_coach.demo import build_demo

KEYS = {"coverage", "next_questions", "nudges", "problem_definition", "consensus", "readiness", "strategy", "meeting"}


@pytest.fixture(scope="module")
def bundled():
    return load_banks(include_user=False)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def dumped(result: Review) -> dict:
    data = result.model_dump(mode="json")
    json.dumps(data)  # the --json output must serialise
    return data


def test_the_demo_deal_reads_as_a_deal_ready_for_a_proposal_with_a_full_meeting_to_sum_up(bundled):
    record = build_demo("en")
    result = review(record, bundled)
    assert set(dumped(result)) == KEYS
    assert result.consensus.shared_problem_understanding is True
    assert result.readiness.ready is True
    # The latest meeting: 9 questions; the CFO's and the CEO's own words noted there are not questions.
    assert result.meeting.meeting_id == record.meetings[-1].id and result.meeting.total == 9
    assert "near_question_peak" not in [n.kind for n in result.nudges]
    first = review(record, bundled, meeting_id=record.meetings[0].id)
    assert first.meeting.total == 12 and "near_question_peak" in [n.kind for n in first.nudges]
    assert result.problem_definition.cost_of_inaction["EUR"] > 3_000_000
    assert result.strategy.closing_tactic.tactic == "turnkey"
    assert len(result.next_questions) == 5


def test_the_russian_demo_reviewed_in_russian_has_no_untranslated_message(bundled):
    data = dumped(review(build_demo("ru"), bundled, lang="ru"))
    texts = list(strings(data))
    assert not [s for s in texts if s.startswith("coach.")]
    assert any("ЛПР" in s or "Общее понимание" in s for s in texts)


def test_a_deal_with_no_stakeholders_gets_a_review_that_says_who_to_find():
    result = review(DealStory().record(), story_banks())
    data = dumped(result)
    assert set(data) == KEYS
    assert data["next_questions"] == [] and data["coverage"]["stakeholders"] == []
    assert result.readiness.ready is False
    assert "missing_key_role" in [n.kind for n in result.nudges]


def test_a_buying_group_nobody_has_talked_to_yet_gets_opening_questions_for_each_person():
    result = review(acme_buying_group().record(), story_banks())
    assert [p.stakeholder_id for p in result.next_questions] == ["ceo", "cfo", "it", "ops"]
    assert all(p.questions and p.questions[0].stage == "situation" for p in result.next_questions)
    assert set(result.coverage.never_met) == {"ceo", "cfo", "it", "ops"}


def test_one_talkative_dispatcher_with_500_answers_still_gets_sensible_coaching():
    story = acme_buying_group()
    story.meeting("m1", "ops")
    bank = story_banks()
    ids = list(bank.questions)
    for n in range(500):
        question = bank.questions[ids[n % len(ids)]]
        story.said("ops", question.stage, f"answer {n}", question=question.id if n < len(ids) else None, meeting="m1")
    record = story.record()
    result = review(record, bank)
    ops = next(r for r in result.coverage.stakeholders if r.stakeholder_id == "ops")
    assert ops.answered == 500
    assert "too_many_questions" in [n.kind for n in result.nudges]
    asked = set(ops.question_ids)
    assert not asked & {q.question_id for q in next_questions(record, bank, "ops", limit=50)}


def test_amounts_in_three_currencies_are_reviewed_side_by_side():
    story = acme_buying_group()
    story.problem("a", "Slow orders", raised_by="ops", confirmed_by=["ceo", "cfo"])
    story.implication("a", "Temps", 1000, "EUR", "month")
    story.implication("a", "US overtime", 500, "USD", "month")
    story.implication("a", "Moscow penalties", 100000, "RUB", "quarter")
    result = review(story.record(), story_banks())
    assert result.problem_definition.cost_of_inaction == {"EUR": 12000, "RUB": 400000, "USD": 6000}
    assert result.problem_definition.mixed_currencies
    reason = result.strategy.closing_tactic.reason
    assert "EUR" in reason and "USD" in reason and "RUB" in reason


def test_a_review_never_changes_the_record_it_reads():
    record = acme_buying_group().record()
    before = record.model_dump_json()
    review(record, story_banks())
    assert record.model_dump_json() == before


def test_stakeholders_with_a_role_no_bank_knows_are_reviewed_with_general_questions():
    story = DealStory()
    story.person("x", "Xavier", "board_observer")
    result = review(story.record(), story_banks())
    assert result.coverage.stakeholders[0].role_label == "board_observer"
    assert result.next_questions[0].questions and not any(q.role_specific for q in result.next_questions[0].questions)
