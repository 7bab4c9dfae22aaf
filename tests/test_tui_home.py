"""Home: the seller finds, creates, opens, archives and deletes deals; first run offers the sample deal."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import DataTable, Select

from spin_coach.models import Account, Deal
from spin_coach.tui.config import load_config
from tui_helpers import pilot_test, settle, type_text, until


def rows(app) -> list[str]:
    table = app.screen.query_one("#deals", DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


def add_deal(store, title: str, account: str, stage: str = "shared_problem_understanding") -> Deal:
    found = store.find_account(account) or store.add_account(Account(name=account))
    return store.add_deal(Deal(account_id=found.id, title=title, journey_stage=stage))


@pilot_test
async def test_first_run_offers_the_sample_deal(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#first-run").display
        assert app.screen.query_one("#add-sample").label.plain == "Add the sample deal"
        await pilot.press("s")
        await settle(pilot)
        deals = app.store.deals()
        assert len(deals) == 1
        assert rows(app) == [deals[0].title]
        assert not app.screen.query_one("#first-run").display


@pilot_test
async def test_seller_creates_a_deal_with_the_keyboard_and_lands_in_its_workspace(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Order automation")
        await pilot.press("tab")
        await type_text(pilot, "Acme Foods")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [deal] = app.store.deals()
        assert deal.title == "Order automation"
        assert app.store.account(deal.account_id).name == "Acme Foods"
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert "Acme Foods" in app.screen.sub_title
        await pilot.press("escape")
        await settle(pilot)
        assert rows(app) == ["Order automation"]
        # Back on the list, keys act on it (not typed into the search box).
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "DealForm"
        assert app.screen_stack[-2].query_one("#deal-search").value == ""


@pilot_test
async def test_deal_form_says_what_is_missing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Give the deal a name" in str(app.screen.query_one("#dialog-error").render())
        assert app.store.deals() == []


@pilot_test
async def test_search_and_filters_narrow_the_list(make_app):
    app = make_app()
    add_deal(app.store, "CRM rollout", "Globex", "solution_review")
    add_deal(app.store, "Order automation", "Acme Foods")
    add_deal(app.store, "Billing revamp", "Acme Foods", "solution_review")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(rows(app)) == 3
        await pilot.press("slash")
        await type_text(pilot, "acme")
        await settle(pilot)
        assert sorted(rows(app)) == ["Billing revamp", "Order automation"]
        app.screen.query_one("#stage-filter", Select).value = "solution_review"
        await settle(pilot)
        assert rows(app) == ["Billing revamp"]
        app.screen.query_one("#deal-search").value = ""
        acme = app.store.find_account("Globex")
        app.screen.query_one("#account-filter", Select).value = acme.id
        await settle(pilot)
        assert rows(app) == ["CRM rollout"]


@pilot_test
async def test_archive_hides_a_deal_and_restore_brings_it_back(make_app):
    app = make_app()
    deal = add_deal(app.store, "Order automation", "Acme Foods")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.store.deal(deal.id).archived
        assert rows(app) == []
        await pilot.press("v")
        await settle(pilot)
        assert rows(app) == ["Order automation  [archived]"]
        await pilot.press("a")
        await settle(pilot)
        assert not app.store.deal(deal.id).archived


@pilot_test
async def test_nothing_is_deleted_without_a_confirmation(make_app):
    app = make_app()
    deal = add_deal(app.store, "Order automation", "Acme Foods")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("escape")
        await settle(pilot)
        assert app.store.deal(deal.id)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.store.deals(archived=None) == []
        assert rows(app) == []


@pilot_test
async def test_help_lists_every_binding_with_its_id(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        table = app.screen.query_one("#help-keys", DataTable)
        ids = {str(table.get_row_at(n)[2]) for n in range(table.row_count)}
        assert {"home.new_deal", "home.archive", "home.delete", "app.help", "app.theme", "app.quit", "app.palette"} <= ids
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"


@pilot_test
async def test_keys_are_remapped_from_the_config_file(tui_env, make_app):
    tui_env.config.write_text('[keymap]\n"home.new_deal" = "ctrl+n"\n', "utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert type(app.screen).__name__ == "DealForm"


@pilot_test
async def test_theme_switch_is_remembered_in_the_config_file(tui_env, make_app):
    tui_env.config.write_text('# mine\nlang = "en"\n\n[keymap]\n"home.new_deal" = "ctrl+n"\n', "utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.current_theme.dark
        await pilot.press("f2")
        await settle(pilot)
        assert not app.current_theme.dark
    config = load_config(tui_env.config)
    assert config.theme == "textual-light"
    assert config.keymap == {"home.new_deal": "ctrl+n"}
    assert tui_env.config.read_text("utf-8").startswith("# mine\n")
    again = make_app()
    assert again.theme == "textual-light"


@pilot_test
async def test_a_broken_config_file_still_opens_the_app(tui_env, make_app):
    tui_env.config.write_text("lang = [\n", "utf-8")
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert any(str(tui_env.config) in n.message for n in app._notifications)


@pilot_test
async def test_russian_ui_from_the_config_file(tui_env, make_app):
    tui_env.config.write_text('lang = "ru"\n', "utf-8")
    app = make_app(None)
    assert app.lang == "ru"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.sub_title == "Сделки"
        labels = [b.description for _, b in app.screen._bindings]
        assert "Новая сделка" in labels


@pilot_test
async def test_command_palette_offers_the_screens_actions(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "new deal")
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "DealForm")


def test_home_knows_the_journey_stages_of_the_model():
    from spin_coach import models
    from spin_coach.tui.screens import home

    assert home.JOURNEY_STAGES == models.JOURNEY_STAGES


def test_the_first_frame_needs_neither_pydantic_nor_sqlite_utils(tui_env):
    """The store opens just after the first frame; building the app and its home screen must not import it."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path\n"
        "from spin_coach.tui.app import create_app\n"
        "from spin_coach.tui.screens.home import HomeScreen\n"
        f"app = create_app(Path({str(tui_env.db)!r}), [], 'en')\n"
        "heavy = sorted(m for m in ('pydantic', 'sqlite_utils', 'spin_coach.store', 'spin_coach.banks') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_stage_filter_offers_every_journey_stage_the_data_knows():
    # home.py spells the stages out so the first frame need not import pydantic; keep them in step.
    from spin_coach.models import JOURNEY_STAGES
    from spin_coach.tui.screens import home

    assert home.JOURNEY_STAGES == JOURNEY_STAGES
