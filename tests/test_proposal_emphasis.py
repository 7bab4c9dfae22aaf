"""The purchase model decides what the reader meets first, and in what words.

Economic buyers read the return and what waiting costs first; technical buyers
the requirements, integration and security; end-use buyers the outcomes and
the service levels. The same order holds in Markdown, HTML and Word.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document

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
def catalog():
    return load_catalog(bundled_catalog_path())


def deal(model: str, lang: str = "en"):
    record = build_demo(lang)
    record.deal.purchase_model = model
    return record


def headings(banks, catalog, model: str, lang: str = "en") -> list[str]:
    text = render_proposal(deal(model, lang), banks, fmt="md", lang=lang, catalog=catalog, today=DAY)
    return re.findall(r"^## (.*)$", text, re.MULTILINE)


def test_an_economic_buyer_reads_the_return_and_the_cost_of_waiting_first(banks, catalog):
    assert headings(banks, catalog, "economic")[:4] == [
        "Executive summary",
        "The return on solving them",
        "What waiting costs",
        "The problems we agreed on",
    ]


def test_a_technical_buyer_reads_requirements_integration_and_security_first(banks, catalog):
    order = headings(banks, catalog, "technical")
    assert order[:3] == ["Executive summary", "Requirements, integration and security", "Your landscape as we understood it"]
    assert "Proposed approach and how it fits your systems" in order
    assert order.index("What the problems cost") > order.index("Proposed approach and how it fits your systems")


def test_an_end_use_buyer_reads_outcomes_and_service_levels_first(banks, catalog):
    order = headings(banks, catalog, "end_use")
    assert order[:3] == ["Executive summary", "The outcomes you will get", "Service levels and how we are paid"]
    assert "How we deliver the outcomes" in order


def test_every_model_keeps_all_twelve_sections(banks, catalog):
    orders = [headings(banks, catalog, m) for m in ("economic", "technical", "end_use")]
    assert all(len(order) == 11 for order in orders)  # plus the cover, which is the # title
    assert len({tuple(o) for o in orders}) == 3


def test_the_summary_opens_differently_for_each_model(banks, catalog):
    leads = {}
    for model in ("economic", "technical", "end_use"):
        text = render_proposal(deal(model), banks, fmt="md", lang="en", catalog=catalog, today=DAY)
        summary = text.split("## Executive summary\n\n", 1)[1]
        leads[model] = summary.split("\n", 1)[0]
    assert leads["economic"].startswith("Today the problems below cost Northwind Freight about EUR\u00a03,252,000 a year.")
    assert "pays back" in leads["economic"]
    assert leads["technical"].startswith("This proposal starts from Northwind Freight's requirements — integration, security")
    assert leads["end_use"].startswith("This proposal is about results for Northwind Freight, not software")
    assert "service levels we commit to" in leads["end_use"]


def test_only_the_economic_summary_counts_the_cost_of_each_month(banks, catalog):
    economic = render_proposal(deal("economic"), banks, fmt="md", lang="en", catalog=catalog, today=DAY)
    technical = render_proposal(deal("technical"), banks, fmt="md", lang="en", catalog=catalog, today=DAY)
    assert "Every month of waiting costs about" in economic
    assert "Every month of waiting costs about" not in technical
    assert "3 requirements and evaluation criteria captured, all addressed below." in technical


def test_end_use_lists_service_levels_even_without_a_turnkey_deal(banks, catalog):
    record = deal("end_use")
    record.deal.closing_tactic = "integrator"
    text = render_proposal(record, banks, fmt="md", lang="en", catalog=catalog, today=DAY)
    part = text.split("## Service levels and how we are paid\n", 1)[1].split("\n## ", 1)[0]
    assert "**Integration partner.** We take responsibility for fitting the solution into your processes and systems" in part
    assert "We measure the service on these outcomes:" in part
    assert "1. “If orders went straight into the ERP my team could handle peak season without temps.”" in part


def test_russian_wording_follows_the_model_too(banks, catalog):
    assert headings(banks, catalog, "technical", "ru")[:2] == ["Главное", "Требования, интеграция и безопасность"]
    assert headings(banks, catalog, "end_use", "ru")[:3] == ["Главное", "Какие результаты вы получите", "Уровень сервиса и оплата"]


def test_html_and_word_follow_the_same_order(banks, catalog):
    record = deal("technical")
    md = headings(banks, catalog, "technical")
    html = render_proposal(record, banks, fmt="html", lang="en", catalog=catalog, today=DAY)
    assert re.findall(r"<h2>(.*?)</h2>", html) == md
    word = Document(io.BytesIO(render_proposal(record, banks, fmt="docx", lang="en", catalog=catalog, today=DAY)))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == md


def test_a_deal_without_a_purchase_model_follows_the_coachs_inference(banks, catalog):
    record = deal(None)  # the coach infers it from the key stakeholders' roles
    text = render_proposal(record, banks, fmt="md", lang="en", catalog=catalog, today=DAY)
    # Both key people (CEO, CFO) hold roles that lean to the economic purchase.
    assert re.findall(r"^## (.*)$", text, re.MULTILINE)[1] == "The return on solving them"
