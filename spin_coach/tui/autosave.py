"""Saving what the seller types without them asking: shortly after they stop, and at the latest
a second after the first unsaved key, so a crash loses at most the last second of typing.

    saver = Autosaver(self, self._save_answer)   # in a widget's __init__ or on_mount
    saver.touch()                                # on every change
    saver.flush()                                # on blur, before switching, on exit

``save`` is any callable that writes to the store and raises on failure. A failure
keeps the saver dirty (so the next touch or flush tries again) and leaves the text on
screen: the widget owns the text, the saver only writes it. ``on_error`` lets the widget
show its own NOT SAVED status; the app shows one standing notice for all savers while any
of them fails, and takes it down when saving works again (one notice, not one per attempt).
An ``on_error`` that returns True has told the seller itself (no standing notice for it).

``pending`` says what the saver holds unsaved, as :class:`spin_coach.recovery.Item` objects (or
one, or None), so nothing is dropped on quit: the app flushes every saver with pending
changes (``flush_all(app)``) on quit, SIGTERM and SIGHUP, and what still is not saved
(``unsaved_all(app)``) goes to a recovery file the next start offers to restore.
"""

from __future__ import annotations

import weakref
from time import monotonic
from typing import TYPE_CHECKING, Callable, Iterable, Union

from textual.message_pump import MessagePump
from textual.timer import Timer

if TYPE_CHECKING:
    from ..recovery import Item

    Pending = Union["Item", Iterable["Item"], None]


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
        pending: "Callable[[], Pending] | None" = None,
    ) -> None:
        self._owner = owner
        self._save = save
        self.delay = delay
        self.max_wait = max_wait
        self._on_error = on_error
        self._pending = pending
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
        self.error = None
        self._recovered()
        return True

    def discard(self) -> None:
        """Forget pending changes (the thing being edited was deleted)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.dirty = False
        self.error = None
        self._recovered()

    def unsaved(self) -> "list[Item]":
        """What this saver holds that is not in the database (empty when everything is saved)."""
        if not self.dirty or self._pending is None:
            return []
        found = self._pending()
        if found is None:
            return []
        return [found] if not isinstance(found, (list, tuple)) else [i for i in found if i is not None]

    def _report(self, exc: Exception) -> None:
        # ``on_error`` returns True when it has put the matter to the seller itself (a conflict with
        # another window, asked in a dialog): the standing notice is for a database that fails.
        if self._on_error is not None and self._on_error(exc) is True:
            return
        _notice(self._owner.app).failed(self, exc)

    def _recovered(self) -> None:
        # Any save that works may take the notice down (once no saver still on screen fails).
        notice = getattr(self._owner.app, "_save_notice", None)
        if notice is not None and notice.standing:
            notice.saved(self)


class _SaveNotice:
    """The one standing notice "NOT SAVED" of an app: up while any saver fails, updated when the
    database's words change, taken down (with a short "Saved.") once every saver saves again."""

    # Longer than any session: it stands until saving works again.
    STANDING = 365 * 24 * 3600.0

    def __init__(self, app) -> None:
        self._app = app
        self._failing: "weakref.WeakSet[Autosaver]" = weakref.WeakSet()
        self._shown = None  # the Notification on screen
        self._message = ""

    @property
    def standing(self) -> bool:
        return self._shown is not None

    def failed(self, saver: Autosaver, exc: Exception) -> None:
        app = self._app
        self._failing.add(saver)
        translate = getattr(app, "t", None)
        message = translate("tui.autosave.failed", error=str(exc)) if translate else f"NOT SAVED: {exc}"
        if self._shown is not None and message == self._message:
            return  # the same words again: the notice already says so
        self._withdraw(app)
        self._message = message
        self._shown = _raise(app, message, severity="error", timeout=self.STANDING)

    def saved(self, saver: Autosaver) -> None:
        app = self._app
        self._failing.discard(saver)
        if len(self._failing) or self._shown is None:
            return
        self._withdraw(app)
        translate = getattr(app, "t", None)
        app.notify(translate("tui.autosave.recovered") if translate else "Saved.", timeout=3)

    def _withdraw(self, app) -> None:
        shown, self._shown, self._message = self._shown, None, ""
        if shown is None:
            return
        # Expired first: if the notice has not reached the screen yet, it is never drawn.
        shown.timeout = 0
        # Textual takes back one notification only privately (clear_notifications takes all of them).
        unnotify = getattr(app, "_unnotify", None)
        if unnotify is not None:
            unnotify(shown)


def _raise(app, message: str, *, severity: str, timeout: float):
    """Show a notification and return it (Textual's ``notify`` does not), so it can be taken back."""
    from textual.notifications import Notification, Notify

    from ..safe_text import visible

    notification = Notification(visible(message), "", severity, timeout, markup=False)
    if hasattr(app, "post_message"):
        app.post_message(Notify(notification))
    else:  # a stand-in app (unit tests)
        app.notify(message, severity=severity, timeout=timeout)
    return notification


def _notice(app) -> _SaveNotice:
    notice = getattr(app, "_save_notice", None)
    if notice is None:
        notice = _SaveNotice(app)
        try:
            app._save_notice = notice
        except AttributeError:  # pragma: no cover
            pass
    return notice


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


def unsaved_all(app) -> "list[Item]":
    """What every saver of ``app`` holds unsaved (after a ``flush_all`` that failed)."""
    items: list[Item] = []
    for saver in list(_live(app)):
        items += saver.unsaved()
    return items


def save_notice_standing(app) -> bool:
    """True while the app shows its standing "NOT SAVED" notice."""
    notice = getattr(app, "_save_notice", None)
    return notice is not None and notice.standing
