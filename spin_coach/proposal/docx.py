"""The proposal as a Word document, built from the template context with python-docx.

Real Word structure, not converted Markdown: Title and Heading styles (so the
navigation pane and a table of contents work), tables with a repeating header
row, bulleted and numbered lists (each numbered list starts at 1), quotes in
the Quote style, A4 pages, and the document language set for spell checking.
Client text goes in as runs of text; Word never interprets it. Every string
reaches the document through the building blocks below, which show control
characters as visible stand-ins (:func:`~spin_coach.safe_text.visible`): a
vertical tab pasted from Word or an escape sequence is shown as ``␋`` or
``␛``, never refused by Word's XML.
"""

from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from typing import Callable

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..safe_text import visible
from .views import Money, Person, ProposalContext, SectionView
from .wording import amounts_text, doc

FONT = "Arial"  # in Word everywhere; LibreOffice maps it to the metric-compatible Liberation Sans
LANGUAGE_TAGS = {"en": "en-GB", "ru": "ru-RU"}
MUTED = RGBColor(0x5B, 0x64, 0x72)


def proposal_docx(ctx: ProposalContext) -> bytes:
    """The proposal as the bytes of a .docx file."""
    document = Document()
    _set_up(document, ctx)
    for section in ctx.sections:
        _WRITERS[section.id](document, ctx, section)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- document set-up


def _set_up(document: WordDocument, ctx: ProposalContext) -> None:
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(20)
    page.top_margin = page.bottom_margin = Mm(18)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote"):
        style = document.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:  # theme fonts would override the name for Cyrillic and headings
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            fonts.set(qn("w:cs"), FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE_TAGS.get(ctx.lang, ctx.lang))
    document.styles["Normal"].font.size = Pt(10.5)
    props = document.core_properties
    props.title = visible(ctx.title)
    props.subject = visible(ctx.deal.title)
    props.author = "spin-coach"
    props.language = LANGUAGE_TAGS.get(ctx.lang, ctx.lang)
    props.created = datetime.fromisoformat(ctx.date).replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- building blocks


def _style(document: WordDocument, name: str):
    """A style by name, looked up once per document: python-docx scans every style on each lookup."""
    cache = document.__dict__.setdefault("_spin_styles", {})
    if name not in cache:
        cache[name] = document.styles[name]
    return cache[name]


def _styled(document: WordDocument, text: str, style: str) -> Paragraph:
    """A paragraph in a named style. The style id is set directly: python-docx would otherwise
    scan every style of the document for each paragraph (half the time of a long proposal)."""
    paragraph = document.add_paragraph(visible(text))
    paragraph._p.style = _style(document, style).style_id
    return paragraph


def _heading(document: WordDocument, text: str, level: int = 1) -> None:
    _styled(document, text, "Title" if level == 0 else f"Heading {level}")


def _para(document: WordDocument, text: str = "", *, bold: str = "", italic: bool = False, muted: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    if bold:
        paragraph.add_run(visible(bold)).bold = True
        if text:
            paragraph.add_run(" ")
    run = paragraph.add_run(visible(text))
    run.italic = italic
    if muted:
        run.font.color.rgb = MUTED
    return paragraph


def _bullets(document: WordDocument, items: list[str]) -> None:
    for item in items:
        _styled(document, item, "List Bullet")


def _numbered(document: WordDocument, items: list[str]) -> None:
    """A numbered list that starts at 1, however many lists came before it."""
    if not items:
        return
    numbering = document.part.numbering_part.element
    style_num = _style(document, "List Number").element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for item in items:
        paragraph = _styled(document, item, "List Number")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _quote(document: WordDocument, text: str, attribution: str, lang: str) -> None:
    paragraph = _styled(document, "", "Quote")
    paragraph.add_run(visible(f"{doc('quote_open', lang)}{' '.join(text.split())}{doc('quote_close', lang)}"))
    if attribution:
        paragraph.add_run().add_break()
        run = paragraph.add_run(visible(f"— {attribution}"))
        run.italic = False
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED


def _table(document: WordDocument, header: list[str] | None, rows: list[list[str]], widths: list[int] | None = None) -> None:
    columns = len(header or rows[0])
    table = document.add_table(rows=0, cols=columns)
    table.style = _style(document, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.paragraphs[0].add_run(visible(text)).bold = True
            _shade(cell, "E8EEF6")
        _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = visible(text)
    if widths:  # Word reads the cells' widths, LibreOffice the grid's: set both
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Mm(width)
    document.add_paragraph()


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _who(person: Person | None, lang: str) -> str:
    if person is None:
        return doc("someone", lang)
    return f"{person.name} ({person.title})" if person.title else person.name


def _amounts(items: list[Money], lang: str) -> str:
    return amounts_text(items, lang)


# ---------------------------------------------------------------- sections


def _cover(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, ctx.title, 0)
    _styled(document, ctx.deal.title, "Subtitle")
    client = " · ".join(x for x in (ctx.account.name, ctx.account.industry, ctx.account.size) if x)
    _table(
        document,
        None,
        [
            [doc("head.account", lang), client],
            [doc("prepared_for", lang), ", ".join(p.name for p in ctx.prepared_for)],
            [doc("head.stage", lang), ctx.deal.journey_label],
            [doc("date", lang), ctx.date_text],
        ],
        widths=[45, 125],
    )
    _para(document, doc("draft", lang) + ".", italic=True, muted=True)
    document.add_page_break()


def _summary(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    _heading(document, section.title)
    _para(document, ctx.summary.lead)
    _bullets(document, ctx.summary.points)


def _situation(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    account = ctx.account
    if account.industry or account.size:
        _para(document, ", ".join(x for x in (account.industry, account.size) if x) + ".", bold=f"{account.name}:")
    for fact in ctx.situation:
        _quote(document, fact.text, _who(fact.said_by, lang), lang)
    if not ctx.situation:
        _para(document, doc("head.no_situation", lang), muted=True)


def _problems(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    for p in ctx.problems:
        _heading(document, f"{p.number}. {p.statement}", 2)
        rows = [
            [doc("head.raised_by", lang), _who(p.raised_by, lang)],
            [doc("head.confirmed_by", lang), "; ".join(c.label for c in p.confirmed_by) or doc("none", lang)],
        ]
        if p.key_missing:
            rows.append([doc("head.not_yet", lang), ", ".join(m.name for m in p.key_missing)])
        _table(document, None, rows, widths=[45, 125])
        if p.agreed:
            _para(document, doc("head.agreed", lang).capitalize() + ".", italic=True)
    if not ctx.problems:
        _para(document, doc("head.no_problems", lang), muted=True)


def _cost(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    if ctx.cost_of_inaction:
        text = doc("point.cost", lang, cost=_amounts(ctx.cost_of_inaction, lang))
        if ctx.emphasis == "economic" and ctx.cost_per_month:
            text += " " + doc("head.per_month", lang, cost=_amounts(ctx.cost_per_month, lang))
        if ctx.cost_one_off:
            text += " " + doc("point.cost_one_off", lang, cost=_amounts(ctx.cost_one_off, lang))
        _para(document, text)
    header = [doc("head.consequence", lang), doc("head.amount", lang), doc("head.per_year", lang), doc("head.source", lang)]
    shown = False
    for p in ctx.problems:
        if not p.implications:
            continue
        shown = True
        _heading(document, f"{p.number}. {p.statement}", 3)
        rows = [
            [
                i.consequence,
                i.amount.text if i.amount else "—",
                i.per_year.text if i.per_year else "—",
                i.evidence_label + (f", {i.stated_by.name}" if i.stated_by else ""),
            ]
            for i in p.implications
        ]
        _table(document, header, rows, widths=[64, 36, 36, 34])
    if not shown:
        _para(document, doc("head.no_cost", lang), muted=True)


def _value(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    if ctx.value_of_solving:
        _para(document, doc("point.value", lang, value=_amounts(ctx.value_of_solving, lang)))
    if ctx.emphasis == "economic" and ctx.cost_of_inaction:
        text = doc("head.first_return", lang, cost=_amounts(ctx.cost_of_inaction, lang))
        if ctx.value_one_off:
            text += " " + doc("head.one_off_gain", lang, value=_amounts(ctx.value_one_off, lang))
        _para(document, text)
    for n in ctx.need_payoffs:
        attribution = _who(n.said_by, lang) + (f" · {n.amount.text}" if n.amount else "")
        _quote(document, n.text, attribution, lang)
    if not ctx.need_payoffs:
        _para(document, doc("head.no_value", lang), muted=True)


def _approach(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    for p in ctx.problems:
        _heading(document, f"{p.number}. {p.statement}", 2)
        for offer in p.offers:
            _para(document, f"— {offer.solves}", bold=offer.name)
            _bullets(document, offer.proof)
        if not p.offers:
            _para(document, doc("head.no_offer", lang), muted=True)


def _commercial(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    model = ctx.commercial
    _heading(document, section.title)
    _para(document, model.description, bold=f"{model.label}.")
    if ctx.emphasis == "end_use" or model.tactic == "turnkey":
        _para(document, doc("commercial.service_levels", lang))
        _numbered(document, model.service_levels)
    _bullets(document, model.pricing)


def _stakeholders(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    header = [doc("head.role", lang), doc("head.person", lang), doc("head.cares_about", lang), doc("head.gets", lang)]
    rows = []
    for role in ctx.roles:
        if role.gets:
            gets = "\n".join(f"{doc('quote_open', lang)}{g.text}{doc('quote_close', lang)}" for g in role.gets)
        else:
            gets = "\n".join(f"{ref.number}. {ref.statement}" for ref in role.problems) or "—"
        rows.append([role.label, "; ".join(p.label for p in role.people), ", ".join(role.cares_about), gets])
    _table(document, header, rows, widths=[34, 34, 50, 52])


def _requirements(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    _bullets(document, [f"{r.text} — {_who(r.said_by, lang)}" for r in ctx.requirements])
    if not ctx.requirements:
        _para(document, doc("head.no_requirements", lang), muted=True)


def _open_questions(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    lang = ctx.lang
    _heading(document, section.title)
    _bullets(document, [q.text for q in ctx.open_questions])
    if not ctx.open_questions:
        _para(document, doc("head.no_open", lang), muted=True)
    if ctx.risks:
        _heading(document, doc("head.risks", lang), 2)
        _bullets(document, ctx.risks)


def _next_steps(document: WordDocument, ctx: ProposalContext, section: SectionView) -> None:
    _heading(document, section.title)
    _para(document, doc("head.where", ctx.lang, stage=ctx.next_steps.stage_label))
    _numbered(document, ctx.next_steps.steps)


_WRITERS: dict[str, Callable[[WordDocument, ProposalContext, SectionView], None]] = {
    "cover": _cover,
    "summary": _summary,
    "situation": _situation,
    "problems": _problems,
    "cost": _cost,
    "value": _value,
    "approach": _approach,
    "commercial": _commercial,
    "stakeholders": _stakeholders,
    "requirements": _requirements,
    "open_questions": _open_questions,
    "next_steps": _next_steps,
}
