"""The one function that makes stored text safe to show: control characters become visible stand-ins."""

from __future__ import annotations

import pytest

from spin_coach.safe_text import visible

ESCAPES = [
    "\x1b[2J",  # clear the screen
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8: a hidden link
    "\x9b2J",  # C1 CSI
    "\x9d52;c;eA==\x9c",  # C1 OSC … ST
]


@pytest.mark.parametrize("sequence", ESCAPES)
def test_no_escape_sequence_survives(sequence):
    shown = visible(f"Renewal {sequence} Q3")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert shown.startswith("Renewal ") and shown.endswith(" Q3")


def test_each_control_character_has_a_stand_in_you_can_read():
    assert visible("Q3\x1b[2J") == "Q3␛[2J"
    assert visible("a\x07b") == "a␇b"
    assert visible("pasted\vfrom Word\f") == "pasted␋from Word␌"
    assert visible("nul\x00") == "nul␀"
    assert visible("del\x7f") == "del␡"
    assert visible("csi\x9b") == "csi⟨U+009B⟩"
    assert visible("lone\rreturn") == "lone␍return"


def test_newlines_and_tabs_stay_and_a_windows_line_end_is_a_newline():
    assert visible("one\ntwo\tthree") == "one\ntwo\tthree"
    assert visible("one\r\ntwo") == "one\ntwo"


def test_bidi_overrides_are_shown_not_obeyed():
    shown = visible("invoice_\u202efdp.exe and \u2066isolated\u2069")
    assert shown == "invoice_⟨U+202E⟩fdp.exe and ⟨U+2066⟩isolated⟨U+2069⟩"


def test_ordinary_text_of_any_script_comes_through_unchanged():
    text = "Ольга Петрова — CFO, 1,2 млн руб в год · EUR\u00a060,000 · 🚀 [bold]x[/] <b>"
    assert visible(text) is text


def test_one_for_one_keeps_every_character_in_its_place_for_an_input_being_edited():
    text = "a\x1bb\x9bc\u202ed\r\ne\tf"
    shown = visible(text, one_for_one=True)
    assert shown == "a␛b�c�d␍\ne\tf"
    assert len(shown) == len(text)
    plain = "Ольга [b]"
    assert visible(plain, one_for_one=True) is plain
