"""Meeting mode: a key typed into a meeting whose notes already hold 5,000 lines.

The real app and the real MeetingScreen run headless on a file database. Each
key is timed from the moment it is handed to the app (as the terminal driver
does) until every widget has handled it and the screen has rendered the
change: the compositor's update is built and turned into terminal output,
which a headless driver would otherwise skip. Keys come at a fast typist's
pace, so the autosave (at most a second after the first unsaved key) runs
between them as it would for real and is timed too.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import median, percentile, row

LINES = 5000
KEYS = 200
WARMUP = 20
PACE = 0.04  # seconds between keys: 25 keys a second, a fast typist
TEXT = "the approval queue costs us twelve thousand euros a month in penalties and overtime "


def _prepare(db: Path) -> tuple[str, list[str], str]:
    from spin_coach.actions import DealActions
    from spin_coach.demo import add_demo
    from spin_coach.models import Meeting, Note
    from spin_coach.store import Store

    store = Store.open(db)
    deal_id = add_demo(DealActions(store), "en")
    people = [p.id for p in store.stakeholders(deal_id)][:4]
    meeting = store.add_meeting(Meeting(deal_id=deal_id, attendees=people))
    stages = [None, "situation", "problem", "implication", "need_payoff"]
    notes = [
        Note(
            deal_id=deal_id,
            meeting_id=meeting.id,
            at=meeting.started_at + timedelta(seconds=i),
            text=f"line {i}: {TEXT[: 20 + i % 60]}",
            stakeholder_id=people[i % len(people)],
            stage=stages[i % len(stages)],
        )
        for i in range(LINES)
    ]
    store.save_notes(notes)
    store.close()
    return deal_id, people, meeting.id


async def _measure(db: Path, deal_id: str, people: list[str], meeting_id: str) -> dict[str, list[float]]:
    from textual import events

    from spin_coach.tui.app import create_app
    from spin_coach.tui.screens.meeting import MeetingScreen

    app = create_app(db, [], "en")
    out: dict[str, list[float]] = {"key": [], "enter": [], "save": []}
    async with app.run_test(size=(120, 40)) as pilot:
        # Headless drivers skip writing the frame; build the terminal output anyway, so it is timed.
        app._display = lambda screen, update: update.render_segments(app.console) if update is not None else None
        app.get_banks()
        await app.push_screen(MeetingScreen(deal_id, people, meeting_id=meeting_id))
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and len(screen.pane.notes) == LINES

        saver = screen._saver
        real_save = saver._save

        def timed_save():
            t0 = time.perf_counter()
            real_save()
            out["save"].append((time.perf_counter() - t0) * 1000)

        saver._save = timed_save

        async def key(name: str, char: str | None) -> float:
            t0 = time.perf_counter()
            app._driver.send_message(events.Key(name, char))
            await pilot._wait_for_screen()
            screen._on_timer_update()  # render now instead of at the next refresh tick
            while screen._coaching_due:  # Enter asks the coach after the frame: count that too
                await asyncio.sleep(0)
                screen._on_timer_update()
            return (time.perf_counter() - t0) * 1000

        text = (TEXT * 4)[: WARMUP + KEYS]
        for i, char in enumerate(text):
            name = "space" if char == " " else char
            ms = await key(name, char)
            if i >= WARMUP:
                out["key"].append(ms)
            await asyncio.sleep(PACE)
        for _ in range(10):
            for char in "ok":
                await key(char, char)
            out["enter"].append(await key("enter", "\r"))
            await asyncio.sleep(PACE)
        screen.flush()
    return out


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("SPIN_COACH_CONFIG_DIR", str(Path(tmp) / "config"))
        db = Path(tmp) / "meeting.db"
        deal_id, people, meeting_id = _prepare(db)
        samples = asyncio.run(_measure(db, deal_id, people, meeting_id))
    keys, enter, save = samples["key"], samples["enter"], samples["save"]
    p99 = percentile(keys, 99)
    return [
        row(f"key into a note with {LINES:,} lines, p50", median(keys), "ms", "—", True),
        row(f"key into a note with {LINES:,} lines, p99", p99, "ms", "≤ 16 ms", p99 <= 16.0),
        row(f"key into a note with {LINES:,} lines, max", max(keys), "ms", "—", True),
        row(f"Enter (new line, counts and nudges) with {LINES:,} lines, p50", median(enter), "ms", "—", True),
        row(f"autosave of the meeting's changed lines, max of {len(save)}", max(save) if save else 0.0, "ms", "—", True),
    ]


if __name__ == "__main__":
    for r in run():
        print(r)
