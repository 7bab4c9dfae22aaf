"""The meeting's lines as a plain state machine (no Textual): typing, committing, @name,
editing, deleting, kinds, tags, and what is handed to the store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from spin_coach.meeting_notes import MeetingNotes
from spin_coach.models import STAGES, Note, Stakeholder

START = datetime(2026, 10, 13, 9, 0, tzinfo=timezone.utc)


def person(key: str, name: str) -> Stakeholder:
    return Stakeholder(id=f"s_{key}", deal_id="d1", name=name)


HELEN, MARCUS, TOM, OLGA = person("helen", "Helen Park"), person("marcus", "Marcus Lee"), person("tom", "Tom Becker"), person("olga", "Ольга Смирнова")


def ticking():
    """A clock that moves a minute on every call."""
    times = (START + timedelta(minutes=i) for i in range(10_000))
    return lambda: next(times)


def make(notes: list[Note] | None = None, attendees=(HELEN, MARCUS), others=(TOM, OLGA)) -> MeetingNotes:
    return MeetingNotes("d1", "m1", notes if notes is not None else [], list(attendees), list(others), clock=ticking())


def typed(lines: MeetingNotes, text: str):
    """Type ``text`` one key at a time, as the input reports it."""
    step = None
    for n in range(1, len(text) + 1):
        step = lines.type(text[:n])
    return step


def line(lines: MeetingNotes, text: str, *keys):
    """Type a line, apply ``keys`` (method names with arguments) and press Enter."""
    typed(lines, text)
    for name, *args in keys:
        getattr(lines, name)(*args)
    return lines.commit()


def texts(lines: MeetingNotes) -> list[str]:
    return [n.text for n in lines.notes]


# ------------------------------------------------------------ typing and committing


def test_the_first_key_makes_a_draft_that_is_saved_before_enter():
    lines = make()
    step = lines.type("w")
    assert step.edited and lines.draft is not None and lines.draft.at == START
    typed(lines, "we order by email")
    assert lines.draft.text == "we order by email" and lines.notes == []
    saved, deleted = lines.take_changes()
    assert [n.text for n in saved] == ["we order by email"] and deleted == []
    assert lines.take_changes() == ([], [])  # taken once


def test_enter_commits_the_draft_into_the_log():
    lines = make()
    typed(lines, "we order by email")
    step = lines.commit()
    assert step.committed and step.counts and step.line.text == "we order by email"
    assert lines.draft is None and texts(lines) == ["we order by email"]
    assert lines.commit().line is None  # nothing typed: nothing to commit


def test_erasing_everything_typed_deletes_the_draft_even_from_the_store():
    lines = make()
    typed(lines, "oops")
    draft_id = lines.draft.id
    lines.take_changes()  # it was saved
    step = lines.type("")
    assert step.edited and lines.draft is None
    assert lines.take_changes() == ([], [draft_id])


def test_a_blank_line_is_not_kept():
    lines = make()
    typed(lines, "   ")
    assert lines.commit().line is None and lines.notes == [] and lines.draft is None


def test_all_notes_include_the_line_being_typed():
    lines = make()
    line(lines, "one")
    typed(lines, "two")
    assert [n.text for n in lines.all_notes()] == ["one", "two"]


# ------------------------------------------------------------ @name


def test_at_name_says_who_said_it_and_they_keep_speaking():
    lines = make()
    step = line(lines, "@marc: delays cost us a lot")
    assert step.speaker_changed and lines.speaker == MARCUS.id
    line(lines, "mostly at month end")
    line(lines, "@he we want it fixed this year")
    assert [(n.text, n.stakeholder_id) for n in lines.notes] == [
        ("delays cost us a lot", MARCUS.id),
        ("mostly at month end", MARCUS.id),
        ("we want it fixed this year", HELEN.id),
    ]


def test_at_name_across_alphabets_and_someone_not_invited_joins():
    lines = make()
    step = line(lines, "@olga заказы идут по почте")
    assert step.joined == OLGA and OLGA in lines.attendees and OLGA not in lines.others
    assert lines.notes[0].stakeholder_id == OLGA.id


def test_at_name_alone_changes_the_speaker_and_keeps_no_line():
    lines = make()
    step = line(lines, "@tom")
    assert step.line is None and step.speaker_changed and step.joined == TOM
    assert lines.notes == [] and lines.speaker == TOM.id


@pytest.mark.parametrize(("token", "matches"), [("zed", ()), ("ma", ("Marcus Lee", "Mai Tran"))])
def test_an_unknown_or_ambiguous_name_is_reported_and_kept_in_the_text(token, matches):
    lines = make(attendees=(HELEN, MARCUS, person("mai", "Mai Tran")))
    step = line(lines, f"@{token} hello")
    assert step.unresolved is not None and step.unresolved.token == token
    assert tuple(p.name for p in step.unresolved.matches) == matches
    assert lines.notes[0].text == f"@{token} hello" and lines.notes[0].stakeholder_id is None


def test_the_preview_says_whom_a_mention_finds_and_what_the_line_will_be():
    lines = make()
    typed(lines, "@marc what does a delay cost?")
    preview = lines.preview("@marc what does a delay cost?")
    assert preview.mention[0] == "marc" and preview.mention[1] == [MARCUS]
    assert (preview.stakeholder_id, preview.kind) == (MARCUS.id, "said")
    assert make().preview("").kind is None  # nothing typed, no kind yet


# ------------------------------------------------------------ kinds


def test_a_new_lines_kind_is_read_from_it_unless_marked():
    lines = make()
    line(lines, "how do orders arrive?")
    line(lines, "we met at the fair")
    line(lines, "@helen by e-mail, mostly")
    assert [n.kind for n in lines.notes] == ["question", "note", "said"]


def test_marking_a_question_and_a_next_step_and_marking_again_gives_the_default_back():
    lines = make()
    line(lines, "@marc what does a day of delay cost", ("mark_kind", "question"))
    line(lines, "pilot in November", ("mark_kind", "next_step"))
    assert [(n.kind, n.stakeholder_id) for n in lines.notes] == [("question", MARCUS.id), ("next_step", MARCUS.id)]
    lines.mark_kind("next_step")  # the line just finished: back to what it reads as
    assert lines.notes[-1].kind == "said"
    lines.mark_kind("question", at=0)
    assert lines.notes[0].kind == "said"


def test_an_unmarked_lines_kind_follows_its_speaker_and_text_a_marked_one_stays():
    lines = make()
    line(lines, "budget is tight")
    line(lines, "who signs off", ("mark_kind", "question"))
    assert [n.kind for n in lines.notes] == ["note", "question"]
    lines.set_speaker(HELEN.id, at=0)
    lines.set_speaker(HELEN.id, at=1)
    assert [n.kind for n in lines.notes] == ["said", "question"]
    lines.set_speaker(None, at=0)
    assert lines.notes[0].kind == "note"
    typed(lines, "any other")
    assert lines.draft.kind == "note"
    typed(lines, "any other?")
    assert lines.draft.kind == "question"


def test_a_stored_kind_other_than_the_default_counts_as_marked():
    notes = [
        Note(deal_id="d1", meeting_id="m1", at=START, text="pilot in November", stakeholder_id=HELEN.id, kind="next_step"),
        Note(deal_id="d1", meeting_id="m1", at=START, text="we use SAP", stakeholder_id=HELEN.id),
    ]
    lines = make(notes)
    lines.set_speaker(None, at=0)
    lines.set_speaker(None, at=1)
    assert [n.kind for n in lines.notes] == ["next_step", "note"]


# ------------------------------------------------------------ tags and speakers


def test_tags_apply_to_the_line_being_typed_or_the_last_one_and_the_same_tag_clears():
    lines = make()
    line(lines, "how do orders arrive?", ("set_stage", "situation"))
    line(lines, "where do they get stuck?")
    lines.set_stage("problem")  # right after Enter: the line just finished
    line(lines, "a stray tag", ("set_stage", "situation"), ("set_stage", "situation"))
    assert [n.stage for n in lines.notes] == ["situation", "problem", None]
    assert make().set_stage("problem").line is None  # nothing to tag


def test_ctrl_t_cycles_through_no_tag_and_every_stage():
    lines = make()
    line(lines, "cash is tight")
    seen = [lines.cycle_stage().line.stage for _ in range(len(STAGES) + 1)]
    assert seen == [*STAGES, None]


def test_next_speaker_cycles_nobody_and_the_attendees():
    lines = make()
    speakers = []
    for _ in range(3):
        lines.next_speaker()
        speakers.append(lines.speaker)
    assert speakers == [HELEN.id, MARCUS.id, None]
    line(lines, "agreed")
    lines.next_speaker(at=0)
    assert lines.notes[0].stakeholder_id == HELEN.id and lines.speaker is None  # a log line: who speaks now stays


def test_the_speaker_chosen_while_typing_applies_to_the_draft_and_what_follows():
    lines = make()
    typed(lines, "cash is tight")
    step = lines.set_speaker(MARCUS.id)
    assert step.speaker_changed and lines.draft.stakeholder_id == MARCUS.id and lines.draft.kind == "said"
    lines.commit()
    line(lines, "and more so in winter")
    assert lines.notes[-1].stakeholder_id == MARCUS.id


# ------------------------------------------------------------ editing earlier lines


def test_an_edit_changes_the_same_line_and_the_draft_waits():
    lines = make()
    line(lines, "first line")
    line(lines, "secnd line")
    typed(lines, "half typed")
    lines.edit(1)
    assert lines.editing is lines.notes[1] and lines.target() is lines.notes[1]
    lines.take_changes()
    lines.type("second line")
    step = lines.finish_edit()
    assert step.edited and lines.editing is None
    assert texts(lines) == ["first line", "second line"] and lines.typed == "half typed"
    assert [n.text for n in lines.take_changes()[0]] == ["second line"]


def test_cancelling_an_edit_undoes_text_tag_speaker_and_kind():
    lines = make()
    line(lines, "@helen we use SAP", ("set_stage", "situation"))
    before = lines.notes[0].model_copy()
    lines.edit(0)
    lines.type("we use Oracle?")
    lines.set_stage("problem")
    lines.next_speaker()
    lines.mark_kind("next_step")
    step = lines.cancel_edit()
    assert step.edited and lines.editing is None
    assert lines.notes[0] == before
    lines.set_speaker(None, at=0)
    assert lines.notes[0].kind == "note"  # the mark went with the edit


def test_an_edit_with_at_name_changes_who_said_it():
    lines = make()
    line(lines, "we use SAP")
    lines.edit(0)
    lines.type("@marcus we use SAP")
    lines.finish_edit()
    assert (lines.notes[0].text, lines.notes[0].stakeholder_id, lines.notes[0].kind) == ("we use SAP", MARCUS.id, "said")


def test_emptying_a_line_deletes_it():
    lines = make()
    line(lines, "keep")
    line(lines, "drop", ("mark_kind", "next_step"))
    dropped = lines.notes[1].id
    lines.take_changes()
    lines.edit(1)
    lines.type("")
    step = lines.finish_edit()
    assert step.removed == 1 and texts(lines) == ["keep"]
    assert lines.take_changes() == ([], [dropped])


def test_editing_another_line_finishes_the_edit_under_way():
    lines = make()
    line(lines, "one")
    line(lines, "two")
    lines.edit(0)
    lines.type("")  # emptied, then the seller jumps to the other line
    lines.edit(1)
    assert texts(lines) == ["two"] and lines.editing is lines.notes[0]


# ------------------------------------------------------------ after a failed save


def test_changes_given_back_after_a_failed_save_are_taken_again_with_the_new_ones():
    lines = make()
    line(lines, "one")
    line(lines, "two")
    gone = lines.notes[1].id
    lines.take_changes()
    lines.edit(1)
    lines.type("")
    lines.finish_edit()
    line(lines, "three")
    notes, deleted = lines.take_changes()
    lines.give_back(notes, deleted)  # the database said no
    typed(lines, "four")
    notes, deleted = lines.take_changes()
    assert sorted(n.text for n in notes) == ["four", "three"] and deleted == [gone]


def test_a_line_given_back_and_then_deleted_stays_deleted():
    lines = make()
    line(lines, "one")
    gone = lines.notes[0].id
    notes, deleted = lines.take_changes()
    lines.edit(0)
    lines.type("")
    lines.finish_edit()
    lines.give_back(notes, deleted)
    notes, deleted = lines.take_changes()
    assert notes == [] and deleted == [gone]
