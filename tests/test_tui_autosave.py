"""Saving what the seller types: shortly after they stop, and at the latest a moment after the
first unsaved key even if they never stop — checked on a clock the test moves, not by waiting."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from spin_coach.tui import autosave
from spin_coach.tui.autosave import Autosaver


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Timer:
    def __init__(self, due: float, delay: float, callback) -> None:
        self.due, self.delay, self.callback, self.stopped = due, delay, callback, False

    def stop(self) -> None:
        self.stopped = True


class Owner:
    """Stands in for the widget: it keeps the timers the saver sets, for the test to fire."""

    def __init__(self, clock: Clock) -> None:
        self.app = SimpleNamespace(notify=lambda *args, **kwargs: None)
        self.clock = clock
        self.timers: list[Timer] = []

    def set_timer(self, delay: float, callback, name: str | None = None) -> Timer:
        self.timers.append(Timer(self.clock.now + delay, delay, callback))
        return self.timers[-1]

    def fire(self) -> None:
        """The armed timer comes due: the clock moves to its time and it runs."""
        [timer] = [t for t in self.timers if not t.stopped]
        timer.stopped = True
        self.clock.now = timer.due
        timer.callback()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(autosave, "monotonic", fake)
    return fake


def test_the_text_is_saved_half_a_second_after_the_last_key(clock):
    owner, saves = Owner(clock), []
    saver = Autosaver(owner, lambda: saves.append(clock.now))
    saver.touch()
    clock.now = 0.3
    saver.touch()  # one timer at a time: a key does not set another
    assert len(owner.timers) == 1 and saves == []
    owner.fire()  # at 0.5: the last key was only 0.2 s ago, so it waits on
    assert saves == [] and owner.timers[-1].delay == pytest.approx(0.3)
    owner.fire()
    assert saves == [pytest.approx(0.8)] and not saver.dirty


def test_typing_that_never_pauses_is_saved_within_a_second(clock):
    owner, saves = Owner(clock), []
    saver = Autosaver(owner, lambda: saves.append(clock.now))
    saver.touch()
    for tenth in range(1, 20):  # a key every 0.1 s: always faster than the quiet delay
        if any(not t.stopped and t.due <= tenth / 10 for t in owner.timers):
            owner.fire()
        clock.now = tenth / 10
        saver.touch()
    assert saves and saves[0] <= 1.0


def test_a_failed_save_keeps_the_text_unsaved_and_tries_again(clock):
    owner, errors, attempts = Owner(clock), [], []

    def save() -> None:
        attempts.append(clock.now)
        if len(attempts) == 1:
            raise OSError("disk full")

    saver = Autosaver(owner, save, on_error=errors.append)
    saver.touch()
    assert not saver.flush() and saver.dirty and [str(e) for e in errors] == ["disk full"]
    assert saver.flush() and not saver.dirty and len(attempts) == 2
