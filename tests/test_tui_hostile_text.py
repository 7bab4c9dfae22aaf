"""Client text in the terminal app is content: never Textual markup, never an escape sequence.

A deal, a client, people, a problem and what someone said carry markup
(``[bold red]X[/]``, ``[@click=app.quit]``, ``[/]``, ``[link=…]``,
``[a=b:c]``) and escape sequences (``ESC[2J``, OSC 52, OSC 8). The seller
walks through home, the workspace, help, strategy, meeting mode, archive and
delete: nothing crashes, every name reads exactly as typed, and what reaches
the screen holds no control character (``␛`` shows where an ESC was).
"""

from __future__ import annotations

from textual.widgets import DataTable, SelectionList
from tui_helpers import pilot_test, settle, type_text

from spin_coach.actions import DealActions
from spin_coach.models import Stakeholder

SIZE = (200, 60)
TITLE = "Renewal [/] Q3 \x1b[2J"
ACCOUNT = "Acme [b]Foods[/b] \x1b]8;;https://evil.example\x1b\\"
X = "[bold red]X[/] [@click=app.quit]Q[/]"
BOB = "Bob [ex-CFO]"
LINK = "[link=https://evil.example]Lin[/link] [a=b:c] \x1b]52;c;cHduZWQ=\x07"
PROBLEM = "Invoices [/] pile up \x1b[2J"


def shown(text: str) -> str:
    """``text`` as the seller should see it: literally, with ␛ where an ESC was, ␇ for a bell."""
    return text.replace("\x1b", "␛").replace("\x07", "␇")


def controls(text: str) -> set[str]:
    return {c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F}


def screen_text(app) -> str:
    """Every character of the current screen as the compositor would send it to the terminal."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def check_screen(app) -> str:
    """The screen's text, after checking that no control character reaches the terminal."""
    text = screen_text(app)
    assert controls(text) == set(), f"control characters on {type(app.screen).__name__}: {controls(text)}"
    assert app.is_running and app.return_code is None  # [@click=app.quit] did not quit
    return text


def hostile_deal(app) -> tuple[str, dict[str, str]]:
    """The hostile deal (the deal's id) and its people's ids by a short name."""
    actions = DealActions(app.store)
    deal = actions.create_deal(title=TITLE, account=ACCOUNT)
    people = {}
    for key, name, role, title in (
        ("x", X, "economic_buyer", "[i]CEO[/i]"),
        ("bob", BOB, "finance", "ex-CFO \x1b[31m"),
        ("link", LINK, "it", ""),
    ):
        people[key] = actions.add_stakeholder(Stakeholder(deal_id=deal.id, name=name, role=role, title=title)).id
    actions.save_answer(answer_id="a_bob", deal_id=deal.id, stakeholder_id=people["bob"], stage="problem", text="Month end [/] takes \x1b[2J ten days")
    actions.add_problem(deal.id, PROBLEM, raised_by=people["x"], confirmed_by=[people["bob"]])
    return deal.id, people


@pilot_test
async def test_hostile_names_and_titles_read_literally_everywhere_and_nothing_breaks(make_app):
    app = make_app()
    deal_id, people = hostile_deal(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        # Home: the list shows the title and the client as typed.
        table = app.screen.query_one("#deals", DataTable)
        title_cell, account_cell = table.get_row_at(0)[:2]
        assert str(title_cell) == shown(TITLE) and str(account_cell) == shown(ACCOUNT)
        text = check_screen(app)
        assert shown(TITLE) in text

        # The workspace: header, buying group, problem tree, nudges.
        app.open_deal(deal_id)
        await settle(pilot)
        assert type(app.screen).__name__ == "WorkspaceScreen"
        text = check_screen(app)
        for name in (X, BOB, shown(LINK)):
            assert name in text, name
        assert shown(PROBLEM) in text
        assert shown(TITLE) in text and shown(ACCOUNT) in text  # the header's sub-title
        for person in people.values():  # each person as the SPIN panel's subject
            app.screen.query_one("#group").highlighted = list(people.values()).index(person)
            await settle(pilot)
            check_screen(app)
        await pilot.press("d")  # the problem definition, its detail under the cursor
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert X in check_screen(app)

        # Help and the account strategy.
        await pilot.press("f1")
        await settle(pilot)
        check_screen(app)
        await pilot.press("escape")
        await settle(pilot)
        app.open_strategy(deal_id)
        await settle(pilot)
        assert shown(TITLE) in check_screen(app)
        await pilot.press("escape")
        await settle(pilot)

        # Meeting mode: the attendee chooser, the attendees, what is said and who joined.
        await pilot.press("m")
        await settle(pilot)
        chooser = app.screen.query_one(SelectionList)
        assert [str(chooser.get_option_at_index(n).prompt) for n in range(chooser.option_count)] == [
            f"{X} · [i]CEO[/i]",
            f"{BOB} · ex-CFO ␛[31m",
            shown(LINK),
        ]
        check_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingScreen"
        await type_text(pilot, "@Bob We close [/] the [bold]books[/] late")
        await pilot.press("enter")
        await settle(pilot)
        text = check_screen(app)
        assert BOB in text and shown(TITLE) in text
        assert "We close [/] the [bold]books[/] late" in text
        await pilot.press("ctrl+f", "ctrl+f")
        await settle(pilot)
        check_screen(app)
        while type(app.screen).__name__ != "HomeScreen":
            await pilot.press("escape")
            await settle(pilot)

        # Archive (a toast names the deal), then delete (a question and a toast name it).
        await pilot.press("a")
        await settle(pilot)
        assert any(shown(TITLE) in toast for toast in toasts(app))
        check_screen(app)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert shown(TITLE) in check_screen(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.store.deals(archived=None) == []
        assert any(shown(TITLE) in toast for toast in toasts(app))
        check_screen(app)


@pilot_test
async def test_a_title_typed_with_markup_in_the_new_deal_form_can_be_archived_and_deleted(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Renewal [/] Q3")
        await pilot.press("tab")
        await type_text(pilot, "[a=b:c]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Renewal [/] Q3" in check_screen(app)  # the workspace's header
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert any("Renewal [/] Q3" in toast for toast in toasts(app))
        await pilot.press("v", "x")
        await settle(pilot)
        assert "Renewal [/] Q3" in check_screen(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.store.deals(archived=None) == []


@pilot_test
async def test_a_toast_never_reads_markup_or_passes_an_escape(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.notify("[bold]saved[/] \x1b[2J", title="[@click=app.quit]t[/]")
        app.screen.notify("[/] closed")
        await settle(pilot)
        assert toasts(app) == ["[@click=app.quit]t[/]\n[bold]saved[/] ␛[2J", "[/] closed"]
        check_screen(app)


@pilot_test
async def test_stored_text_being_edited_shows_its_escapes_and_is_kept_as_it_was(make_app):
    app = make_app()
    deal_id, people = hostile_deal(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")  # the deal form: the title in an input
        await settle(pilot)
        assert type(app.screen).__name__ == "DealForm"
        assert shown(TITLE) in check_screen(app)
        await pilot.press("escape")
        await settle(pilot)
        app.open_deal(deal_id)
        await settle(pilot)
        group = app.screen.query_one("#group")
        group.highlighted = list(people.values()).index(people["bob"])
        await settle(pilot)
        spin = app.screen.query_one("#spin")
        spin.set_stage("problem")
        await settle(pilot)
        spin.highlight("a:a_bob")  # Bob's answer in the answer box
        await settle(pilot)
        assert app.screen.query_one("#answer").text == "Month end [/] takes \x1b[2J ten days"
        assert "Month end [/] takes ␛[2J ten days" in check_screen(app)
        group.focus()
        await pilot.press("e")  # the person form: name and job title in inputs
        await settle(pilot)
        assert type(app.screen).__name__ == "StakeholderForm"
        assert "ex-CFO ␛[31m" in check_screen(app)
        await pilot.press("escape")
        await settle(pilot)
    assert app.store.deal(deal_id).title == TITLE  # shown visibly, stored as it was
    assert app.store.stakeholder(people["bob"]).title == "ex-CFO \x1b[31m"
