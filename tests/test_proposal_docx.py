"""The Word proposal is a real Word document: styles, tables, lists and language, not pasted Markdown."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from spin_coach.banks import load_banks
from spin_coach.catalog import bundled_catalog_path, load_catalog
from spin_coach.demo import build_demo
from spin_coach.proposal.documents import render_proposal

DAY = date(2026, 10, 20)


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPIN_COACH_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        return load_banks([])


@pytest.fixture(scope="module")
def word_bytes(banks) -> dict[str, bytes]:
    catalog = load_catalog(bundled_catalog_path())
    return {lang: render_proposal(build_demo(lang), banks, fmt="docx", lang=lang, catalog=catalog, today=DAY) for lang in ("en", "ru")}


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_headings_are_word_headings_in_the_order_of_the_proposal(word_bytes):
    document = Document(io.BytesIO(word_bytes["en"]))
    assert styled(document, "Title") == ["Pre-sell proposal: Northwind Freight"]
    assert styled(document, "Subtitle") == ["Northwind — order-to-cash automation"]
    assert styled(document, "Heading 1") == [
        "Executive summary",
        "The return on solving them",
        "What waiting costs",
        "The problems we agreed on",
        "Proposed approach",
        "How we would work and share the risk",
        "The situation as we understood it",
        "What each of you gets",
        "Requirements and evaluation criteria",
        "Open questions and risks",
        "Next steps",
    ]
    assert "1. Orders are keyed into the ERP by hand, twice for web-shop orders" in styled(document, "Heading 2")


def test_costs_are_a_table_with_a_header_row_that_repeats_on_each_page(word_bytes):
    document = Document(io.BytesIO(word_bytes["en"]))
    cost_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Consequence"]
    assert len(cost_tables) == 3
    first = cost_tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Consequence", "Amount", "Per year", "Source"]
    assert [c.text for c in first.rows[1].cells] == [
        "Temporary staff in peak season to clear the order backlog",
        "EUR\u00a09,000 a month",
        "EUR\u00a0108,000 a year",
        "as stated, Tom Becker",
    ]
    assert first.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for run in first.rows[0].cells[0].paragraphs[0].runs)


def test_points_and_steps_are_real_lists_and_each_numbered_list_starts_at_one(word_bytes):
    document = Document(io.BytesIO(word_bytes["en"]))
    bullets = styled(document, "List Bullet")
    assert "Doing nothing costs about EUR\u00a03,252,000 a year." in bullets
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    service_levels = [p for p in numbered if "“" in p.text or p.text.startswith("Solved")]
    steps = [p for p in numbered if p not in service_levels]
    assert steps[0].text == "Close the open questions above with Helen Park and Marcus Lee."
    num_ids = {p._p.pPr.numPr.numId.val for p in service_levels}, {p._p.pPr.numPr.numId.val for p in steps}
    assert len(num_ids[0]) == 1 and len(num_ids[1]) == 1 and num_ids[0] != num_ids[1]
    numbering = document.part.numbering_part.element
    for num_id in (*num_ids[0], *num_ids[1]):
        num = numbering.num_having_numId(num_id)
        assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"


def test_client_words_are_quotes(word_bytes):
    document = Document(io.BytesIO(word_bytes["en"]))
    quotes = styled(document, "Quote")
    assert any(q.startswith("“If the desk could scale, we would sign both chains this spring.”\n— Helen Park (CEO)") for q in quotes)


def test_page_language_and_properties(word_bytes):
    for lang, tag, title in (("en", "en-GB", "Pre-sell proposal: Northwind Freight"), ("ru", "ru-RU", "Предварительное предложение: ТрансЛогистик")):
        document = Document(io.BytesIO(word_bytes[lang]))
        page = document.sections[0]
        assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
        assert round(page.left_margin.mm) == 20
        normal = document.styles["Normal"].element.rPr
        assert normal.find(qn("w:lang")).get(qn("w:val")) == tag
        assert document.core_properties.title == title
        assert document.core_properties.language == tag


def test_russian_word_document(word_bytes):
    document = Document(io.BytesIO(word_bytes["ru"]))
    assert styled(document, "Heading 1")[:3] == ["Главное", "Отдача от решения", "Цена ожидания"]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Последствие")
    assert [c.text for c in table.rows[0].cells] == ["Последствие", "Сумма", "В год", "Источник"]
    assert table.rows[1].cells[1].text == "900\u00a0000\u00a0₽ в месяц"


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")) or not shutil.which("pdftotext"), reason="needs LibreOffice and poppler")
def test_libreoffice_opens_it_and_prints_every_section(word_bytes, tmp_path):
    source = tmp_path / "proposal.docx"
    source.write_bytes(word_bytes["ru"])
    office = shutil.which("libreoffice") or shutil.which("soffice")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run([office, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "proposal.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    text = " ".join(pages.split())  # a long title wraps
    for heading in ("Предварительное предложение: ТрансЛогистик", "Главное", "Цена ожидания", "Что получит каждый из вас", "Следующие шаги"):
        assert heading in text
    assert pages.count("\f") >= 3  # a cover page and the body over several A4 pages
