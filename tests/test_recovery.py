"""The recovery file (spin_coach/recovery.py): text the database would not take, kept privately
beside it until the seller restores it — through the write layer, safe to repeat."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from spin_coach import recovery
from spin_coach.actions import DealActions
from spin_coach.demo import add_demo
from spin_coach.models import Meeting, Note, now
from spin_coach.store import Store


@pytest.fixture
def deal(db_path):
    store = Store.open(db_path)
    actions = DealActions(store)
    deal_id = add_demo(actions, "en")
    person = store.stakeholders(deal_id)[0].id
    yield store, actions, deal_id, person
    store.close()


def an_answer(deal_id: str, person: str, text: str = "Orders wait two days") -> recovery.Item:
    return recovery.answer_item(
        deal_id=deal_id,
        answer_id="ans_kept1",
        stakeholder_id=person,
        stage="problem",
        text=text,
        question_id=None,
        question_text="What slows orders down?",
        at=now(),
    )


def test_the_file_is_private_beside_the_database_and_holds_what_each_save_was(deal, db_path):
    store, actions, deal_id, person = deal
    meeting = Meeting(deal_id=deal_id, attendees=[person])
    lines = [Note(deal_id=deal_id, meeting_id=meeting.id, text="budget approved in March", stakeholder_id=person)]
    path = recovery.write(db_path, [an_answer(deal_id, person), recovery.meeting_item(meeting, lines)], reason="SIGTERM")

    assert path.parent == db_path.parent / "recovery"
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["format"] == "spin-coach-recovery" and body["reason"] == "SIGTERM"
    assert body["database"] == str(db_path.absolute())
    answer, said = body["items"]
    assert answer["kind"] == "answer" and answer["deal_id"] == deal_id and answer["text"] == "Orders wait two days"
    assert answer["ids"] == {"answer_id": "ans_kept1", "stakeholder_id": person, "question_id": None} and answer["when"]
    assert said["kind"] == "meeting_lines" and said["ids"] == {"meeting_id": meeting.id}
    assert said["text"] == "budget approved in March"

    [found] = recovery.find(db_path)
    assert found.path == path and [i.kind for i in found.items] == ["answer", "meeting_lines"]


def test_restoring_saves_through_the_write_layer_and_can_be_repeated(deal, db_path):
    store, actions, deal_id, person = deal
    meeting = Meeting(deal_id=deal_id, attendees=[person])  # never saved: the meeting is made again
    lines = [
        Note(deal_id=deal_id, meeting_id=meeting.id, text="budget approved in March", stakeholder_id=person),
        Note(deal_id=deal_id, meeting_id=meeting.id, text="and in September"),
    ]
    items = [an_answer(deal_id, person), recovery.meeting_item(meeting, lines), recovery.goals_item(deal_id, {"solution_review": "Pilot in Q2"})]
    changes = []
    actions.listen(changes.append)
    for _ in range(2):
        for item in items:
            recovery.restore(actions, item)
    [answer] = [a for a in store.answers(deal_id) if a.id == "ans_kept1"]
    assert answer.text == "Orders wait two days" and answer.question_text == "What slows orders down?"
    assert [n.text for n in store.notes(deal_id, meeting_id=meeting.id)] == ["budget approved in March", "and in September"]
    assert any(m.id == meeting.id for m in store.meetings(deal_id))
    assert store.deal(deal_id).goals["solution_review"] == "Pilot in Q2"
    assert {c.action for c in changes} == {"save_answer", "save_meeting", "set_strategy"}  # every screen hears of it


def test_an_answer_half_saved_before_the_disk_filled_is_restored_whole(deal, db_path):
    """The first words reached the database; the rest did not. Restoring is not another window's edit."""
    from spin_coach.actions import Conflict

    store, actions, deal_id, person = deal
    actions.save_answer(answer_id="ans_kept1", deal_id=deal_id, stakeholder_id=person, stage="problem", text="Orders wait")
    kept = recovery.answer_item(
        deal_id=deal_id, answer_id="ans_kept1", stakeholder_id=person, stage="problem", text="Orders wait two days",
        question_id=None, question_text="", at=now(), was="Orders wait",
    )
    recovery.restore(actions, kept)
    assert [a.text for a in store.answers(deal_id) if a.id == "ans_kept1"] == ["Orders wait two days"]
    # Without knowing what was saved, the same text would look like a clash and be refused.
    blind = an_answer(deal_id, person, text="Orders wait three days")
    with pytest.raises(Conflict):
        recovery.restore(actions, blind)


def test_a_meeting_still_in_the_store_keeps_what_it_is_now(deal, db_path):
    store, actions, deal_id, person = deal
    meeting = Meeting(deal_id=deal_id, attendees=[person])
    actions.save_meeting(meeting)
    item = recovery.meeting_item(meeting, [Note(deal_id=deal_id, meeting_id=meeting.id, text="one more line")])
    meeting.ended_at = now()
    actions.save_meeting(meeting)  # ended after the lines were kept
    recovery.restore(actions, item)
    [stored] = [m for m in store.meetings(deal_id) if m.id == meeting.id]
    assert stored.ended_at is not None
    assert [n.text for n in store.notes(deal_id, meeting_id=meeting.id)] == ["one more line"]


def test_keep_only_rewrites_the_file_with_what_is_left_and_discard_removes_it(deal, db_path):
    store, actions, deal_id, person = deal
    first, second = an_answer(deal_id, person, "one"), recovery.goals_item(deal_id, {"solution_review": "two"})
    [found] = [recovery.RecoveryFile(recovery.write(db_path, [first, second]), (first, second))]
    left = recovery.keep_only(found, [second], db_path)
    assert not found.path.exists()
    [again] = recovery.find(db_path)
    assert again.path == left and [i.text for i in again.items] == ["two"]
    recovery.discard(again)
    assert recovery.find(db_path) == []


def test_files_of_other_databases_and_broken_files_are_left_alone(deal, db_path, tmp_path):
    store, actions, deal_id, person = deal
    other = db_path.parent / "other.db"
    recovery.write(other, [an_answer(deal_id, person)])
    folder = recovery.recovery_dir(db_path)
    (folder / f"{db_path.name}.broken.json").write_text("{not json")
    (folder / f"{db_path.name}.wrong.json").write_text(json.dumps({"format": "something else", "items": []}))
    assert recovery.find(db_path) == []
    assert len(recovery.find(other)) == 1
    assert (folder / f"{db_path.name}.broken.json").exists()  # never deleted behind the seller's back


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks and modes as on POSIX")
def test_a_planted_link_is_never_followed(deal, db_path, tmp_path, monkeypatch):
    store, actions, deal_id, person = deal
    target = tmp_path / "elsewhere.txt"
    target.write_text("theirs")
    folder = recovery.recovery_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)

    class Frozen:  # every file written in the same microsecond: the name collides with the link
        @staticmethod
        def now(tz=None):
            from datetime import datetime

            return datetime(2026, 1, 1, tzinfo=tz)

    monkeypatch.setattr(recovery, "datetime", Frozen)
    name = f"{db_path.name}.20260101T000000000000Z.{os.getpid()}.json"
    (folder / name).symlink_to(target)
    path = recovery.write(db_path, [an_answer(deal_id, person)])
    assert path.name != name and target.read_text() == "theirs"


def test_the_recovery_module_is_core_and_needs_no_textual():
    import subprocess

    code = "import sys, spin_coach.recovery; bad = [m for m in sys.modules if m.split('.')[0] == 'textual']; assert not bad, bad"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
