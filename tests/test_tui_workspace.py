"""The deal workspace: the buying group, the SPIN panel, answers that save themselves, the shared
problem definition edited in place, the coach's nudges, and the ways to the other screens."""

from __future__ import annotations

import os
import signal

from textual.widgets import OptionList

from spin_coach.coach import nudges as coach_nudges
from spin_coach.models import Account, Deal, Stakeholder
from spin_coach.store import StoreError
from spin_coach.tui.widgets.answer_box import AnswerBox
from spin_coach.tui.widgets.spin_panel import SpinPanel
from tui_helpers import answer_box_text, autosave_due, pilot_test, settle, type_text, until


def seed(store, people=(("Helen Park", "economic_buyer"), ("Marcus Lee", "finance"))) -> tuple[Deal, list[Stakeholder]]:
    account = store.add_account(Account(name="Northwind"))
    deal = store.add_deal(Deal(account_id=account.id, title="Order-to-cash"))
    added = [store.add_stakeholder(Stakeholder(deal_id=deal.id, name=name, role=role)) for name, role in people]
    return deal, added


async def open_deal(app, pilot, deal_id: str) -> None:
    app.open_deal(deal_id)
    await settle(pilot)
    assert type(app.screen).__name__ == "WorkspaceScreen"


def group_lines(app) -> list[str]:
    group = app.screen.query_one("#group", OptionList)
    return [str(group.get_option_at_index(n).prompt) for n in range(group.option_count)]


def panel(app) -> SpinPanel:
    return app.screen.query_one(SpinPanel)


@pilot_test
async def test_answer_is_saved_after_the_seller_stops_typing(make_app):
    app = make_app()
    deal, (helen, _) = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        await type_text(pilot, "Orders")
        assert app.store.answers(deal.id) == []  # not on the keystroke's path
        await type_text(pilot, " wait two days")
        assert app.screen.query_one(AnswerBox).saver.dirty  # the timer is set: no Enter, no leaving the box
        await autosave_due(pilot)
        [answer] = app.store.answers(deal.id)
        assert answer.text == "Orders wait two days"
        assert answer.stakeholder_id == helen.id
        assert answer.question_id == panel(app).highlighted_id()[2:]
        assert app.screen.query_one(AnswerBox).border_subtitle == "saved"


@pilot_test
async def test_answer_is_saved_on_focus_change(make_app):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        await type_text(pilot, "Three people retype every order")
        await pilot.press("tab")
        [answer] = app.store.answers(deal.id)
        assert answer.text == "Three people retype every order"


@pilot_test
async def test_a_database_error_keeps_the_text_and_says_so(make_app):
    app = make_app()
    deal, _ = seed(app.store)
    real_save = app.store.save_answer

    def broken(answer):
        raise StoreError("database is locked")

    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        app.store.save_answer = broken
        await pilot.press("w")
        await type_text(pilot, "Nobody owns the ERP export")
        assert not await autosave_due(pilot)
        box = app.screen.query_one(AnswerBox)
        assert answer_box_text(app) == "Nobody owns the ERP export"
        assert box.has_class("-failed")
        assert any("NOT SAVED" in n.message and "database is locked" in n.message for n in app._notifications)
        # Moving to another question must not throw the unsaved text away.
        await pilot.press("escape", "down")
        await settle(pilot)
        assert answer_box_text(app) == "Nobody owns the ERP export"
        app.store.save_answer = real_save
        await pilot.press("w", "end", "full_stop")
        assert await autosave_due(pilot)
        [answer] = app.store.answers(deal.id)
        assert answer.text == "Nobody owns the ERP export."
        assert not box.has_class("-failed")


@pilot_test
async def test_emptying_an_answer_removes_it(make_app):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        await type_text(pilot, "abc")
        await pilot.press("tab")
        assert len(app.store.answers(deal.id)) == 1
        await pilot.press("w", "backspace", "backspace", "backspace", "tab")
        assert app.store.answers(deal.id) == []


@pilot_test
async def test_sigterm_saves_what_is_being_typed_before_exit(make_app):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("w")
        await type_text(pilot, "typed just before the signal")
        assert signal.SIGTERM in app._signals_installed and signal.SIGHUP in app._signals_installed
        os.kill(os.getpid(), signal.SIGTERM)
        await until(pilot, lambda: bool(app.store.answers(deal.id)))
    assert [a.text for a in app.store.answers(deal.id)] == ["typed just before the signal"]


@pilot_test
async def test_seller_adds_edits_and_removes_a_person(make_app):
    app = make_app()
    deal, _ = seed(app.store, people=())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        assert "Add the people of the buying group" in str(app.screen.query_one("#next-best").render())
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Priya Nair")
        await pilot.press("tab")
        await type_text(pilot, "Head of IT")
        await pilot.press("tab", "enter")  # open the role list
        await type_text(pilot, "Tech")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        [priya] = app.store.stakeholders(deal.id)
        assert (priya.name, priya.title, priya.role) == ("Priya Nair", "Head of IT", "technical_buyer")
        assert priya.influence == "influencer"  # the role's usual say, from the banks
        assert "Priya Nair" in group_lines(app)[0] and "S0 P0 I0 N0" in group_lines(app)[0]
        await pilot.press("g", "e")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "CIO")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.store.stakeholders(deal.id)[0].title == "CIO"
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(pilot)
        assert app.store.stakeholders(deal.id) == []


@pilot_test
async def test_a_persons_influence_follows_the_role_unless_the_seller_set_it(make_app):
    app = make_app()
    deal, _ = seed(app.store, people=())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#influence").value == "user"  # a new person starts as an end user
        form.query_one("#role").value = "economic_buyer"
        await settle(pilot)
        assert form.query_one("#influence").value == "decision_maker"
        form.query_one("#influence").value = "user"  # the seller knows better: this one has no say
        form.query_one("#role").value = "technical_buyer"  # usually an influencer
        await settle(pilot)
        assert form.query_one("#influence").value == "user"
        await type_text(pilot, "Olga Ivanova")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [olga] = app.store.stakeholders(deal.id)
        assert (olga.role, olga.influence) == ("technical_buyer", "user")


@pilot_test
async def test_coverage_at_a_glance_follows_the_answers(make_app):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("g", "2")  # Helen, problem questions
        assert panel(app).stage == "problem"
        await pilot.press("w")
        await type_text(pilot, "Orders are keyed in twice")
        await pilot.press("tab")
        await settle(pilot)
        assert "S0 P1 I0 N0" in group_lines(app)[0]
        assert "S0 P0 I0 N0" in group_lines(app)[1]


@pilot_test
async def test_the_panel_shows_the_question_its_purpose_and_the_next_best_question(make_app):
    app = make_app()
    deal, (helen, _) = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        view = panel(app).view
        best = view.suggestions[0]
        assert view.stakeholder.id == helen.id
        assert best.text in str(app.screen.query_one("#next-best").render())
        assert best.reason.split("“")[0].strip()[:20] in str(app.screen.query_one("#next-best").render())
        await pilot.press("b")
        await settle(pilot)
        assert panel(app).highlighted_id() == f"q:{best.question_id}"
        question = app.get_banks().questions[best.question_id]
        detail = str(app.screen.query_one("#question-detail").render())
        assert question.ask("en") in detail and question.why("en")[:30] in detail
        # Stages by number.
        for key, stage in zip("1234", ("situation", "problem", "implication", "need_payoff")):
            await pilot.press(key)
            assert panel(app).stage == stage


@pilot_test
async def test_seller_records_an_own_question_and_its_answer(make_app):
    app = make_app()
    deal, _ = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("2", "o")
        await type_text(pilot, "Who signs off credit?")
        await pilot.press("enter")
        await type_text(pilot, "The CFO, ")
        await autosave_due(pilot)  # a pause: the answer saves itself mid-sentence
        assert [a.text for a in app.store.answers(deal.id)] == ["The CFO,"]
        await type_text(pilot, "weekly")  # and typing goes on in the same answer
        await pilot.press("tab")
        [answer] = app.store.answers(deal.id)
        assert (answer.question_id, answer.question_text, answer.stage, answer.text) == (
            None,
            "Who signs off credit?",
            "problem",
            "The CFO, weekly",
        )


@pilot_test
async def test_problem_definition_is_edited_in_place(make_app):
    app = make_app()
    deal, (helen, marcus) = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("2", "w")
        await type_text(pilot, "Orders wait two days for credit approval")
        await pilot.press("r")  # in the box r types; leave it first
        await pilot.press("backspace", "escape", "r")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemForm"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [problem] = app.store.problems(deal.id)
        [answer] = app.store.answers(deal.id)
        assert problem.statement == "Orders wait two days for credit approval"
        assert problem.raised_by == helen.id and problem.source_answers == [answer.id]
        # Marcus confirms it.
        await pilot.press("g", "down", "d")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.store.problems(deal.id)[0].confirmed_by == [marcus.id]
        # An implication with an amount.
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "Lost orders")
        await pilot.press("tab")
        await type_text(pilot, "40k a year")  # a period is never assumed: the seller says it
        await pilot.press("ctrl+s")
        await settle(pilot)
        [imp] = app.store.problems(deal.id)[0].implications
        assert (imp.consequence, imp.amount, imp.currency, imp.period, imp.stated_by) == ("Lost orders", 40000, "EUR", "year", marcus.id)
        cost = str(app.screen.query_one("#cost-of-inaction").render())
        assert "EUR\u00a040,000 a year" in cost
        # A need-payoff, then remove it again (with a confirmation).
        await pilot.press("home", "n")
        await settle(pilot)
        await type_text(pilot, "Same-day shipping")
        await pilot.press("tab")
        await type_text(pilot, "15k USD/month")  # currency and period come with the amount
        await pilot.press("ctrl+s")
        await settle(pilot)
        [need] = app.store.problems(deal.id)[0].need_payoffs
        assert (need.text, need.amount, need.currency, need.period) == ("Same-day shipping", 15000, "USD", "month")
        await pilot.press("end", "x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.store.problems(deal.id)[0].need_payoffs == []


@pilot_test
async def test_nudges_come_from_the_coach(make_app):
    app = make_app(sample=True)
    deal_id = app.store.deals()[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal_id)
        expected = coach_nudges(app.store.record(deal_id), app.get_banks(), lang="en")
        shown = app.screen.query_one("#nudges", OptionList)
        assert shown.option_count == len(expected)
        assert expected[0].message in str(shown.get_option_at_index(0).prompt)


@pilot_test
async def test_other_screens_open_from_the_workspace(make_app):
    app = make_app()
    deal, (helen, _) = seed(app.store)
    opened = []
    app._open = lambda module, name, *args: opened.append((name, args))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        await pilot.press("t", "l", "p")
        await settle(pilot)
        assert opened == [
            ("StrategyScreen", (deal.id,)),
            ("CallPlanScreen", (deal.id, helen.id)),
            ("ProposalScreen", (deal.id,)),
        ]
        await pilot.press("m")
        await settle(pilot)
        assert type(app.screen).__name__ == "AttendeesDialog"
        await pilot.press("enter")
        await settle(pilot)
        assert opened[-1] == ("MeetingScreen", (deal.id, [helen.id]))


@pilot_test
async def test_workspace_in_russian(make_app):
    app = make_app("ru")
    deal, _ = seed(app.store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_deal(app, pilot, deal.id)
        assert app.screen.query_one("#group").border_title == "Группа закупки (2)"
        assert "Цена бездействия" in str(app.screen.query_one("#cost-of-inaction").render())
