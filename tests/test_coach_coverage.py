"""Coverage: who was asked what per SPIN stage, which roles are missing, who was never met."""

from test_coach_builders import DealStory, acme_buying_group, story_banks

from spin_coach.coach import coverage, meeting_stage_counts


def test_dispatcher_answers_show_up_per_stage_in_the_order_asked():
    story = acme_buying_group()
    story.said("ops", "situation", "Orders come by e-mail.", question="gen.s.process")
    story.said("ops", "situation", "Eleven people.", question="gen.s.scale")
    story.said("ops", "problem", "We type everything twice.", question="gen.p.difficulty")
    result = coverage(story.record(), story_banks())
    ops = next(row for row in result.stakeholders if row.stakeholder_id == "ops")
    assert (ops.stages["situation"].asked, ops.stages["situation"].answered) == (2, 2)
    assert (ops.stages["problem"].asked, ops.stages["problem"].answered) == (1, 1)
    assert ops.stages["implication"].asked == 0 and ops.stages["need_payoff"].asked == 0
    assert ops.question_ids == ["gen.s.process", "gen.s.scale", "gen.p.difficulty"]
    assert result.totals["situation"].answered == 2


def test_what_the_cfo_said_in_a_meeting_counts_as_asked_and_answered_like_an_answer():
    story = acme_buying_group()
    story.meeting("m1", "cfo")
    story.noted("DSO 58 days vs 45 planned", who="cfo", stage="implication", meeting="m1")
    story.noted("Send the NDA", meeting="m1")  # untagged, unattributed: neither said nor asked
    cfo = next(r for r in coverage(story.record(), story_banks()).stakeholders if r.stakeholder_id == "cfo")
    assert (cfo.stages["implication"].asked, cfo.stages["implication"].answered) == (1, 1)
    assert cfo.asked == 1 and cfo.answered == 1


def test_seller_who_only_knows_the_dispatcher_is_told_the_economic_buyer_and_budget_holder_are_missing_first():
    story = DealStory()
    story.person("ops", "Tom Becker", "end_user")
    missing = coverage(story.record(), story_banks()).missing_roles
    ids = [m.role for m in missing]
    assert ids[:2] == ["economic_buyer", "finance"]
    assert all(m.key for m in missing[:2])
    assert "technical_buyer" in ids and "end_user" not in ids
    technical = next(m for m in missing if m.role == "technical_buyer")
    assert technical.essential and not technical.key
    champion = next(m for m in missing if m.role == "champion")
    assert not champion.essential


def test_cfo_who_never_attended_and_said_nothing_is_never_met_while_a_silent_attendee_was_met():
    story = acme_buying_group()
    story.meeting("m1", "ceo", "it")
    story.said("ops", "situation", "Orders come by e-mail.", question="gen.s.process")
    result = coverage(story.record(), story_banks())
    assert result.never_met == ["cfo"]
    met = {r.stakeholder_id: r.met for r in result.stakeholders}
    assert met == {"ceo": True, "cfo": False, "it": True, "ops": True}


def test_someone_quoted_in_a_note_has_been_met():
    story = acme_buying_group()
    story.noted("Board wants 15% growth", who="ceo", stage="situation")
    assert "ceo" not in coverage(story.record(), story_banks()).never_met


def test_meeting_stage_counts_take_answers_and_question_lines_of_that_meeting_only():
    story = acme_buying_group()
    story.meeting("m1", "ops")
    story.meeting("m2", "cfo")
    story.said("ops", "situation", "Orders come by e-mail.", meeting="m1")
    story.said("ops", "problem", "We type everything twice.", meeting="m1")
    story.noted("How long is the backlog in peak?", who="ops", stage="problem", meeting="m1", kind="question")  # the seller's question
    story.noted("Backlog two days in peak", who="ops", stage="problem", meeting="m1")  # what he said: not a question
    story.noted("Coffee was good", meeting="m1")
    story.said("cfo", "implication", "60,000 a year.", meeting="m2")
    record = story.record()
    assert meeting_stage_counts(record, "m1") == {"situation": 1, "problem": 2, "implication": 0, "need_payoff": 0}
    assert meeting_stage_counts(record, "m2") == {"situation": 0, "problem": 0, "implication": 1, "need_payoff": 0}
    assert meeting_stage_counts(record, "no-such-meeting") == {"situation": 0, "problem": 0, "implication": 0, "need_payoff": 0}


def test_a_brand_new_deal_has_empty_coverage_and_every_role_missing():
    result = coverage(DealStory().record(), story_banks())
    assert result.stakeholders == [] and result.never_met == []
    assert len(result.missing_roles) == 6
    assert all(c.asked == 0 for c in result.totals.values())


def test_role_labels_follow_the_sellers_language():
    story = acme_buying_group()
    ru = coverage(story.record(), story_banks(), lang="ru")
    assert ru.stakeholders[0].role_label == "Экономический покупатель"
