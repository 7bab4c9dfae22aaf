"""Two windows on one deal: two Store objects on one database file, each with its own write layer.

Nothing one window wrote is ever overwritten silently by the other: edits of different
things merge, the same field changed by both is a Conflict holding both values."""

from __future__ import annotations

import pytest

from spin_coach.actions import Conflict, DealActions
from spin_coach.models import AccountScore, Stakeholder
from spin_coach.store import Store


@pytest.fixture
def windows(db_path):
    a, b = Store.open(db_path), Store.open(db_path)
    yield DealActions(a), DealActions(b)
    a.close()
    b.close()


@pytest.fixture
def deal(windows):
    a, _ = windows
    deal = a.create_deal(title="Warehouse automation", account="Polmar Logistics")
    person = a.add_stakeholder(Stakeholder(deal_id=deal.id, name="Marek Nowak", title="CFO", role="finance", notes="Prefers numbers."))
    return deal, person


def test_a_stale_stakeholder_edit_keeps_the_other_windows_notes_and_changes_only_its_own_fields(windows, deal):
    a, b = windows
    _, person = deal
    seen_by_a = a.store.stakeholder(person.id)  # window A opens the form
    b.edit_stakeholder(person.id, was=b.store.stakeholder(person.id), notes="Prefers numbers. Golfs on Fridays.")
    a.edit_stakeholder(person.id, was=seen_by_a, attitude="supporter", title="Chief Financial Officer")
    stored = b.store.stakeholder(person.id)
    assert stored.notes == "Prefers numbers. Golfs on Fridays."
    assert (stored.attitude, stored.title, stored.name) == ("supporter", "Chief Financial Officer", "Marek Nowak")


def test_the_same_field_changed_in_both_windows_is_a_conflict_with_both_values(windows, deal):
    a, b = windows
    _, person = deal
    seen_by_a = a.store.stakeholder(person.id)
    b.edit_stakeholder(person.id, was=b.store.stakeholder(person.id), notes="Golfs on Fridays.")
    with pytest.raises(Conflict) as refused:
        a.edit_stakeholder(person.id, was=seen_by_a, notes="Wants a pilot first.", attitude="supporter")
    conflict = refused.value
    assert (conflict.field, conflict.mine, conflict.theirs, conflict.original) == ("notes", "Wants a pilot first.", "Golfs on Fridays.", "Prefers numbers.")
    assert conflict.both() == {"notes": "Golfs on Fridays.\nWants a pilot first."}
    stored = a.store.stakeholder(person.id)
    assert (stored.notes, stored.attitude) == ("Golfs on Fridays.", "neutral")  # refused: nothing written
    # keep mine: the seller has now seen theirs
    a.edit_stakeholder(person.id, was={**seen_by_a.model_dump(), **conflict.theirs_as_was()}, notes="Wants a pilot first.", attitude="supporter")
    assert a.store.stakeholder(person.id).notes == "Wants a pilot first."


def test_both_windows_strategy_choices_survive(windows, deal):
    a, b = windows
    d, _ = deal
    seen_by_a, seen_by_b = a.store.deal(d.id), b.store.deal(d.id)
    a.set_strategy(d.id, purchase_model="economic", was=seen_by_a)
    b.set_strategy(d.id, score=AccountScore(relationship="strong", attractiveness=seen_by_b.score.attractiveness), was=seen_by_b)
    stored = a.store.deal(d.id)
    assert stored.purchase_model == "economic"
    assert stored.score.relationship == "strong"
    # the other axis of the score and the other's goals are separate choices too
    a.set_strategy(d.id, goals={"solution_review": "pilot in one depot"}, was=a.store.deal(d.id))
    b.set_strategy(d.id, score=AccountScore(relationship="strong", attractiveness="high"), goals={"onboarding": "train the shift leads"}, was=seen_by_b)
    stored = a.store.deal(d.id)
    assert stored.goals == {"solution_review": "pilot in one depot", "onboarding": "train the shift leads"}
    assert (stored.score.relationship, stored.score.attractiveness, stored.purchase_model) == ("strong", "high", "economic")


def test_the_same_strategy_choice_made_differently_in_both_windows_is_a_conflict(windows, deal):
    a, b = windows
    d, _ = deal
    seen_by_a = a.store.deal(d.id)
    b.set_strategy(d.id, purchase_model="technical", was=b.store.deal(d.id))
    with pytest.raises(Conflict) as refused:
        a.set_strategy(d.id, purchase_model="economic", was=seen_by_a)
    assert (refused.value.mine, refused.value.theirs) == ("economic", "technical")
    assert a.store.deal(d.id).purchase_model == "technical"


def test_a_stale_problem_never_deletes_the_other_windows_implication(windows, deal):
    a, b = windows
    d, person = deal
    problem = a.add_problem(d.id, "Month-end close takes twelve days", raised_by=person.id)
    stale = a.store.problem(problem.id)  # window A's copy, before B adds
    b.add_implication(problem.id, "Late invoices cost interest", amount=4000, currency="EUR", period="month")
    a.add_implication(problem.id, "Two analysts work weekends")
    a.store.save_problem(stale)  # even a stale copy written straight to the store deletes nothing
    a.edit_problem(problem.id, statement="Month-end close takes twelve days, not five", was=stale)
    stored = b.store.problem(problem.id)
    assert [i.consequence for i in stored.implications] == ["Late invoices cost interest", "Two analysts work weekends"]
    assert stored.statement == "Month-end close takes twelve days, not five"
    # removing is explicit, and removes only what was asked
    a.remove_implication(stored.implications[0].id)
    assert [i.consequence for i in b.store.problem(problem.id).implications] == ["Two analysts work weekends"]


def test_confirmations_from_two_windows_merge_and_a_rewording_by_both_is_a_conflict(windows, deal):
    a, b = windows
    d, person = deal
    ceo = a.add_stakeholder(Stakeholder(deal_id=d.id, name="Anna Kowalska", role="executive"))
    ops = a.add_stakeholder(Stakeholder(deal_id=d.id, name="Piotr Zieliński", role="operations"))
    problem = a.add_problem(d.id, "Month-end close takes twelve days", raised_by=person.id)
    seen_by_a, seen_by_b = a.store.problem(problem.id), b.store.problem(problem.id)
    b.edit_problem(problem.id, confirmed_by=[ops.id], statement="Close takes twelve days", was=seen_by_b)
    a.edit_problem(problem.id, confirmed_by=[ceo.id], was=seen_by_a)
    assert set(a.store.problem(problem.id).confirmed_by) == {ops.id, ceo.id}
    with pytest.raises(Conflict) as refused:
        a.edit_problem(problem.id, statement="Closing the books is slow", was=seen_by_a)
    assert (refused.value.mine, refused.value.theirs) == ("Closing the books is slow", "Close takes twelve days")


def test_a_stale_implication_edit_keeps_the_other_windows_fields(windows, deal):
    a, b = windows
    d, _ = deal
    problem = a.add_problem(d.id, "Month-end close takes twelve days")
    imp = a.add_implication(problem.id, "Late invoices cost interest").implications[0]
    b.edit_implication(imp.id, was=imp, amount=4000, currency="EUR", period="month")
    a.edit_implication(imp.id, was=imp, consequence="Late invoices cost interest and goodwill")
    stored = b.store.problem(problem.id).implications[0]
    assert (stored.consequence, stored.amount, stored.period) == ("Late invoices cost interest and goodwill", 4000, "month")
    with pytest.raises(Conflict):
        a.edit_implication(imp.id, was=imp, period="quarter")
    need = a.add_need_payoff(problem.id, "Close in five days").need_payoffs[0]
    b.edit_need_payoff(need.id, was=need, text="Close in four days")
    with pytest.raises(Conflict) as refused:
        a.edit_need_payoff(need.id, was=need, text="Close in three days")
    assert refused.value.both() == {"text": "Close in four days\nClose in three days"}


def test_a_stale_deal_edit_keeps_the_other_windows_title(windows, deal):
    a, b = windows
    d, _ = deal
    seen = {"title": d.title, "account": "Polmar Logistics", "journey_stage": d.journey_stage, "currency": d.currency}
    b.edit_deal(d.id, **{**seen, "title": "Warehouse automation, phase 1"}, was=seen)
    a.edit_deal(d.id, **{**seen, "currency": "PLN"}, was=seen)
    stored = a.store.deal(d.id)
    assert (stored.title, stored.currency) == ("Warehouse automation, phase 1", "PLN")
    with pytest.raises(Conflict) as refused:
        a.edit_deal(d.id, **{**seen, "title": "Automation"}, was=seen)
    assert (refused.value.field, refused.value.theirs) == ("title", "Warehouse automation, phase 1")


def test_saving_what_someone_said_twice_under_one_id_never_silently_replaces(windows, deal):
    a, b = windows
    d, person = deal
    said = dict(answer_id="ans_1", deal_id=d.id, stakeholder_id=person.id, stage="problem")
    a.save_answer(**said, text="We close in twelve days.")
    b.save_answer(**said, text="We close in twelve days. Ten if lucky.", was="We close in twelve days.")
    with pytest.raises(Conflict) as refused:  # window A still has the first text loaded
        a.save_answer(**said, text="We close in twelve days, sometimes fifteen.", was="We close in twelve days.")
    conflict = refused.value
    assert (conflict.mine, conflict.theirs, conflict.original) == (
        "We close in twelve days, sometimes fifteen.",
        "We close in twelve days. Ten if lucky.",
        "We close in twelve days.",
    )
    assert [x.text for x in a.store.answers(d.id)] == ["We close in twelve days. Ten if lucky."]
    with pytest.raises(Conflict):  # a new answer under an id already used: refused, not replaced
        b.save_answer(**said, text="Something else entirely.")
    with pytest.raises(Conflict):  # emptying a text changed elsewhere would delete their words
        a.save_answer(**said, text="", was="We close in twelve days.")
    both = conflict.both()["text"]
    a.save_answer(**said, text=both, was=conflict.theirs)
    assert [x.text for x in b.store.answers(d.id)] == [both]


def test_a_meeting_line_edited_in_both_windows_keeps_both_versions(windows):
    """Window A and window B both fix the same meeting line: neither edit is lost; A's becomes a line
    of its own, and a line B edited is not deleted by A either."""
    from spin_coach.models import Meeting, Note

    a, b = windows
    a_store, b_store = a.store, b.store
    deal = a.create_deal(title="Polmar", account="Polmar Logistics")
    meeting = Meeting(deal_id=deal.id)
    first = Note(deal_id=deal.id, meeting_id=meeting.id, text="budget approved in Q1")
    second = Note(deal_id=deal.id, meeting_id=meeting.id, text="pilot in one depot")
    a.save_meeting(meeting, [first, second])
    seen = {first.id: first.text, second.id: second.text}

    b.save_meeting(meeting, [first.model_copy(update={"text": "budget approved in Q2"}), second.model_copy(update={"text": "pilot in two depots"})])
    mine = first.model_copy(update={"text": "budget approved in March"})
    renamed = a.save_meeting(meeting, [mine], [second.id], was=seen)

    texts = sorted(n.text for n in a_store.notes(deal.id, meeting.id))
    assert texts == ["budget approved in March", "budget approved in Q2", "pilot in two depots"]
    assert list(renamed) == [first.id] and renamed[first.id] != first.id
    # A line nobody else touched is saved in place, as always.
    again = a.save_meeting(meeting, [mine.model_copy(update={"id": renamed[first.id], "text": "budget approved in early March"})],
                           was={renamed[first.id]: "budget approved in March"})
    assert again == {}
    assert "budget approved in early March" in [n.text for n in b_store.notes(deal.id, meeting.id)]
