"""A crash while typing loses at most the last second: the app runs in its own process, a
small script types into a meeting note, and the process is killed with SIGKILL (no chance to
save) or stopped with SIGTERM (which must save everything)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from spin_coach.actions import DealActions
from spin_coach.demo import add_demo
from spin_coach.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGTERM as on POSIX")

# Drives the real app headless: opens a meeting, types at a person's pace, reports each key.
TYPIST = r"""
import asyncio, sys, time
from pathlib import Path

from spin_coach.tui.app import create_app
from spin_coach.tui.screens.meeting import MeetingScreen

db, deal_id, person, text, pace = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
disk_full = sys.argv[6:] == ["disk-full"]

async def main():
    app = create_app(Path(db), [], "en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(MeetingScreen(deal_id, [person]))
        await pilot.pause()
        if disk_full:  # the meeting is in the database; from now on no line can be written
            from spin_coach.store import StoreError

            def full(*args, **kwargs):
                raise StoreError("database or disk is full")

            app.store.save_notes = full
        print("READY", app.screen.meeting.id, flush=True)
        for n, char in enumerate(text, 1):
            await pilot.press(char)
            print("TYPED", n, time.monotonic(), flush=True)
            await asyncio.sleep(pace)
        print("DONE", flush=True)
        # Idle until killed, or until the app exits on its own (SIGTERM, SIGHUP).
        for _ in range(2400):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)

asyncio.run(main())
"""


@pytest.fixture
def meeting_db(db_path):
    store = Store.open(db_path)
    deal_id = add_demo(DealActions(store), "en")
    person = store.stakeholders(deal_id)[0].id
    store.close()
    return db_path, deal_id, person


class Typist:
    """The app in a child process, typing ``text``; its reports are read line by line."""

    def __init__(self, tmp_path, db_path, deal_id, person, text, pace, *extra):
        script = tmp_path / "typist.py"
        script.write_text(TYPIST)
        self.proc = subprocess.Popen(
            [sys.executable, str(script), str(db_path), deal_id, person, text, str(pace), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        self.typed: list[tuple[int, float]] = []
        self.meeting_id = self._expect("READY")[1]

    def _expect(self, word: str, timeout: float = 60) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"typist ended early: {self.proc.stderr.read()[-2000:]}")
            parts = line.split()
            if parts and parts[0] == "TYPED":
                self.typed.append((int(parts[1]), float(parts[2])))
            if parts and parts[0] == word:
                return parts
        raise AssertionError(f"no {word} within {timeout} s")

    def wait_typed(self, n: int) -> None:
        while not self.typed or self.typed[-1][0] < n:
            self._expect("TYPED")

    def finish(self) -> None:
        self._expect("DONE")

    def stop(self, signum: int) -> None:
        self.proc.send_signal(signum)
        try:
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def note_text(db_path, deal_id, meeting_id) -> str:
    store = Store.open(db_path)
    try:
        return " | ".join(n.text for n in store.notes(deal_id, meeting_id=meeting_id))
    finally:
        store.close()


def test_a_note_typed_a_second_before_kill_9_is_in_the_database(tmp_path, meeting_db):
    db_path, deal_id, person = meeting_db
    text = "the pilot starts in November"
    typist = Typist(tmp_path, db_path, deal_id, person, text, pace=0.02)
    typist.finish()
    time.sleep(1.2)
    typist.stop(signal.SIGKILL)
    assert typist.proc.returncode == -signal.SIGKILL
    assert note_text(db_path, deal_id, typist.meeting_id) == text


def test_kill_9_in_the_middle_of_typing_loses_at_most_the_last_second(tmp_path, meeting_db):
    db_path, deal_id, person = meeting_db
    text = "procurement wants three quotes before any contract above fifty thousand euros, " * 2
    typist = Typist(tmp_path, db_path, deal_id, person, text, pace=0.06)
    typist.wait_typed(45)  # about three seconds of steady typing, never a pause
    killed_at = time.monotonic()
    typist.stop(signal.SIGKILL)
    saved = note_text(db_path, deal_id, typist.meeting_id)
    assert text.startswith(saved)
    typed_a_second_before = max(n for n, at in typist.typed if at <= killed_at - 1.0)
    assert len(saved) >= typed_a_second_before, (len(saved), typed_a_second_before, typist.typed[-1])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_saves_everything_typed_and_exits(tmp_path, meeting_db, signum):
    db_path, deal_id, person = meeting_db
    text = "budget owner is the CFO"
    typist = Typist(tmp_path, db_path, deal_id, person, text, pace=0.01)
    typist.finish()
    typist.stop(signum)  # straight after the last key, well before the autosave would run
    assert typist.proc.returncode == 0
    assert note_text(db_path, deal_id, typist.meeting_id) == text


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_with_a_full_disk_keeps_every_line_in_a_private_recovery_file(tmp_path, meeting_db, signum):
    from spin_coach import recovery

    db_path, deal_id, person = meeting_db
    text = "procurement needs three quotes"
    typist = Typist(tmp_path, db_path, deal_id, person, text, 0.01, "disk-full")
    typist.finish()
    typist.stop(signum)
    assert typist.proc.returncode == 0
    assert note_text(db_path, deal_id, typist.meeting_id) == ""  # the database took nothing …
    [kept] = recovery.find(db_path)  # … and nothing was dropped
    [item] = kept.items
    assert (item.kind, item.ids["meeting_id"], item.text) == ("meeting_lines", typist.meeting_id, text)
    assert kept.reason == signal.Signals(signum).name
    assert oct(kept.path.stat().st_mode & 0o777) == oct(0o600)
