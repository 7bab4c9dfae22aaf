"""The proposal and call-plan screens: the seller previews, switches language and format, and exports."""

from __future__ import annotations

import os
import time
import zipfile

from textual.widgets import Input, Markdown, Static

from spin_coach.demo import demo_deal_id
from tui_helpers import pilot_test, settle, type_text


async def ready(pilot) -> None:
    """Wait for the preview or export worker, then for the messages it sent."""
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


async def export_to(pilot, folder, name: str | None = None) -> None:
    """Press e, type the folder (and a name), save."""
    await pilot.press("e")
    await settle(pilot)
    dialog = pilot.app.screen
    dialog.query_one("#export-folder", Input).value = ""
    dialog.query_one("#export-folder", Input).focus()
    await type_text(pilot, str(folder))
    if name is not None:
        dialog.query_one("#export-name", Input).value = name
    await pilot.press("ctrl+s")
    await ready(pilot)


def status(app) -> str:
    return str(app.screen.query_one("#doc-status", Static).render())


@pilot_test
async def test_seller_opens_the_proposal_from_the_workspace_and_reads_it_in_english(make_app):
    app = make_app(sample=True)
    deal_id = demo_deal_id("en")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_deal(deal_id)
        await settle(pilot)
        await pilot.press("p")
        await ready(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ProposalScreen"
        assert "# Pre-sell proposal: Northwind Freight" in screen.text
        assert "## The problems we agreed on" in screen.text
        assert screen.query_one("#doc-preview", Markdown).source == screen.text
        assert "Language: English" in status(app) and "Format: Markdown" in status(app)
        assert screen.sub_title == "Proposal — Northwind — order-to-cash automation"


@pilot_test
async def test_seller_switches_to_russian_and_exports_the_proposal(make_app, tmp_path):
    app = make_app(sample=True)
    out = tmp_path / "out"
    out.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(demo_deal_id("en"))
        await ready(pilot)
        await pilot.press("l")
        await ready(pilot)
        assert "# Предварительное предложение: Northwind Freight" in app.screen.text
        assert "Язык: русский" not in status(app)  # the app speaks English; the document is Russian
        assert "Language: Russian" in status(app)
        await export_to(pilot, out)
        [written] = list(out.iterdir())
        assert written.name == "northwind-order-to-cash-automation-proposal-ru.md"
        text = written.read_text(encoding="utf-8")
        assert "## Проблемы, которые мы согласовали" in text
        assert "Orders are keyed into the ERP by hand" in text  # the deal's own words are not translated
        assert written.stat().st_mode & 0o777 == 0o600
        assert app.screen.last_export == written


@pilot_test
async def test_seller_exports_a_word_file_and_a_second_export_gets_a_new_name(make_app, tmp_path):
    app = make_app(sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(demo_deal_id("en"))
        await ready(pilot)
        await pilot.press("f", "f")
        await settle(pilot)
        assert "Format: Word (.docx)" in status(app)
        await export_to(pilot, tmp_path)
        first = tmp_path / "northwind-order-to-cash-automation-proposal-en.docx"
        with zipfile.ZipFile(first) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        assert "The problems we agreed on" in body and "Helen Park" in body
        await export_to(pilot, tmp_path)
        second = tmp_path / "northwind-order-to-cash-automation-proposal-en-2.docx"
        assert second.exists() and first.exists()
        assert app.screen.last_export == second


@pilot_test
async def test_a_typed_file_name_cannot_leave_the_chosen_folder(make_app, tmp_path):
    app = make_app(sample=True)
    inside = tmp_path / "exports"
    inside.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(demo_deal_id("en"))
        await ready(pilot)
        await export_to(pilot, inside, name="../../escaped.md")
        assert not (tmp_path / "escaped.md").exists()
        assert [p.name for p in inside.iterdir()] == ["escaped.md"]


@pilot_test
async def test_export_dialog_refuses_a_folder_that_does_not_exist(make_app, tmp_path):
    app = make_app(sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(demo_deal_id("en"))
        await ready(pilot)
        await export_to(pilot, tmp_path / "nowhere")
        assert type(app.screen).__name__ == "ExportDialog"
        assert "is not a folder" in str(app.screen.query_one("#dialog-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProposalScreen"
        assert not (tmp_path / "nowhere").exists()


@pilot_test
async def test_seller_prepares_the_cfo_call_and_steps_to_the_next_person(make_app, tmp_path):
    app = make_app(sample=True)
    deal_id = demo_deal_id("en")
    cfo = next(s for s in app.store.stakeholders(deal_id) if s.name == "Marcus Lee")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_call_plan(deal_id, cfo.id)
        await ready(pilot)
        screen = app.screen
        assert type(screen).__name__ == "CallPlanScreen"
        assert "## Marcus Lee, CFO" in screen.text
        assert "## Helen Park" not in screen.text
        assert "### Questions, in order" in screen.text
        assert screen.sub_title == "Call plan — Marcus Lee"
        await pilot.press("n")
        await ready(pilot)
        assert "## Marcus Lee" not in screen.text and screen.stakeholder_id != cfo.id
        await pilot.press("l")
        await ready(pilot)
        assert "### Вопросы по порядку" in screen.text
        await pilot.press("f")
        await export_to(pilot, tmp_path)
        [page] = list(tmp_path.glob("*-plan-ru.html"))
        html = page.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "page-break-after: always" in html


@pilot_test
async def test_preview_follows_the_store_when_the_deal_changes(make_app):
    app = make_app(sample=True)
    deal_id = demo_deal_id("en")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(deal_id)
        await ready(pilot)
        record = app.store.record(deal_id)
        deal = record.deal.model_copy(update={"title": "Northwind — phase two"})
        app.store.update_deal(deal)
        app.deal_changed(deal_id)
        await ready(pilot)
        assert "**Northwind — phase two**" in app.screen.text


@pilot_test
async def test_a_russian_speaking_seller_gets_the_screen_and_the_document_in_russian(make_app):
    app = make_app("ru", sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(demo_deal_id("ru"))
        await ready(pilot)
        assert app.screen.text.startswith("# Предварительное предложение: ТрансЛогистик")
        assert status(app) == "Язык: русский · Формат: Markdown"
        keys = {b.id: b.description for _, b in app.screen._bindings}
        assert keys["proposal.language"] == "Язык" and keys["proposal.export"] == "Экспорт"
        await pilot.press("l")
        await ready(pilot)
        assert app.screen.text.startswith("# Pre-sell proposal: ТрансЛогистик")
        assert status(app) == "Язык: английский · Формат: Markdown"


@pilot_test
async def test_every_key_of_the_call_plan_screen_has_an_id_and_words_for_footer_and_palette(make_app):
    app = make_app(sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_call_plan(demo_deal_id("en"), None)
        await ready(pilot)
        ids = {b.id for _, b in app.screen._bindings}
        assert {"call_plan.close", "call_plan.language", "call_plan.format", "call_plan.export", "call_plan.next_person"} <= ids
        assert all(b.description and "." not in b.description for _, b in app.screen._bindings)


@pilot_test
async def test_f_cycles_through_every_format_the_registry_gives_each_document_and_export_notes_follow(make_app):
    from spin_coach.proposal.formats import formats_for

    app = make_app(sample=True)
    deal_id = demo_deal_id("en")
    async with app.run_test(size=(120, 40)) as pilot:
        for open_screen, document in ((lambda: app.open_proposal(deal_id), "proposal"), (lambda: app.open_call_plan(deal_id, None), "plan")):
            open_screen()
            await ready(pilot)
            seen = []
            for spec in formats_for(document):
                seen.append(status(app).split("Format: ")[1])
                await pilot.press("e")  # the export dialog shows the format's note, if it has one
                await settle(pilot)
                notes = [str(n.render()) for n in app.screen.query("#export-note")]
                assert notes == ([app.t(spec.export_note)] if spec.export_note else []), spec.name
                await pilot.press("escape")
                await settle(pilot)
                await pilot.press("f")
                await settle(pilot)
            assert seen == [f.label("en") for f in formats_for(document)]
            assert status(app).endswith("Format: " + seen[0])  # round again to the first
            await pilot.press("escape")
            await settle(pilot)


SLOW_TEMPLATE = '{% for i in range(99999) %}{{ ("ab" * 400000)|replace("a", "c")|length }}{% endfor %}'


async def _wait_for(pilot, condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pilot_test
async def test_escape_cancels_a_slow_user_template_and_kills_its_child(make_app, tui_env):
    # A proposal.en.md.j2 in the seller's templates folder replaces the bundled one: it renders in a child.
    folder = tui_env.config_dir / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "proposal.en.md.j2").write_text(SLOW_TEMPLATE, encoding="utf-8")
    app = make_app(sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_proposal(demo_deal_id("en"))
        await settle(pilot)
        screen = app.screen
        assert await _wait_for(pilot, lambda: screen.rendering), "the preview never started its child"
        pids = screen._preview[1].pids
        assert pids and all(_alive(pid) for pid in pids)
        assert await _wait_for(pilot, lambda: "escape cancels" in status(app), 3)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # escape cancelled the render; it did not close the screen
        assert status(app).endswith("· Preview cancelled")
        assert await _wait_for(pilot, lambda: not any(_alive(pid) for pid in pids), 5), "the child outlived the cancel"
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert status(app).endswith("· Preview cancelled") and screen.text == ""  # nothing late overwrote it
        await pilot.press("escape")  # nothing rendering now: escape closes as always
        await settle(pilot)
        assert type(app.screen).__name__ != "ProposalScreen"


@pilot_test
async def test_leaving_the_call_plan_while_a_user_template_renders_kills_its_child(make_app, tui_env):
    folder = tui_env.config_dir / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "plan.en.md.j2").write_text(SLOW_TEMPLATE, encoding="utf-8")
    app = make_app(sample=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_call_plan(demo_deal_id("en"), None)
        await settle(pilot)
        screen = app.screen
        assert await _wait_for(pilot, lambda: screen.rendering), "the preview never started its child"
        pids = screen._preview[1].pids
        assert pids and all(_alive(pid) for pid in pids)
        app.pop_screen()  # leaving the screen, not escape: the child goes too
        await settle(pilot)
        assert await _wait_for(pilot, lambda: not any(_alive(pid) for pid in pids), 5)
