"""The spin-coach terminal app: one factory builds it for the CLI and for the tests.

What every screen may rely on:
- ``app.store`` — the :class:`spin_coach.store.Store`, opened right after the first
  frame (or at once, on first use); screens that show data on their first frame
  reload on ``messages.StoreOpened``;
- ``app.banks`` — the merged question banks, or ``None`` while they load in the
  background; ``app.get_banks()`` returns them, loading them now if need be;
- ``app.lang`` and ``app.t(key, **values)`` — the UI language and its messages;
- ``app.actions`` — the write layer (:class:`spin_coach.actions.DealActions`): the only
  way a screen, widget or dialog changes data. Every action it carries out reaches
  every screen as one ``messages.DealChanged``, so screens showing that deal redraw
  (a screen never announces a change itself); ``with app.saving(): ...`` around an
  action tells the seller when it is refused or the database fails;
- ``app.open_deal``, ``open_meeting``, ``open_strategy``, ``open_call_plan``,
  ``open_proposal`` — the ways between screens.

Startup stays light: the first frame needs neither pydantic nor sqlite-utils, so
the store is opened just after it; screens are imported when first shown; the
banks are parsed in a thread after that.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import i18n
from ..safe_text import visible
from .autosave import flush_all, unsaved_all
from .config import DARK_THEME, LIGHT_THEME, Config, load_config
from .keys import localize_bindings
from .messages import BanksLoaded, DealChanged, StoreOpened

if TYPE_CHECKING:
    from textual.content import Content

    from ..actions import Change, DealActions
    from ..banks import BankSet
    from ..store import Store


# After SIGTERM or SIGHUP (see SpinCoachApp._watchdog): the event loop must take up the exit within
# EXIT_START_SECONDS (else it is stuck), saving may take EXIT_SAVE_SECONDS (a busy database waits up
# to 5 s), and once all is saved or kept, closing may take EXIT_CLOSE_SECONDS; then the process ends anyway.
EXIT_START_SECONDS = 2.0
EXIT_SAVE_SECONDS = 6.0
EXIT_CLOSE_SECONDS = 1.5


def _screen_commands():
    from .commands import ScreenCommands

    return ScreenCommands


class SpinCoachApp(App):
    """SPIN discovery across the buying group, one shared problem definition."""

    CSS_PATH = "app.tcss"
    TITLE = "spin-coach"
    COMMANDS = App.COMMANDS | {_screen_commands}
    # Narrow terminals stack the workspace panels instead of squeezing them side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "tui.key.help", id="app.help"),
        Binding("f2", "toggle_theme", "tui.key.theme", id="app.theme", show=False),
        # Declared here (Textual adds it otherwise) so its footer label is translated and it can be remapped.
        Binding("ctrl+p", "command_palette", "tui.key.palette", id="app.palette", show=False),
        Binding("ctrl+q", "quit", "tui.key.quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(self, db_path: Path, bank_dirs: list[Path], lang: str, config: Config) -> None:
        self.db_path = db_path
        self._store: Store | None = None
        self._actions: DealActions | None = None
        self.store_error: str | None = None
        self.bank_dirs = list(bank_dirs)
        self.lang = lang
        self.config = config
        self.banks: BankSet | None = None
        self._banks_lock = threading.Lock()
        # SIGTERM and SIGHUP (see install_signal_handlers): the handlers this app replaced, and who installed them.
        self._previous_handlers: dict[int, object] = {}
        self._handlers_from_mount = False
        self._loop_for_signals = None
        self._signalled: int | None = None
        self._own_process = False
        self._exit_started = threading.Event()
        self._exit_saved = threading.Event()
        # Text that could not be saved when the app closes: kept in a recovery file once, or let go (quit anyway).
        self._unsaved_lock = threading.Lock()
        self._unsaved_settled = False
        self.unsaved_file: Path | None = None
        super().__init__()
        localize_bindings(self)
        self.theme = config.theme if config.theme in self.available_themes else DARK_THEME
        if config.keymap:
            self.set_keymap(config.keymap)

    # ------------------------------------------------------------ what screens use

    @property
    def store(self) -> "Store":
        """The open store; opens it now if the app has not yet (raises StoreError if it cannot)."""
        if self._store is None:
            from ..store import Store

            self._store = Store.open(self.db_path)
        return self._store

    @property
    def actions(self) -> "DealActions":
        """The seller's actions on the open store; each change reaches every screen as ``DealChanged``."""
        if self._actions is None:
            from ..actions import DealActions

            self._actions = DealActions(self.store, [self._announce])
        return self._actions

    def _announce(self, change: "Change") -> None:
        self._known_revisions()[change.deal_id] = change.revision  # written here: not news from elsewhere
        self.deal_changed(change.deal_id, change)

    # ------------------------------------------------------------ changes made in other windows

    OTHER_WINDOWS_EVERY = 2.0  # seconds between the checks for writes by another window or process

    def _known_revisions(self) -> dict[str, int]:
        known = getattr(self, "_revisions_known", None)
        if known is None:
            known = self._revisions_known = {}
        return known

    def _watch_other_windows(self) -> None:
        """Check every couple of seconds whether another window (or a script) wrote a deal shown here."""
        self.set_interval(self.OTHER_WINDOWS_EVERY, self.check_other_windows, name="other-windows")

    def check_other_windows(self) -> list[str]:
        """Each deal on an open screen whose revision moved beyond what this app wrote or read gets a
        ``DealChanged`` (no ``change``: it came from elsewhere), so its screens reload. One tiny query
        per deal. Returns the deals that moved (the tests drive this directly)."""
        if self._store is None:
            return []
        known = self._known_revisions()
        moved = []
        for screen in self.screen_stack:
            deal_id = getattr(screen, "deal_id", None)
            if not isinstance(deal_id, str) or deal_id in moved:
                continue
            try:
                revision = self._store.revision(deal_id)
            except sqlite3.Error:
                return moved  # the database is busy or gone: the next check tries again
            if deal_id not in known:
                shown = getattr(getattr(screen, "record", None), "revision", None)
                known[deal_id] = shown if isinstance(shown, int) else revision
            if revision != known[deal_id]:
                known[deal_id] = revision
                moved.append(deal_id)
        for deal_id in moved:
            self.deal_changed(deal_id)
        return moved

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Around a seller action: if it is refused or the database fails, the seller is told
        (nothing was changed) and the rest of the block is skipped."""
        from ..store import StoreError

        try:
            yield
        except (StoreError, ValueError, sqlite3.Error) as exc:  # ValueError: a value the models refuse
            self.notify(self.t("tui.common.not_saved", error=str(exc)), severity="error", timeout=10)

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    def t(self, key: str, **values) -> str:
        """The UI message ``key`` (``domain.name``) in the app's language."""
        return i18n.t(key, self.lang, **values)

    # ------------------------------------------------------------ client text on screen

    def notify(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None, markup: bool = False) -> None:
        """A toast. Its message and title are always plain text, whatever ``markup`` says (the app's
        messages carry client text, and the translations hold no markup), with control characters
        shown visibly: every ``notify`` of a screen or widget comes through here."""
        super().notify(visible(str(message)), title=visible(str(title)), severity=severity, timeout=timeout, markup=False)

    def format_title(self, title: str, sub_title: str) -> "Content":
        """The header's title and sub-title (deal and client names): plain text, control characters visible."""
        return super().format_title(visible(title), visible(sub_title))

    def get_banks(self) -> "BankSet":
        """The question banks; loads them now if the background load has not finished."""
        if self.banks is None:
            with self._banks_lock:
                if self.banks is None:
                    from ..banks import load_banks

                    self.banks = load_banks(self.bank_dirs)
        return self.banks

    def deal_changed(self, deal_id: str, change: "Change | None" = None) -> None:
        """Tell every open screen that ``deal_id`` changed in the store (``app.actions`` does this for each action)."""
        for screen in self.screen_stack:
            screen.post_message(DealChanged(deal_id, change))

    def open_deal(self, deal_id: str) -> None:
        from .screens.workspace import WorkspaceScreen

        self.push_screen(WorkspaceScreen(deal_id))

    def open_meeting(self, deal_id: str, attendees: list[str]) -> None:
        self._open("meeting", "MeetingScreen", deal_id, attendees)

    def open_strategy(self, deal_id: str) -> None:
        self._open("strategy", "StrategyScreen", deal_id)

    def open_call_plan(self, deal_id: str, stakeholder_id: str) -> None:
        self._open("call_plan", "CallPlanScreen", deal_id, stakeholder_id)

    def open_proposal(self, deal_id: str) -> None:
        self._open("proposal", "ProposalScreen", deal_id)

    def _open(self, module: str, name: str, *args) -> None:
        import importlib

        try:
            screen_class = getattr(importlib.import_module(f"{__package__}.screens.{module}"), name)
        except (ImportError, AttributeError):
            self.notify(self.t("tui.app.screen_missing", name=name), severity="warning")
            return
        self.push_screen(screen_class(*args))

    # ------------------------------------------------------------ life cycle

    def get_default_screen(self) -> Screen:
        from .screens.home import HomeScreen

        return HomeScreen()

    async def run_async(self, *args, **kwargs):
        # The loop a signal handler hands the exit to, known before the first frame (see _on_signal).
        import asyncio

        self._loop_for_signals = asyncio.get_running_loop()
        try:
            return await super().run_async(*args, **kwargs)
        finally:
            self._loop_for_signals = None

    def on_mount(self) -> None:
        import asyncio

        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._loop_for_signals = asyncio.get_running_loop()
        if not self._previous_handlers:  # run() installs them before the app starts; tests start here
            self._handlers_from_mount = self.install_signal_handlers()
        for problem in self.config.problems:
            self.notify(problem, title=self.t("tui.app.config_problem"), severity="warning", timeout=10)
        # The store and the banks are opened off the path to the first frame.
        self.call_after_refresh(self._open_store)

    def _open_store(self) -> None:
        from ..store import StoreError

        if self._exit_started.is_set():
            return  # a signal came first: screens being closed must not start filling themselves
        try:
            self.store
        except StoreError as exc:
            self.store_error = str(exc)
            self.notify(self.store_error, title=self.t("tui.app.store_failed"), severity="error", timeout=30)
        for screen in self.screen_stack:
            screen.post_message(StoreOpened())
        self._load_banks_in_background()
        if self._store is not None:
            self._watch_other_windows()
            self._offer_recovery()

    def _load_banks_in_background(self) -> None:
        self.run_worker(self._load_banks, name="banks", exit_on_error=False)

    async def _load_banks(self) -> None:
        # Parsed in a daemon thread of its own, not Textual's thread pool: a closing app (ctrl+q, a
        # signal, a terminal that went away) never waits for the banks, and the thread never waits
        # for the app (no call_from_thread, which blocks on a loop that may have stopped).
        import asyncio

        loop = asyncio.get_running_loop()
        done: asyncio.Future = loop.create_future()

        def settle(outcome: str, value) -> None:
            if not done.done():
                done.set_result(value) if outcome == "ok" else done.set_exception(value)

        def load() -> None:
            try:
                outcome = ("ok", self.get_banks())
            except Exception as exc:
                outcome = ("error", exc)
            try:
                loop.call_soon_threadsafe(settle, *outcome)
            except RuntimeError:
                return  # the app has closed
            # Warm what opening a deal needs, so the first open does not wait for the imports.
            import importlib

            for module in ("spin_coach.coach", "spin_coach.tui.screens.workspace"):
                importlib.import_module(module)

        threading.Thread(target=load, name="spin-coach-banks", daemon=True).start()
        self._banks_ready(await done)

    def _banks_ready(self, banks: "BankSet") -> None:
        for problem in banks.problems:
            self.notify(str(problem), title=self.t("tui.app.bank_skipped"), severity="warning", timeout=10)
        for screen in self.screen_stack:
            screen.post_message(BanksLoaded())

    # ------------------------------------------------------------ closing: signals, unsaved text

    def install_signal_handlers(self, *, own_process: bool = False) -> bool:
        """Handle SIGTERM and SIGHUP (a terminal closed) from now on; False where that cannot be done.

        ``run()`` calls this before the app starts (``own_process``: the process ends with the
        app, and is ended even if the app cannot close), so a signal at any moment ends it. The
        handlers are plain ``signal.signal`` handlers, not the event loop's: they run even
        while the loop is stuck (a terminal that went away can block Textual's output).
        """
        self._own_process = self._own_process or own_process
        installed = False
        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is None or signum in self._previous_handlers:
                continue
            try:
                self._previous_handlers[signum] = signal.signal(signum, self._on_signal)
            except (ValueError, OSError):
                continue  # not the main thread, or a platform without it
            installed = True
        return installed

    @property
    def _signals_installed(self) -> list[int]:
        return list(self._previous_handlers)

    def restore_signal_handlers(self) -> None:
        for signum, previous in self._previous_handlers.items():
            try:
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
            except (ValueError, OSError, TypeError):
                pass
        self._previous_handlers.clear()

    def _on_signal(self, signum: int, frame) -> None:
        """SIGTERM or SIGHUP: save what can be saved, keep the rest in a recovery file, exit — promptly.

        The exit is handed to the event loop (the store and the widgets live there); a watchdog
        thread ends the process if the loop does not get there (it is stuck: a terminal that went
        away blocks Textual's output), keeping the unsaved text first, or if closing hangs after
        everything was saved. A second signal ends it at once, the same way.
        """
        loop = self._loop_for_signals
        if loop is None or loop.is_closed():
            # The app is not running (yet, or any more): nothing typed is held here. End as the signal would.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if self._signalled is not None and self._own_process:
            self._last_resort(signum)
            return
        self._signalled = signum
        if self._own_process:
            threading.Thread(target=self._watchdog, args=(signum,), name="spin-coach-exit", daemon=True).start()
        try:
            loop.call_soon_threadsafe(self._save_and_exit, signum)
        except RuntimeError:
            pass  # the loop closed meanwhile: the watchdog ends it

    def _watchdog(self, signum: int) -> None:
        started = self._exit_started.wait(EXIT_START_SECONDS)
        saved = started and self._exit_saved.wait(EXIT_SAVE_SECONDS)
        if saved:
            threading.Event().wait(EXIT_CLOSE_SECONDS)
        self._last_resort(signum, saved=saved and not self.return_code)

    def _last_resort(self, signum: int, *, saved: bool = False) -> None:
        """End the process now, keeping what is unsaved in a recovery file first (from memory, not
        through the database: that may be what hangs)."""
        try:
            self.keep_unsaved(_signal_name(signum), wait=1.0)
        except BaseException:
            saved = False
        os._exit(0 if saved else 128 + signum)

    def _save_and_exit(self, signum: int | None = None) -> None:
        self._exit_started.set()
        reason = _signal_name(signum) if signum is not None else "exit"
        try:
            self.keep_unsaved(reason, flush=True)
        except OSError as exc:
            # Not even the recovery file could be written (a full disk): say so where the terminal shows it.
            self.exit(return_code=1, message=_plain(self.t("tui.unsaved.file_failed", error=str(exc))))
            return
        finally:
            self._exit_saved.set()
        self.exit()

    def keep_unsaved(self, reason: str, *, flush: bool = False, wait: float = -1) -> Path | None:
        """Write what is still unsaved to a private recovery file (once); its path, or None if nothing
        was left unsaved. ``flush``: try the database first. Raises OSError if the file cannot be written."""
        if not self._unsaved_lock.acquire(timeout=wait):
            return None
        try:
            if self._unsaved_settled:
                return self.unsaved_file
            if flush and self._store is not None:
                flush_all(self)
            items = unsaved_all(self)
            if not items:
                return None
            from .. import recovery

            self.unsaved_file = recovery.write(self.db_path, items, reason=reason)
            self._unsaved_settled = True
            return self.unsaved_file
        finally:
            self._unsaved_lock.release()

    def on_unmount(self) -> None:
        # Anything still unsaved (an exit that did not come through quit or a signal) is kept, not dropped.
        try:
            self.keep_unsaved("exit", flush=True)
        except OSError:
            pass
        if self._handlers_from_mount:
            self.restore_signal_handlers()  # an app started without run() (tests) leaves the process as it was

    def _offer_recovery(self) -> None:
        """Text kept from an earlier session that could not save it: offer to put it back."""
        from .. import recovery

        kept = recovery.find(self.db_path)
        if not kept:
            return
        from .dialogs.recover import RecoverDialog

        titles = self._deal_titles(i for k in kept for i in k.items)
        self.push_screen(RecoverDialog(kept, titles, recovery.recovery_dir(self.db_path)), lambda choice: self._recovery_chosen(kept, choice))

    def _deal_titles(self, items) -> dict[str, str]:
        titles: dict[str, str] = {}
        for item in items:
            if item.deal_id not in titles:
                try:
                    titles[item.deal_id] = self.store.deal(item.deal_id).title
                except Exception:  # a deal deleted since (or no database): the dialog says so
                    titles[item.deal_id] = ""
        return titles

    def _recovery_chosen(self, kept, choice: str | None) -> None:
        from .. import recovery
        from ..store import StoreError

        if choice == "discard":
            for found in kept:
                recovery.discard(found)
            self.notify(self.t("tui.recover.discarded"))
            return
        if choice != "restore":
            self.notify(self.t("tui.recover.kept", folder=str(recovery.recovery_dir(self.db_path))), timeout=10)
            return
        restored, error = 0, None
        for found in kept:
            failed = []
            for item in found.items:
                try:
                    recovery.restore(self.actions, item)
                except (StoreError, ValueError, KeyError, TypeError, sqlite3.Error) as exc:
                    failed.append(item)
                    error = exc
                else:
                    restored += 1
            try:
                recovery.keep_only(found, failed, self.db_path) if failed else recovery.discard(found)
            except OSError:
                pass  # the old file stays: restoring again saves the same ids again
        if error is None:
            self.notify(self.t("tui.recover.restored", n=restored))
        else:
            self.notify(self.t("tui.recover.not_all", n=restored, error=str(error)), severity="error", timeout=30)

    # ------------------------------------------------------------ actions

    async def action_quit(self) -> None:
        """Quit; text the database will not take is never dropped without asking."""
        if self._store is not None:
            flush_all(self)
        items = [] if self._unsaved_settled else unsaved_all(self)
        if not items:
            self.exit()
            return
        from .dialogs.unsaved import UnsavedDialog

        if not isinstance(self.screen, UnsavedDialog):
            self.push_screen(UnsavedDialog(items, self._deal_titles(items)), self._quit_chosen)

    def _quit_chosen(self, choice: str | None) -> None:
        if choice == "quit":
            self._unsaved_settled = True  # the seller chose to let it go
            self.exit()
        elif choice == "file":
            try:
                path = self.keep_unsaved("quit")
            except OSError as exc:
                self.notify(self.t("tui.unsaved.file_failed", error=str(exc)), severity="error", timeout=30)
                return  # they stay, with their text on screen
            self.exit(message=_plain(self.t("tui.unsaved.kept", path=str(path))) if path else None)

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def _remember_theme(self, theme) -> None:
        if theme.name != self.config.theme:
            try:
                self.config.save_setting("theme", theme.name)
            except OSError as exc:
                self.notify(self.t("tui.app.config_not_saved", error=str(exc)), severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own commands, in the app's language where we have the words.
        yield SystemCommand(self.t("tui.cmd.theme"), self.t("tui.cmd.theme_help"), self.action_change_theme)
        yield SystemCommand(self.t("tui.cmd.toggle_theme"), self.t("tui.cmd.toggle_theme_help"), self.action_toggle_theme)
        yield SystemCommand(self.t("tui.cmd.help"), self.t("tui.cmd.help_help"), self.action_help)
        yield SystemCommand(self.t("tui.cmd.quit"), self.t("tui.cmd.quit_help"), self.action_quit)
        yield SystemCommand(
            self.t("tui.cmd.screenshot"), self.t("tui.cmd.screenshot_help"), lambda: self.set_timer(0.1, self.deliver_screenshot)
        )


def create_app(db_path: Path, bank_dirs: list[Path], lang: str | None, config_path: Path | None = None) -> SpinCoachApp:
    """The one way to build the app, for ``spin-coach`` and for the tests.

    ``lang`` (from ``--lang``) wins over the config file, which wins over the locale.
    The database opens just after the first frame; a database that cannot be
    opened is reported in the app.
    """
    config = load_config(config_path)
    return SpinCoachApp(Path(db_path), bank_dirs, i18n.resolve_language(lang, config.lang), config)


def _plain(message: str):
    """A message printed after the app has closed: plain text (a path or an error may hold "[…]")."""
    from rich.text import Text

    return Text(visible(message))


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def run(db_path: Path, bank_dirs: list[Path], lang: str | None) -> None:
    """Open the terminal app (``spin-coach`` with no command)."""
    app = create_app(db_path, bank_dirs, lang)
    # Before the app starts, not in on_mount: a terminal closed during start-up ends it too.
    app.install_signal_handlers(own_process=True)
    try:
        app.run()
    finally:
        if app.store_is_open:
            app.store.close()
        app.restore_signal_handlers()
    if app.store_error:
        print(f"error: {app.store_error}", file=sys.stderr)
        sys.exit(1)
    if app.return_code:
        sys.exit(app.return_code)
