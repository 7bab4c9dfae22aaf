"""SIGTERM and SIGHUP end the app promptly at any moment of its life: while it starts, before its
first frame, while the question banks load, and after its terminal went away (Textual's output
then blocks). The real ``spin-coach`` runs in a child process on a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest

import spin_coach

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals and terminals as on POSIX")

# How long the app may take to be gone after the signal: its own limits are 2 s for a stuck loop
# and 1.5 s for a stuck close, with room for a machine busy with other work.
PROMPT = 10.0

# spin-coach with question banks that take a minute to load (a slow disk, a huge bank folder).
SLOW_BANKS = r"""
import os, time
import spin_coach.banks as banks

real = banks.load_banks

def slow(*args, **kwargs):
    open(os.environ["SLOW_BANKS_STARTED"], "w").close()
    time.sleep(60)
    return real(*args, **kwargs)

banks.load_banks = slow
from spin_coach.cli import main
main()
"""


class Terminal:
    """``spin-coach`` on a pseudo-terminal of 100×30; what it draws is read (and thrown away) as it comes."""

    def __init__(self, tmp_path, *, slow_banks: bool = False) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        # The spin_coach under test, whichever folder the child starts in.
        root = os.path.dirname(os.path.dirname(spin_coach.__file__))
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        self.banks_started = tmp_path / "banks-loading"
        if slow_banks:
            script = tmp_path / "slow_banks.py"
            script.write_text(SLOW_BANKS)
            command = [sys.executable, str(script)]
            env["SLOW_BANKS_STARTED"] = str(self.banks_started)
        else:
            command = [sys.executable, "-m", "spin_coach"]
        self.proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.drawn = threading.Event()
        self._stop = threading.Event()
        self._seen = b""
        self._tail = b""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # Never blocked in read(): a read in progress would keep the terminal open after close_terminal.
        while not self._stop.is_set():
            try:
                if not select.select([self.master], [], [], 0.05)[0]:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self._tail = (self._tail + chunk)[-6000:]
            if not self.drawn.is_set():
                self._seen = (self._seen + chunk)[-4096:]
                if b"spin-coach" in self._seen:  # the header of the first frame
                    self.drawn.set()

    def wait_drawn(self, timeout: float = 60) -> None:
        assert self.drawn.wait(timeout), "no first frame"

    def wait_banks_loading(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.banks_started.exists():
            assert time.monotonic() < deadline and self.proc.poll() is None, "the banks never started loading"
            threading.Event().wait(0.02)  # polling the child, not waiting for the app's timers

    def said(self) -> str:
        """The end of what it wrote, escape sequences taken out (for a failing test's message)."""
        self._reader.join(timeout=1)
        return re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b\][^\x07]*\x07", "", self._tail.decode(errors="replace"))[-1500:]

    def close_terminal(self) -> None:
        """The terminal window goes away: its end of the pty is closed."""
        self._stop.set()
        self._reader.join()
        os.close(self.master)
        self.master = -1

    def signal_and_time_exit(self, signum: int) -> tuple[int, float]:
        sent = time.monotonic()
        self.proc.send_signal(signum)
        try:
            code = self.proc.wait(timeout=PROMPT + 20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        return code, time.monotonic() - sent

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._stop.set()
        self._reader.join()
        if self.master >= 0:
            os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(**kwargs) -> Terminal:
        opened.append(Terminal(tmp_path, **kwargs))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


SIGNALS = pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])


@SIGNALS
@pytest.mark.parametrize("after", [0.0, 0.1], ids=["at-once", "at-0.1s"])
def test_a_signal_while_it_starts_ends_it(terminal, signum, after):
    term = terminal()
    if after:
        threading.Event().wait(after)  # the moment the signal comes: part of the scenario, not a wait for the app
    code, took = term.signal_and_time_exit(signum)
    assert took < PROMPT, took
    assert code in (0, -signum, 128 + signum)


@SIGNALS
def test_a_signal_after_the_first_frame_ends_it_cleanly(terminal, signum):
    term = terminal()
    term.wait_drawn()
    code, took = term.signal_and_time_exit(signum)
    assert (code, took < PROMPT) == (0, True), (took, term.said())


@SIGNALS
def test_banks_still_loading_do_not_keep_it_alive(terminal, signum):
    term = terminal(slow_banks=True)
    term.wait_drawn()
    term.wait_banks_loading()
    code, took = term.signal_and_time_exit(signum)
    assert took < PROMPT, took
    assert code == 0, term.said()


def test_a_terminal_closed_during_start_up_does_not_leave_it_running(terminal):
    # The window closes 0.05 s after launch; the hang-up arrives once the app is up. Textual's output
    # thread dies on the closed terminal and its writes block: only a handler outside the event loop helps.
    term = terminal()
    threading.Event().wait(0.05)
    term.close_terminal()
    threading.Event().wait(1.5)
    code, took = term.signal_and_time_exit(signal.SIGHUP)
    assert took < PROMPT, took
    assert code in (0, -signal.SIGHUP, 128 + signal.SIGHUP)


def test_a_terminal_closed_after_the_first_frame_ends_it_on_the_hang_up(terminal):
    term = terminal()
    term.wait_drawn()
    term.close_terminal()
    code, took = term.signal_and_time_exit(signal.SIGHUP)
    assert took < PROMPT, took
    assert code in (0, 128 + signal.SIGHUP)
