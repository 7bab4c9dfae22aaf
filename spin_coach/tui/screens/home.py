"""Home: the seller's deals, with search and filters; new, open, archive, restore, delete.

The list is one query (``store.deal_summaries``: plain rows, people counted in SQL); changes
go through ``app.actions``, and their notices redraw the list while it is on screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Select, Static

from ..keys import localize_bindings
from ..messages import DealChanged, StoreOpened, in_view
from ..plain import content, rich_text

if TYPE_CHECKING:
    from ...models import Deal

# A row of ``store.deal_summaries()``: id, title, account_id, account, journey_stage, archived, updated_at, people.
DealRow = dict[str, Any]

# The journey stages, spelled out here so the first frame does not wait for pydantic.
JOURNEY_STAGES = (
    "shared_problem_understanding",
    "solution_review",
    "technical_requirements",
    "solution_choice",
    "onboarding",
    "retention",
    "advocacy",
)


class HomeScreen(Screen):
    """Every deal at a glance; Enter opens one."""

    AUTO_FOCUS = "#deals"  # coming back from a deal, the keys act on the list, not the search box

    BINDINGS = [
        Binding("n", "new_deal", "tui.key.new_deal", id="home.new_deal"),
        Binding("enter", "open_deal", "tui.key.open", id="home.open", show=False),
        Binding("e", "edit_deal", "tui.key.edit_deal", id="home.edit"),
        Binding("a", "archive", "tui.key.archive", id="home.archive"),
        Binding("v", "toggle_archived", "tui.key.show_archived", id="home.show_archived"),
        Binding("x", "delete_deal", "tui.key.delete", id="home.delete"),
        Binding("slash", "search", "tui.key.search", id="home.search", show=False),
        Binding("s", "sample_deal", "tui.key.sample_deal", id="home.sample"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self.show_archived = False
        self._deals: dict[str, DealRow] = {}
        self._cursor_to: str | None = None  # the deal to put the cursor on when the list is next drawn
        self._any_deals = False  # archived ones included

    def compose(self) -> ComposeResult:
        t = self.app.t
        yield Header()
        with Horizontal(id="deal-filters"):
            yield Input(placeholder=t("tui.home.search"), id="deal-search")
            yield Select(
                [(t(f"tui.journey.{s}"), s) for s in JOURNEY_STAGES],
                prompt=t("tui.home.any_stage"),
                id="stage-filter",
            )
            yield Select([], prompt=t("tui.home.any_account"), id="account-filter")
        table = DataTable(id="deals", cursor_type="row", zebra_stripes=True)
        table.add_column(t("tui.home.col.deal"), key="title")
        table.add_column(t("tui.home.col.account"), key="account")
        table.add_column(t("tui.home.col.stage"), key="stage")
        table.add_column(t("tui.home.col.people"), key="people")
        table.add_column(t("tui.home.col.changed"), key="changed")
        yield table
        yield Static("", id="deal-count")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # The list itself is filled on ScreenResume, which also comes when the screen first shows.
        self.sub_title = self.app.t("tui.home.title")
        self.query_one("#deals", DataTable).focus()

    # ------------------------------------------------------------ showing the deals

    def reload(self) -> None:
        """Read the deals again and show those that pass the search and filters."""
        store, t = self.app.store, self.app.t
        table = self.query_one("#deals", DataTable)
        keep = self._cursor_to or self.selected_deal_id()
        self._cursor_to = None
        query = self.query_one("#deal-search", Input).value.strip()
        stage = self.query_one("#stage-filter", Select).value
        account = self.query_one("#account-filter", Select).value
        # Archived deals too: the client filter and the first-run panel count them; the list shows them on request.
        every = store.deal_summaries(archived=None, query=query)
        if not query:
            self._any_deals = bool(every)
            self._refresh_account_filter(every)
        deals = [
            d
            for d in every
            if (self.show_archived or not d["archived"])
            and (stage is Select.NULL or d["journey_stage"] == stage)
            and (account is Select.NULL or d["account_id"] == account)
        ]
        self._deals = {d["id"]: d for d in deals}
        table.clear()
        self._add_rows(table, deals)
        if keep in self._deals:
            table.move_cursor(row=table.get_row_index(keep))
        nothing_at_all = not query and not self._any_deals and not store.accounts()
        self._show_first_run(nothing_at_all)
        table.display = not nothing_at_all
        self.query_one("#deal-count", Static).update(
            t("tui.home.count", shown=len(deals)) + ("" if not self.show_archived else "  · " + t("tui.home.with_archived"))
        )
        self._refresh_bindings_if_changed()

    def _add_rows(self, table: DataTable, deals: list[DealRow]) -> None:
        t = self.app.t
        for deal in deals:
            changed = datetime.fromisoformat(deal["updated_at"].replace("Z", "+00:00")).astimezone()
            table.add_row(  # client text as Text: a DataTable reads a plain string as markup
                rich_text(deal["title"] + (f"  [{t('tui.home.archived')}]" if deal["archived"] else "")),
                rich_text(deal["account"]),
                t(f"tui.journey.{deal['journey_stage']}"),
                str(deal["people"]),
                changed.strftime("%Y-%m-%d %H:%M"),
                key=deal["id"],
            )

    def _refresh_bindings_if_changed(self) -> None:
        # Each refresh rebuilds the footer: only when what the keys can do has changed.
        state = (self.selected_deal_id() is not None, self.check_action("sample_deal", ()))
        if state != getattr(self, "_binding_state", None):
            self._binding_state = state
            self.refresh_bindings()

    def _show_first_run(self, show: bool) -> None:
        """The welcome panel of an empty database, built only when it is needed."""
        found = self.query("#first-run")
        if found:
            panel = found.first()
            if panel.display and not show:
                # Its buttons go away with it: the keys act on the list again.
                self.query_one("#deals", DataTable).focus()
            panel.display = show
        elif show and self.is_attached:  # not while the app closes (a signal just after start-up)
            t = self.app.t
            panel = Vertical(
                Static(t("tui.home.empty"), id="first-run-text"),
                Horizontal(
                    Button(t("tui.home.add_sample"), id="add-sample", variant="primary"),
                    Button(t("tui.home.new_deal"), id="new-deal"),
                    id="first-run-buttons",
                ),
                id="first-run",
            )
            self.mount(panel, after=self.query_one("#deals"))

    def _refresh_account_filter(self, deals: list[DealRow]) -> None:
        """The clients of the deals, by name."""
        select = self.query_one("#account-filter", Select)
        accounts = {d["account_id"]: d["account"] for d in deals}
        # Text, not a string (read as markup) nor Content (the list's type-to-search skips it).
        options = sorted(((rich_text(name), account_id) for account_id, name in accounts.items()), key=lambda o: o[0].plain.casefold())
        if getattr(self, "_account_options", None) != options:
            self._account_options = options
            value = select.value
            select.set_options(options)
            if value in accounts:
                select.value = value

    def selected_deal_id(self) -> str | None:
        table = self.query_one("#deals", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_deal", "edit_deal", "archive", "delete_deal"):
            return self.selected_deal_id() is not None
        if action == "sample_deal":
            return self.app.store_is_open and not self._any_deals
        return True

    # ------------------------------------------------------------ events

    @on(Input.Changed, "#deal-search")
    @on(Select.Changed, "#stage-filter")
    @on(Select.Changed, "#account-filter")
    def _filters_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#deal-search")
    def _search_done(self) -> None:
        self.query_one("#deals", DataTable).focus()

    @on(DataTable.RowSelected, "#deals")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        self.app.open_deal(event.row_key.value)

    @on(DataTable.RowHighlighted, "#deals")
    def _row_moved(self) -> None:
        self._refresh_bindings_if_changed()

    @on(Button.Pressed, "#add-sample")
    def _sample_pressed(self) -> None:
        self.action_sample_deal()

    @on(Button.Pressed, "#new-deal")
    def _new_pressed(self) -> None:
        self.action_new_deal()

    def on_deal_changed(self, message: DealChanged) -> None:
        # Under another screen the list waits: it is read again when home shows (ScreenResume).
        if in_view(self):
            self.reload()

    def on_screen_resume(self) -> None:
        if self.app.store_is_open:
            self.reload()
        elif not self._deals:
            self._glance()

    def _glance(self) -> None:
        """Show the open deals on the first frame, read with plain sqlite3 while the store opens."""
        from ...store.peek import peek_deals

        rows = peek_deals(self.app.db_path)
        if not rows:
            return
        self._add_rows(self.query_one("#deals", DataTable), rows)
        self.query_one("#deal-count", Static).update(self.app.t("tui.home.count", shown=len(rows)))

    def on_store_opened(self, message: StoreOpened) -> None:
        if self.app.store_error:
            self.query_one("#deal-count", Static).update(content(self.app.t("tui.home.no_store", error=self.app.store_error)))
        else:
            self.reload()

    # ------------------------------------------------------------ actions

    def action_search(self) -> None:
        self.query_one("#deal-search", Input).focus()

    def action_open_deal(self) -> None:
        deal_id = self.selected_deal_id()
        if deal_id:
            self.app.open_deal(deal_id)

    def action_new_deal(self) -> None:
        from ..dialogs.deal_form import DealForm

        def created(deal: Deal | None) -> None:
            # A new deal is opened at once: the next thing to do is add its people.
            if deal is not None:
                self._cursor_to = deal.id
                self.app.open_deal(deal.id)

        self.app.push_screen(DealForm(None, None), created)

    def action_edit_deal(self) -> None:
        from ..dialogs.deal_form import DealForm

        deal_id = self.selected_deal_id()
        if deal_id is None:
            return
        store = self.app.store
        deal = store.deal(deal_id)
        self.app.push_screen(DealForm(deal, store.account(deal.account_id), based_on=store.revision(deal_id)), self._deal_saved)

    def _deal_saved(self, deal: Deal | None) -> None:
        if deal is not None:
            self._cursor_to = deal.id

    def action_archive(self) -> None:
        deal_id = self.selected_deal_id()
        if deal_id is None:
            return
        deal = self._deals[deal_id]
        with self.app.saving():
            self.app.actions.set_archived(deal_id, not deal["archived"])
            key = "tui.home.restored" if deal["archived"] else "tui.home.archived_note"
            self.notify(self.app.t(key, title=deal["title"]))

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.reload()

    def action_delete_deal(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        deal_id = self.selected_deal_id()
        if deal_id is None:
            return
        title = self._deals[deal_id]["title"]

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                with self.app.saving():
                    self.app.actions.delete_deal(deal_id)
                    self.notify(self.app.t("tui.home.deleted", title=title))

        self.app.push_screen(
            ConfirmDialog(self.app.t("tui.home.confirm_delete", title=title), self.app.t("tui.common.delete"), danger=True),
            delete,
        )

    def action_sample_deal(self) -> None:
        try:
            from ...demo import add_demo
        except ImportError:
            self.notify(self.app.t("tui.home.no_sample"), severity="warning")
            return
        with self.app.saving():
            self._cursor_to = add_demo(self.app.actions, self.app.lang)
