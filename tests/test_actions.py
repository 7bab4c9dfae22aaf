"""The write layer: every seller action validates, writes in one transaction and announces itself once."""

from __future__ import annotations

import pytest

from spin_coach.actions import ActionRefused, Change, DealActions
from spin_coach.amounts import parse_amount
from spin_coach.demo import add_demo
from spin_coach.models import AccountScore, Meeting, Note, Stakeholder


@pytest.fixture
def heard(memory_store):
    """The write layer over a fresh store, and the change notices it sent."""
    notices: list[Change] = []
    actions = DealActions(memory_store, [notices.append])
    return actions, notices


def a_deal(actions: DealActions):
    return actions.create_deal(title="Warehouse automation", account="Polmar Logistics", industry="logistics", currency="pln")


def test_a_new_deal_for_a_known_client_reuses_the_client_and_announces_itself_once(heard):
    actions, notices = heard
    first = a_deal(actions)
    second = actions.create_deal(title="Security operations", account="polmar logistics")
    assert first.currency == "PLN"
    assert second.account_id == first.account_id
    assert [(n.action, n.deal_id) for n in notices] == [("create_deal", first.id), ("create_deal", second.id)]


@pytest.mark.parametrize("title, account, why", [("", "Polmar", "title"), ("Deal", "  ", "client")])
def test_a_deal_without_a_title_or_client_is_refused_and_nothing_is_written(heard, title, account, why):
    actions, notices = heard
    with pytest.raises(ActionRefused, match=why):
        actions.create_deal(title=title, account=account)
    assert actions.store.deal_summaries(archived=None) == [] and notices == []


def test_a_bad_currency_is_refused_with_the_field_named_and_nothing_is_half_written(heard):
    actions, notices = heard
    with pytest.raises(ActionRefused, match="currency"):
        actions.create_deal(title="Deal", account="New client Sp. z o.o.", currency="złoty")
    # The client account made on the way was rolled back with the deal.
    assert actions.store.find_account("New client Sp. z o.o.") is None
    assert notices == []


def test_adding_and_removing_a_person_each_announce_one_change_and_raise_the_revision(heard):
    actions, notices = heard
    deal = a_deal(actions)
    before = actions.store.revision(deal.id)
    person = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Katarzyna Wiśniewska", role="finance"))
    assert notices[-1].action == "add_stakeholder" and notices[-1].revision == before + 1
    actions.remove_stakeholder(person.id, based_on=notices[-1].revision)
    assert [n.action for n in notices[-2:]] == ["add_stakeholder", "remove_stakeholder"]
    assert notices[-1].based_on == before + 1
    assert actions.store.stakeholders(deal.id) == []


def test_the_record_carries_the_revision_it_was_read_at(heard):
    actions, _ = heard
    deal = a_deal(actions)
    record = actions.store.record(deal.id)
    actions.set_strategy(deal.id, score=AccountScore(relationship="strong", attractiveness="high"), based_on=record.revision)
    assert actions.store.record(deal.id).revision == record.revision + 1
    # The revision is the store's bookkeeping, not part of the deal file.
    assert "revision" not in record.model_dump()


def test_strategy_changes_only_what_was_given_and_none_hands_the_choice_back_to_the_coach(heard):
    actions, _ = heard
    deal = a_deal(actions)
    actions.set_strategy(deal.id, purchase_model="economic", closing_tactic="turnkey", goals={"solution_review": " pilot in one depot ", "onboarding": " "})
    actions.set_strategy(deal.id, closing_tactic=None)
    stored = actions.store.deal(deal.id)
    assert stored.purchase_model == "economic" and stored.closing_tactic is None
    assert stored.goals == {"solution_review": "pilot in one depot"}


def test_an_answer_is_saved_as_it_is_typed_and_emptying_it_removes_it(heard):
    actions, notices = heard
    deal = a_deal(actions)
    cfo = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", role="finance"))
    was = ""
    for text in ("We close", "We close the books in twelve days."):
        actions.save_answer(answer_id="ans_1", deal_id=deal.id, stakeholder_id=cfo.id, stage="situation", text=text, was=was)
        was = text
    assert [a.text for a in actions.store.answers(deal.id)] == ["We close the books in twelve days."]
    assert actions.save_answer(answer_id="ans_1", deal_id=deal.id, stakeholder_id=cfo.id, stage="situation", text="  ", was=was) is None
    assert actions.store.answers(deal.id) == []
    assert [n.action for n in notices].count("save_answer") == 3


def meeting_with_cfo(actions: DealActions):
    deal = a_deal(actions)
    cfo = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", role="finance"))
    meeting = Meeting(deal_id=deal.id, attendees=[cfo.id])
    return deal, cfo, meeting


def test_a_meeting_and_its_lines_are_saved_in_one_commit_with_one_notice(heard):
    actions, notices = heard
    deal, cfo, meeting = meeting_with_cfo(actions)
    lines = [
        Note(deal_id=deal.id, meeting_id=meeting.id, text="How do you close the month today?"),
        Note(deal_id=deal.id, meeting_id=meeting.id, text="Twelve days, mostly by hand", stakeholder_id=cfo.id, stage="situation"),
        Note(deal_id=deal.id, meeting_id=meeting.id, text=""),
    ]
    count = len(notices)
    actions.save_meeting(meeting, lines)
    assert len(notices) == count + 1 and notices[-1].action == "save_meeting"
    stored = actions.store.notes(deal.id, meeting.id)
    assert [(n.kind, n.stakeholder_id) for n in stored] == [("question", None), ("said", cfo.id)]
    actions.save_meeting(meeting, deleted=[stored[0].id])
    assert [n.text for n in actions.store.notes(deal.id, meeting.id)] == ["Twelve days, mostly by hand"]


def test_a_line_of_another_meeting_is_refused_and_nothing_is_saved(heard):
    actions, _ = heard
    deal, cfo, meeting = meeting_with_cfo(actions)
    stray = Note(deal_id=deal.id, meeting_id="m_other", text="not this meeting")
    with pytest.raises(ActionRefused, match="another meeting"):
        actions.save_meeting(meeting, [stray])
    assert actions.store.meetings(deal.id) == []


def test_promoting_the_cfos_line_makes_a_stated_implication_and_marks_the_line(heard):
    actions, notices = heard
    deal, cfo, meeting = meeting_with_cfo(actions)
    said = Note(deal_id=deal.id, meeting_id=meeting.id, text="Late closing costs us 40k PLN a month in penalties", stakeholder_id=cfo.id)
    actions.save_meeting(meeting, [said])
    problem_id = actions.promote_line(said, "problem", "Month-end close takes twelve days")
    implication_id = actions.promote_line(said, "implication", said.text, problem_id=problem_id, amount=parse_amount(said.text))
    problem = actions.store.problem(problem_id)
    assert problem.raised_by == cfo.id
    [implication] = problem.implications
    assert implication.id == implication_id
    assert (implication.evidence, implication.stated_by, implication.amount, implication.currency, implication.period) == (
        "stated", cfo.id, 40000, "PLN", "month")
    line = actions.store.note(said.id)
    assert line.promoted_to == implication_id and line.stage == "problem"
    assert notices[-1].action == "promote_line" and set(notices[-1].ids) == {implication_id, said.id}


def test_a_line_nobody_said_becomes_the_sellers_inference_and_an_implied_need(heard):
    actions, _ = heard
    deal, cfo, meeting = meeting_with_cfo(actions)
    actions.save_meeting(meeting)
    mine = Note(deal_id=deal.id, meeting_id=meeting.id, text="they probably pay overtime every month-end")
    problem_id = actions.promote_line(mine, "problem", "Month-end close takes twelve days")
    actions.promote_line(mine, "implication", "overtime at month-end", problem_id=problem_id)
    actions.promote_line(mine, "need_payoff", "a close in five days", problem_id=problem_id)
    problem = actions.store.problem(problem_id)
    assert problem.implications[0].evidence == "inferred"
    assert problem.need_payoffs[0].explicit is False


def test_promoting_without_text_or_problem_is_refused(heard):
    actions, _ = heard
    deal, cfo, meeting = meeting_with_cfo(actions)
    line = Note(deal_id=deal.id, meeting_id=meeting.id, text="x", stakeholder_id=cfo.id)
    with pytest.raises(ActionRefused, match="write what to add"):
        actions.promote_line(line, "problem", "   ")
    with pytest.raises(ActionRefused, match="problem"):
        actions.promote_line(line, "implication", "it costs", problem_id=None)


def test_the_problem_definition_is_edited_through_the_coachs_pure_edits(heard):
    actions, notices = heard
    deal, cfo, meeting = meeting_with_cfo(actions)
    ceo = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Anna Kowalska", role="economic_buyer"))
    problem = actions.add_problem(deal.id, "  Month-end   close takes twelve days ", raised_by=cfo.id, confirmed_by=[cfo.id])
    assert problem.statement == "Month-end close takes twelve days" and problem.confirmed_by == []
    actions.confirm_problem(problem.id, ceo.id)
    actions.confirm_problem(problem.id, ceo.id)
    assert actions.store.problem(problem.id).confirmed_by == [ceo.id]
    changed = actions.add_implication(problem.id, "penalties", amount=40000, currency="PLN", period="month", stated_by=cfo.id)
    implication = changed.implications[0]
    actions.edit_implication(implication.id, period="quarter")
    assert actions.store.problem(problem.id).implications[0].period == "quarter"
    with pytest.raises(ActionRefused, match="period"):
        actions.edit_implication(implication.id, period="fortnight")
    with pytest.raises(ActionRefused, match="cannot change"):
        actions.edit_implication(implication.id, problem_id="p_other")
    need = actions.add_need_payoff(problem.id, "close in five days", said_by=ceo.id, explicit=True).need_payoffs[0]
    actions.edit_need_payoff(need.id, text="close in four days")
    actions.remove_implication(implication.id)
    problem = actions.store.problem(problem.id)
    assert problem.implications == [] and problem.need_payoffs[0].text == "close in four days"
    actions.withdraw_confirmation(problem.id, ceo.id)
    actions.edit_problem(problem.id, raised_by=ceo.id, confirmed_by=[ceo.id, cfo.id])
    assert actions.store.problem(problem.id).confirmed_by == [cfo.id]
    actions.remove_problem(problem.id)
    assert actions.store.problems(deal.id) == []
    assert all(n.deal_id == deal.id for n in notices)


def test_an_unknown_implication_is_refused_in_words(heard):
    actions, _ = heard
    with pytest.raises(Exception, match="no implication or need-payoff"):
        actions.edit_implication("imp_nowhere", consequence="x")


def test_the_sample_deal_goes_in_once_through_the_write_layer(heard):
    actions, notices = heard
    first = add_demo(actions, "en")
    again = add_demo(actions, "en")
    assert first == again
    assert [n.action for n in notices] == ["import_record"]


def test_archiving_and_deleting_a_deal_announce_themselves(heard):
    actions, notices = heard
    deal = a_deal(actions)
    actions.set_archived(deal.id, True)
    assert actions.store.deal_summaries() == []
    assert actions.store.deal_summaries(archived=None)[0]["archived"] is True
    actions.delete_deal(deal.id)
    assert [n.action for n in notices[-2:]] == ["set_archived", "delete_deal"]
    assert actions.store.deal_summaries(archived=None) == []


def test_listening_can_stop(heard):
    actions, notices = heard
    seen: list[Change] = []
    stop = actions.listen(seen.append)
    a_deal(actions)
    stop()
    a_deal(actions)
    assert len(seen) == 1 and len(notices) == 2


def test_an_edit_writes_only_the_fields_the_caller_changed_and_a_clash_is_a_refusal(heard):
    from spin_coach.actions import Conflict

    actions, notices = heard
    deal = a_deal(actions)
    cfo = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", role="finance", notes="Numbers first."))
    seen = actions.store.stakeholder(cfo.id)
    # the form hands back every field; only the changed one (attitude) is the caller's change
    actions.edit_stakeholder(cfo.id, was=seen, **{**seen.model_dump(exclude={"id", "deal_id"}), "attitude": "supporter"})
    actions.edit_stakeholder(cfo.id, was=seen, **{**seen.model_dump(exclude={"id", "deal_id"}), "notes": "Numbers first. Golfs."})
    stored = actions.store.stakeholder(cfo.id)
    assert (stored.attitude, stored.notes) == ("supporter", "Numbers first. Golfs.")
    with pytest.raises(Conflict) as refused:
        actions.edit_stakeholder(cfo.id, was=seen, attitude="skeptic")
    assert isinstance(refused.value, ActionRefused)
    assert (refused.value.field, refused.value.mine, refused.value.theirs, refused.value.original) == ("attitude", "skeptic", "supporter", "neutral")
    assert refused.value.both() is None  # a choice cannot be both
    with pytest.raises(ActionRefused, match="cannot change deal_id"):
        actions.edit_stakeholder(cfo.id, deal_id="d_other")
    actions.edit_stakeholder(cfo.id, attitude="skeptic")  # no `was`: the caller claims nothing, its change is written
    assert actions.store.stakeholder(cfo.id).attitude == "skeptic"
    assert [n.action for n in notices].count("edit_stakeholder") == 3
