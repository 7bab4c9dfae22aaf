"""Saving what the seller types without them asking: shortly after they stop, and at the latest
a second after the first unsaved key, so a crash loses at most the last second of typing.

    saver = Autosaver(self, self._save_answer)   # in a widget's __init__ or on_mount
    saver.touch()                                # on every change
    saver.flush()                                # on blur, before switching, on exit

``save`` is any callable that writes to the store and raises on failure. A failure
keeps the saver dirty (so the next touch or flush tries again), notifies the seller,
and leaves the text on screen: the widget owns the text, the saver only writes it.
The app flushes every saver with pending changes (``flush_all(app)``) on quit, SIGTERM and SIGHUP.
"""

from __future__ import annotations

import weakref
from time import monotonic
from typing import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Autosaver:
    """Debounced saving with a deadline: after ``delay`` s of quiet, or ``max_wait`` s after the first change."""

    def __init__(
        self,
        owner: MessagePump,
        save: Callable[[], object],
        *,
        delay: float = 0.5,
        # Under the 1 s promise with room to spare: a busy event loop fires timers late.
        max_wait: float = 0.8,
        on_error: Callable[[Exception], object] | None = None,
    ) -> None:
        self._owner = owner
        self._save = save
        self.delay = delay
        self.max_wait = max_wait
        self._on_error = on_error
        self._timer: Timer | None = None
        self._first_change = 0.0
        self._last_change = 0.0
        self.dirty = False
        self.error: Exception | None = None

    def touch(self) -> None:
        """Note a change; the save happens later, off the keystroke's path."""
        now = monotonic()
        if not self.dirty:
            self.dirty = True
            self._first_change = now
        self._last_change = now
        if self._timer is None:
            _live(self._owner.app).add(self)
            # One timer at a time: when it fires it re-arms itself if keys came in meanwhile,
            # so a keystroke costs two assignments, not a new task.
            self._timer = self._owner.set_timer(self.delay, self._due, name="autosave")

    def _due(self) -> None:
        self._timer = None
        if not self.dirty:
            return
        now = monotonic()
        remaining = min(self._last_change + self.delay, self._first_change + self.max_wait) - now
        if remaining > 0.005:
            self._timer = self._owner.set_timer(remaining, self._due, name="autosave")
        else:
            self.flush()

    def flush(self) -> bool:
        """Save now if anything is unsaved. True when everything is saved."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.dirty:
            return True
        try:
            self._save()
        except Exception as exc:  # a database error must never lose the text or crash the app
            self.error = exc
            self._first_change = monotonic()
            self._report(exc)
            return False
        self.dirty = False
        if self.error is not None:
            self.error = None
            self._recovered()
        return True

    def discard(self) -> None:
        """Forget pending changes (the thing being edited was deleted)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.dirty = False

    def _report(self, exc: Exception) -> None:
        if self._on_error is not None:
            self._on_error(exc)
            return
        app = self._owner.app
        translate = getattr(app, "t", None)
        message = translate("tui.autosave.failed", error=str(exc)) if translate else f"Not saved: {exc}"
        app.notify(message, severity="error", timeout=10)

    def _recovered(self) -> None:
        app = self._owner.app
        translate = getattr(app, "t", None)
        app.notify(translate("tui.autosave.recovered") if translate else "Saved.", timeout=3)


def _live(app) -> "weakref.WeakSet[Autosaver]":
    # Per app, weakly: a closed widget's saver goes away with it.
    savers = getattr(app, "_autosavers", None)
    if savers is None:
        savers = app._autosavers = weakref.WeakSet()
    return savers


def flush_all(app) -> bool:
    """Flush every saver of ``app`` that has unsaved changes; True when all are saved."""
    ok = True
    for saver in list(_live(app)):
        ok = saver.flush() and ok
    return ok
