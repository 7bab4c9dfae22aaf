"""The terminal app: start to first screen, memory at first screen, and opening a big deal.

1. Start to first screen, headless, whole process: a fresh ``python -c`` starts
   the app and notes the moment its first frame is complete (the first screen
   update handed to the driver). The same for a one-widget Textual app, runs
   interleaved; the ratio of the medians is the figure (bar ≤ 1.8 ×). Times run
   from spawning the process. The home screen's deal list fills just after the
   first frame (the store opens then), so that moment is reported too.
2. Peak memory: the child's peak resident set (``VmHWM``) once the deals are
   listed. Not ``ru_maxrss``: that survives ``exec`` on Linux and so counts the
   forked copy of a large parent (such as bench/run.py after the other benches).
3. Opening a deal with 12 stakeholders and 300 answers (plus problems,
   meetings and notes): from ``app.open_deal`` to the workspace's first
   complete frame (composed, filled by the coach, laid out and rendered to
   terminal output). The first open includes importing the workspace's
   modules (what a seller waits for once); later ones do not.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from busy_deal import ANSWERS, PEOPLE
from common import median, row

RUNS = 9
OPENS = 7

# Both children report the first frame the same way: the first time the app hands a
# finished screen update to its driver (headless drivers skip writing it, not building it).
_FIRST_FRAME = """
import sys, time

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

def report_first_frame(app, then=None):
    display = app._display

    def first(screen, update):
        display(screen, update)
        if update is not None and not app._batch_count and not getattr(app, "_bench_seen", False):
            app._bench_seen = True
            print("frame", time.perf_counter(), peak_kib(), flush=True)
            try:  # how many deals the seller already sees on that frame
                print("rows", app.screen.query_one("#deals").row_count, 0, flush=True)
            except Exception:
                pass
            (then or app.exit)()

    app._display = first
"""

BASELINE = _FIRST_FRAME + """
from textual.app import App
from textual.widgets import Static

class One(App):
    def compose(self):
        yield Static("one widget")

app = One()
report_first_frame(app)
app.run(headless=True, size=(120, 40))
"""

# spin-coach also reports when the home screen has listed the deals (the store opens just after the first frame).
SPIN_COACH = _FIRST_FRAME + """
from pathlib import Path
import spin_coach.cli  # what `spin-coach` imports before it opens the app
from spin_coach.tui.app import create_app

app = create_app(Path(sys.argv[1]), [], "en")

def wait_for_deals():
    from spin_coach.tui.screens.home import HomeScreen
    reload = HomeScreen.reload

    def listed(self, *args, **kwargs):
        reload(self, *args, **kwargs)
        print("listed", time.perf_counter(), peak_kib(), flush=True)
        app.exit()

    HomeScreen.reload = listed

report_first_frame(app, then=wait_for_deals)
app.run(headless=True, size=(120, 40))
"""


def _start_once(code: str, *args: str, env: dict) -> dict[str, tuple[float, float]]:
    """For each line the child prints ("frame", "listed"): seconds since spawn, and peak memory then (MiB)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = child.communicate(timeout=60)
    marks: dict[str, tuple[float, float]] = {}
    for line in out.splitlines():
        what, at, kib = line.split()
        if what == "rows":
            marks[what] = (float(at), 0.0)
            continue
        # perf_counter is CLOCK_MONOTONIC on Linux: the child's readings share the parent's clock.
        marks[what] = (float(at) - started, int(kib) / 1024)
    if "frame" not in marks:
        raise RuntimeError(f"child did not reach its first frame: {err[-2000:]}")
    return marks


def _startup(tmp: Path) -> list[dict]:
    from spin_coach.actions import DealActions
    from spin_coach.demo import add_demo
    from spin_coach.store import Store

    db = tmp / "start.db"
    store = Store.open(db)
    add_demo(DealActions(store), "en")  # the home screen lists a deal, as it would for a seller
    store.close()
    env = {**os.environ, "SPIN_COACH_CONFIG_DIR": str(tmp / "config"), "LANG": "en_US.UTF-8"}
    ours, listed, base, memory, shown = [], [], [], [], []
    _start_once(BASELINE, env=env)  # warm the file cache for both
    _start_once(SPIN_COACH, str(db), env=env)
    for _ in range(RUNS):
        base.append(_start_once(BASELINE, env=env)["frame"][0])
        marks = _start_once(SPIN_COACH, str(db), env=env)
        ours.append(marks["frame"][0])
        listed.append(marks["listed"][0])
        shown.append(int(marks.get("rows", (0, 0))[0]))
        memory.append(max(m for what, (_, m) in marks.items() if what != "rows"))
    ratio = median(ours) / median(base)
    listed_ratio = median(listed) / median(base)
    peak = max(memory)
    return [
        row("TUI start to first screen, headless, whole process (median)", median(ours) * 1000, "ms", "—", True),
        row("one-widget Textual app, same measure (median)", median(base) * 1000, "ms", "—", True),
        row("TUI start to first screen ÷ one-widget app", ratio, "×", "≤ 1.8 ×", ratio <= 1.8),
        row("deals listed on the first frame (read with plain sqlite3; the demo DB has 1)", min(shown), "deals", "≥ 1", min(shown) >= 1),
        row("TUI start to the full store open and the list re-read ÷ one-widget app", listed_ratio, "×", "—", True),
        row("peak memory at first screen with deals listed (max of runs)", peak, "MiB", "≤ 60 MiB", peak <= 60),
    ]


def _big_deal(db: Path) -> str:
    """The busy deal (bench/busy_deal.py) written to a database; its id."""
    from busy_deal import busy_deal

    from spin_coach.banks import load_banks
    from spin_coach.store import Store

    record = busy_deal(load_banks([]))
    store = Store.open(db)
    store.insert_record(record)
    store.close()
    return record.deal.id


async def _open_times(db: Path, deal_id: str) -> list[float]:
    """Milliseconds from ``app.open_deal`` to the workspace's first complete frame, built as a terminal would get it."""
    from spin_coach.tui.app import create_app

    app = create_app(db, [], "en")
    times: list[float] = []
    opened = asyncio.Event()
    state = {"started": None}
    display = app._display

    def first_workspace_frame(screen, update) -> None:
        if update is not None:
            update.render_segments(app.console)  # headless drivers skip building the output; build it, so it is timed
        display(screen, update)
        started = state["started"]
        if started is not None and update is not None and type(screen).__name__ == "WorkspaceScreen" and screen.record is not None:
            times.append((time.perf_counter() - started) * 1000)
            state["started"] = None
            opened.set()

    app._display = first_workspace_frame
    async with app.run_test(size=(120, 40)) as pilot:
        app.get_banks()  # loaded after the first frame in real use, long before a deal is opened
        await pilot.pause()
        for _ in range(OPENS):
            opened.clear()
            state["started"] = time.perf_counter()
            app.open_deal(deal_id)
            await asyncio.wait_for(opened.wait(), 10)
            await pilot.pause()
            assert len(app.screen.record.answers) == ANSWERS
            app.pop_screen()
            await pilot.pause()
    app.store.close()
    return times


def _open_deal(tmp: Path) -> list[dict]:
    db = tmp / "big.db"
    deal_id = _big_deal(db)
    times = asyncio.run(_open_times(db, deal_id))
    first, warm = times[0], median(times[1:])
    return [
        row(f"open a deal with {PEOPLE} stakeholders and {ANSWERS} answers, first open", first, "ms", "≤ 150 ms", first <= 150),
        row(f"open a deal with {PEOPLE} stakeholders and {ANSWERS} answers, later opens (median)", warm, "ms", "≤ 150 ms", warm <= 150),
    ]


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "config").mkdir()
        os.environ.setdefault("SPIN_COACH_CONFIG_DIR", str(tmp_path / "config"))
        return _startup(tmp_path) + _open_deal(tmp_path)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for r in run():
        print(r)
