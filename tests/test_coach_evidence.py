"""One record of what was said: a stakeholder's words typed in meeting mode are evidence exactly
like an answer typed under a bank question — coverage, next questions, the call plan, the
proposal and review all see them; only the seller's own questions are counted as questions."""

from __future__ import annotations

from datetime import date

from test_coach_builders import acme_buying_group, story_banks

from spin_coach.banks import BankSet
from spin_coach.coach import coverage, meeting_stage_counts, next_questions, review, statements
from spin_coach.coach.index import DealIndex
from spin_coach.models import BankInfo, ServiceCatalog
from spin_coach.proposal.context import build_proposal_context
from spin_coach.proposal.documents import render_plan, render_proposal

DAY = date(2026, 3, 20)
NO_OFFERS = ServiceCatalog(catalog=BankInfo(id="none"))

CFO_SAID = [
    ("situation", "We invoice in a weekly batch out of SAP."),
    ("situation", "Two people in credit control, one in Poland."),
    ("situation", "The board reviews DSO every month."),
    ("situation", "We pay suppliers at 30 days."),
    ("problem", "Invoices go out four days after the goods."),
    ("problem", "Disputes take weeks because nobody sees the delivery note."),
]


def cfo_meeting():
    """The seller meets the CFO and types what he says, attributed to him and tagged S or P; nothing else."""
    story = acme_buying_group()
    story.meeting("m1", "cfo")
    for stage, text in CFO_SAID:
        story.noted(text, who="cfo", stage=stage, meeting="m1")
    story.noted("He seemed in a hurry", who="cfo", meeting="m1")  # attributed but untagged: not evidence
    story.noted("Send him the DSO benchmark", meeting="m1")  # a plain note
    return story


def test_the_cfos_meeting_lines_tagged_s_and_p_count_in_his_coverage():
    cfo = next(r for r in coverage(cfo_meeting().record(), story_banks()).stakeholders if r.stakeholder_id == "cfo")
    assert (cfo.stages["situation"].asked, cfo.stages["situation"].answered) == (4, 4)
    assert (cfo.stages["problem"].asked, cfo.stages["problem"].answered) == (2, 2)
    assert cfo.met and cfo.asked == 6 and cfo.answered == 6


def test_the_cfos_meeting_lines_appear_in_his_call_plan_under_what_we_know():
    record = cfo_meeting().record()
    text = render_plan(record, story_banks(), fmt="md", lang="en", stakeholder_id="cfo", today=DAY)
    known = text[text.index("### What we already know") : text.index("### Open problems")]
    assert "Nothing yet: this is the first conversation." not in known
    assert "- P: “Invoices go out four days after the goods.”" in known
    assert "- S: “We pay suppliers at 30 days.”" in known
    assert "He seemed in a hurry" not in known and "DSO benchmark" not in known


def test_the_cfos_situation_lines_appear_in_the_proposals_situation_section_with_his_name():
    record = cfo_meeting().record()
    ctx = build_proposal_context(record, story_banks(), lang="en", catalog=NO_OFFERS, today=DAY)
    assert [s.text for s in ctx.situation] == [text for stage, text in CFO_SAID if stage == "situation"]
    assert all(s.said_by and s.said_by.name == "Marcus Lee" for s in ctx.situation)
    assert ctx.counts.answers == 6
    text = render_proposal(record, story_banks(), fmt="md", lang="en", catalog=NO_OFFERS, today=DAY)
    assert "- “We invoice in a weekly batch out of SAP.” — Marcus Lee" in text
    assert "Nothing recorded yet." not in text


def test_what_the_cfo_said_is_not_counted_as_the_sellers_questions_but_the_sellers_question_lines_are():
    story = cfo_meeting()
    record = story.record()
    assert sum(meeting_stage_counts(record, "m1").values()) == 0
    story.noted("How long does a dispute take?", who="cfo", stage="problem", meeting="m1", kind="question")
    story.noted("What does the late cash cost you?", stage="implication", meeting="m1", kind="question")
    assert meeting_stage_counts(story.record(), "m1") == {"situation": 0, "problem": 1, "implication": 1, "need_payoff": 0}


def test_review_json_counts_the_sellers_questions_of_the_meeting_judged():
    story = cfo_meeting()
    story.noted("How long does a dispute take?", who="cfo", stage="problem", meeting="m1", kind="question")
    story.meeting("m2", "ceo")
    story.said("ceo", "situation", "Growth of 15% next year.", meeting="m2")
    record = story.record()
    data = review(record, story_banks(), meeting_id="m1").model_dump(mode="json")
    assert data["meeting"] == {
        "meeting_id": "m1",
        "questions": {"situation": 0, "problem": 1, "implication": 0, "need_payoff": 0},
        "total": 1,
    }
    latest = review(record, story_banks()).model_dump(mode="json")["meeting"]
    assert latest["meeting_id"] == "m2" and latest["total"] == 1
    assert review(acme_buying_group().record(), story_banks()).meeting is None


def test_a_question_line_and_the_answer_typed_under_it_are_one_question_asked_and_answered():
    story = acme_buying_group()
    story.meeting("m1", "cfo")
    story.noted("How do you invoice today?", who="cfo", stage="situation", meeting="m1", kind="question")
    story.noted("Weekly batch out of SAP.", who="cfo", meeting="m1")  # untagged: the question's stage carries over
    story.noted("And who chases late payers?", who="cfo", stage="situation", meeting="m1", kind="question")
    record = story.record()
    [said] = statements(record)
    assert (said.stage, said.question_text, said.source) == ("situation", "How do you invoice today?", "line")
    cfo = next(r for r in coverage(record, story_banks()).stakeholders if r.stakeholder_id == "cfo")
    # Two questions put to him, one answered: the answer is not a third question.
    assert (cfo.stages["situation"].asked, cfo.stages["situation"].answered) == (2, 1)
    assert meeting_stage_counts(record, "m1")["situation"] == 2


def test_answers_and_lines_come_back_as_one_list_in_the_order_they_were_said():
    story = acme_buying_group()
    story.meeting("m1", "ops")
    first = story.said("ops", "situation", "Orders come by e-mail.", question="gen.s.process", meeting="m1")
    second = story.noted("Backlog of two days in peak", who="ops", stage="problem", meeting="m1")
    third = story.said("ops", "implication", "Temps cost 9,000 a month.", meeting="m1")
    said = statements(story.record())
    assert [s.id for s in said] == [first, second, third]
    assert [s.source for s in said] == ["answer", "line", "answer"]
    assert said[0].question_id == "gen.s.process" and said[1].question_id is None


def test_follow_ups_come_only_from_what_was_said_under_a_bank_question():
    story = acme_buying_group()
    story.meeting("m1", "ops")
    story.noted("We type every web order in twice", who="ops", stage="problem", meeting="m1")
    banks: BankSet = story_banks()
    assert not any(q.is_follow_up for q in next_questions(story.record(), banks, "ops"))
    story.said("ops", "problem", "We type every web order in twice.", question="gen.p.difficulty", meeting="m1")
    assert next_questions(story.record(), banks, "ops")[0].question_id == "gen.i.cost"


def test_a_problem_promoted_from_the_cfos_line_is_one_of_his_problems():
    story = cfo_meeting()
    story.problem("late", "Invoices go out four days late")
    record = story.record()
    line = next(n for n in record.notes if n.text.startswith("Invoices go out"))
    line.promoted_to = "late"
    index = DealIndex(record, story_banks())
    assert [p.id for p in index.problems_of("cfo")] == ["late"]
    assert index.problems_of("ceo") == []


def test_questions_the_seller_did_not_tag_still_count_toward_the_11_to_14():
    """The seller types eleven questions in a call and tags none: the call is near its peak all the same."""
    from spin_coach.actions import DealActions
    from spin_coach.banks import load_banks
    from spin_coach.coach import meeting_question_count, meeting_stage_counts, review
    from spin_coach.models import Meeting, Note, Stakeholder
    from spin_coach.store import Store

    store = Store.open(":memory:")
    actions = DealActions(store)
    deal = actions.create_deal(title="Polmar", account="Polmar Logistics")
    cfo = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", role="finance"))
    meeting = Meeting(deal_id=deal.id, attendees=[cfo.id])
    asked = [Note(deal_id=deal.id, meeting_id=meeting.id, text=f"Question {n}?") for n in range(11)]
    said = [Note(deal_id=deal.id, meeting_id=meeting.id, text="twelve days", stakeholder_id=cfo.id)]
    actions.save_meeting(meeting, [*asked, *said])
    record = store.record(deal.id)
    assert all(n.kind == "question" for n in record.notes if n.stakeholder_id is None)
    assert sum(meeting_stage_counts(record, meeting.id).values()) == 0
    assert meeting_question_count(record, meeting.id) == 11
    result = review(record, load_banks(), meeting_id=meeting.id)
    assert result.meeting.total == 11
    assert "near_question_peak" in {n.kind for n in result.nudges}
    store.close()
