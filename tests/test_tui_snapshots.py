"""What each screen looks like, at 120×40 and 80×24. Update with `pytest --snapshot-update`
after looking at the new pictures; Textual is pinned, so they only move when the app does."""

from __future__ import annotations

import pytest

from tui_helpers import no_blink, settle

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def steady(*keys: str):
    """A run_before that presses ``keys``, lets the screen settle (previews drawn in workers
    included: they are waited for, not slept past), and stops the cursors blinking."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        no_blink(pilot.app)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_home_first_run(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES)
def test_home_with_the_sample_deal(snap_compare, make_app, size):
    assert snap_compare(make_app(sample=True), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES)
def test_workspace(snap_compare, make_app, size):
    assert snap_compare(make_app(sample=True), terminal_size=size, run_before=steady("enter"))


@pytest.mark.parametrize("size", SIZES)
def test_workspace_problem_definition(snap_compare, make_app, size):
    assert snap_compare(make_app(sample=True), terminal_size=size, run_before=steady("enter", "d", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_stakeholder_form(snap_compare, make_app, size):
    assert snap_compare(make_app(sample=True), terminal_size=size, run_before=steady("enter", "g", "a"))


def test_workspace_in_russian_light_theme(snap_compare, make_app):
    app = make_app("ru", sample=True)
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(120, 40), run_before=steady("enter"))


@pytest.fixture
def fixed_day(monkeypatch):
    """Proposals and plans carry today's date; pin it so the pictures do not move."""
    import datetime

    class Day(datetime.date):
        @classmethod
        def today(cls):
            return cls(2026, 11, 2)

    import spin_coach.proposal.context as context
    import spin_coach.proposal.plan as plan

    monkeypatch.setattr(context, "date", Day)
    monkeypatch.setattr(plan, "date", Day)


@pytest.mark.parametrize("size", SIZES)
def test_proposal_preview(snap_compare, make_app, fixed_day, size):
    assert snap_compare(make_app(sample=True), terminal_size=size, run_before=steady("enter", "p"))


@pytest.mark.parametrize("size", SIZES)
def test_call_plan_preview(snap_compare, make_app, fixed_day, size):
    assert snap_compare(make_app(sample=True), terminal_size=size, run_before=steady("enter", "l"))


@pytest.mark.parametrize("size", SIZES)
def test_help_lists_the_keys_with_their_ids(snap_compare, make_app, size):
    from pathlib import Path

    app = make_app(sample=True)
    app.config.path = Path("/home/seller/.config/spin-coach/config.toml")  # the temp folder differs every run
    assert snap_compare(app, terminal_size=size, run_before=steady("enter", "f1"))
