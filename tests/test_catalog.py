"""The seller's service catalog: the bundled sample, the user's own file, bad files, and matching.

Story: a seller keeps their offers in catalog.toml; when the buying group agrees on a
problem ("customers pay late, overdue receivables keep growing"), the proposal lists the
offers that solve it. A typo in the catalog must say which file, line, offer and field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spin_coach.banks import BankError, bank_files, load_banks
from spin_coach.catalog import (
    CatalogProblem,
    bundled_catalog_path,
    load_catalog,
    match_offers,
    rank_offers,
    user_catalog_path,
)
from spin_coach.models import LANGUAGES, BankInfo, ServiceCatalog, ServiceOffer
from spin_coach.paths import bundled_banks_dir

GOOD = """\
[catalog]
id = "mine"
name = "My offers"

[[offers]]
id = "dso-sprint"
name = { en = "DSO sprint", ru = "Спринт по дебиторке" }
solves = { en = "Customers pay late", ru = "Клиенты платят с опозданием" }
tags = ["collections"]
keywords = { en = ["overdue"], ru = ["просроч"] }
pricing_model = "turnkey"
"""

BAD = """\
[catalog]
id = "mine"

[[offers]]
id = "dso-sprint"
name = { en = "DSO sprint", ru = "Спринт по дебиторке" }
solves = { en = "Customers pay late", ru = "Клиенты платят с опозданием" }

[[offers]]
id = "edi-bridge"
name.en = "EDI bridge"
name.ru = ""
solves = { en = "Orders by EDI", ru = "Заказы по EDI" }
pricing_model = "barter"

[[offers]]
id = "dso-sprint"
name = { en = "Again", ru = "Снова" }
solves = { en = "Twice", ru = "Дважды" }
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def offer(oid: str, tags=(), en=(), ru=()) -> ServiceOffer:
    return ServiceOffer(
        id=oid,
        name={"en": oid, "ru": oid},
        solves={"en": "x", "ru": "х"},
        tags=list(tags),
        keywords={"en": list(en), "ru": list(ru)},
    )


def catalog_of(*offers: ServiceOffer) -> ServiceCatalog:
    return ServiceCatalog(catalog=BankInfo(id="t"), offers=list(offers))


@pytest.fixture(scope="module")
def sample() -> ServiceCatalog:
    return load_catalog(bundled_catalog_path())


# ---------------------------------------------------------------- the bundled sample


def test_the_sample_ships_next_to_the_banks_but_is_not_loaded_as_a_bank():
    path = bundled_catalog_path()
    assert path == bundled_banks_dir() / "catalogs" / "sample.toml"
    assert path.is_file()
    assert path not in bank_files(include_user=False)
    assert load_banks(include_user=False).problems == []


def test_the_sample_has_five_to_eight_complete_offers_in_both_languages(sample):
    assert 5 <= len(sample.offers) <= 8
    assert len({o.id for o in sample.offers}) == len(sample.offers)
    for o in sample.offers:
        for lang in LANGUAGES:
            assert o.name[lang].strip() and o.solves[lang].strip() and o.pricing.get(lang, "").strip(), (o.id, lang)
            assert len(o.keywords.get(lang, [])) >= 5, (o.id, lang)
            assert o.proof and all(p.get(lang, "").strip() for p in o.proof), (o.id, lang)
        assert len(o.tags) >= 3, o.id
    assert {o.pricing_model for o in sample.offers} == {"transactional", "integrator", "turnkey"}


def test_every_sample_offer_is_found_first_by_its_own_description_in_each_language(sample):
    for o in sample.offers:
        for lang in LANGUAGES:
            found = match_offers(sample, o.solves[lang], [], lang)
            assert found and found[0].id == o.id, (o.id, lang, [f.id for f in found])


def test_every_sample_offer_shares_tags_with_the_bank_questions_that_uncover_problems(sample):
    banks = load_banks(include_user=False)
    problem_tags = {t for q in banks.questions.values() if q.stage in ("problem", "implication") for t in q.tags}
    for o in sample.offers:
        assert set(o.tags) & problem_tags, o.id
        reached = [q.id for q in banks.questions.values() if q.stage == "problem" and (m := match_offers(sample, q.ask("en"), q.tags, "en")) and m[0].id == o.id]
        assert reached, f"no bank problem question leads to {o.id}"


# ---------------------------------------------------------------- which file is used


def test_without_a_user_catalog_the_sample_is_used(isolated_home):
    assert not user_catalog_path().exists()
    assert user_catalog_path().parent == isolated_home
    assert load_catalog().catalog.id == "sample"


def test_the_users_own_catalog_wins_over_the_sample(isolated_home):
    write(isolated_home, "catalog.toml", GOOD)
    catalog = load_catalog()
    assert catalog.catalog.id == "mine"
    assert [o.id for o in catalog.offers] == ["dso-sprint"]


def test_an_explicit_path_is_read(tmp_path):
    assert load_catalog(write(tmp_path, "other.toml", GOOD)).catalog.name == "My offers"


# ---------------------------------------------------------------- bad files


def test_a_bad_catalog_names_file_line_offer_and_field(tmp_path):
    path = write(tmp_path, "catalog.toml", BAD)
    with pytest.raises(BankError) as err:
        load_catalog(path)
    problems = err.value.problems
    assert all(isinstance(p, CatalogProblem) and p.file == str(path) for p in problems)
    by_field = {(p.offer, p.field): p for p in problems}

    pricing = by_field[("edi-bridge", "pricing_model")]
    assert pricing.line == 14
    assert "barter" in pricing.message and "turnkey" in pricing.message
    assert str(pricing).startswith(f"{path}:14: offer edi-bridge: field pricing_model:")

    name = by_field[("edi-bridge", "name")]
    assert name.line == 11 and "ru" in name.message

    duplicate = by_field[("dso-sprint", "id")]
    assert duplicate.line == 17 and "duplicate" in duplicate.message

    text = str(err.value)
    assert f"{path}:14: offer edi-bridge: field pricing_model" in text
    assert len(problems) == 3, text


def test_a_missing_field_points_at_the_offer_header(tmp_path):
    path = write(tmp_path, "c.toml", GOOD.replace('solves = { en = "Customers pay late", ru = "Клиенты платят с опозданием" }\n', ""))
    with pytest.raises(BankError) as err:
        load_catalog(path)
    [problem] = err.value.problems
    assert (problem.offer, problem.field, problem.line) == ("dso-sprint", "solves", 5)


def test_a_toml_syntax_error_names_line_and_column(tmp_path):
    path = write(tmp_path, "c.toml", GOOD.replace('tags = ["collections"]', 'tags = ["collections"'))
    with pytest.raises(BankError) as err:
        load_catalog(path)
    [problem] = err.value.problems
    assert problem.file == str(path) and problem.line is not None
    assert "TOML syntax error" in str(problem)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "file is empty; a catalog needs a [catalog] table and [[offers]]"),
        ('[catalog]\nid = "x"\n', "no offers"),
        (GOOD.replace("[catalog]", "[bank]"), "field catalog: Field required"),
        (GOOD.replace('["overdue"]', '["overdue", " - "]'), "field keywords.en: a keyword has no letters"),
    ],
)
def test_other_faults_are_explained(tmp_path, text, expected):
    path = write(tmp_path, "c.toml", text)
    with pytest.raises(BankError) as err:
        load_catalog(path)
    assert expected in str(err.value)
    assert str(path) in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(BankError) as err:
        load_catalog(tmp_path / "nope.toml")
    assert "nope.toml" in str(err.value) and "cannot read" in str(err.value)


# ---------------------------------------------------------------- matching offers to a problem


def test_a_russian_problem_statement_finds_the_collections_offer(sample):
    text = "Дебиторка растёт: клиенты платят с опозданием, просроченная задолженность уже 40 млн"
    assert match_offers(sample, text, [], "ru")[0].id == "collections"


def test_an_english_problem_statement_finds_order_intake(sample):
    text = "Orders arrive by e-mail and our team re-keys them into the ERP by hand"
    found = [o.id for o in match_offers(sample, text, [], "en")]
    assert found[0] == "order-intake"
    assert "integration-service" in found  # "ERP" is a weaker, but real, link


def test_tags_alone_are_enough_and_count_more_than_a_keyword():
    catalog = catalog_of(offer("by-word", en=["overdue"]), offer("by-tag", tags=["collections"]))
    assert [o.id for o in match_offers(catalog, "invoices are overdue", ["collections"], "en")] == ["by-tag", "by-word"]
    assert [o.id for o in match_offers(catalog, "", ["Collections"], "en")] == ["by-tag"]


def test_more_overlap_ranks_higher_and_ties_keep_catalog_order():
    catalog = catalog_of(
        offer("one", en=["invoice"]),
        offer("two", en=["invoice", "late payment"]),
        offer("also-one", en=["late"]),
    )
    ranked = rank_offers(catalog, "Invoices are paid late; late payment hurts cash", [], "en")
    assert [m.offer.id for m in ranked] == ["two", "one", "also-one"]
    assert ranked[0].keywords == ("invoice", "late payment")


def test_stems_match_longer_words_but_short_keywords_match_whole_words_only():
    catalog = catalog_of(offer("edi", en=["edi"]), offer("stem", ru=["просроч"]))
    assert match_offers(catalog, "we edit orders by hand", [], "en") == []
    assert [o.id for o in match_offers(catalog, "EDI orders fail", [], "en")] == ["edi"]
    assert [o.id for o in match_offers(catalog, "Просроченная дебиторка", [], "ru")] == ["stem"]
    assert [o.id for o in match_offers(catalog, "ПРОСРОЧКА", [], "ru")] == ["stem"]


def test_the_texts_own_language_weighs_more_but_mixed_notes_still_match():
    catalog = catalog_of(offer("ru-kw", ru=["маркетплейс"]), offer("en-kw", en=["marketplace"]))
    text = "Заказы с маркетплейсов (marketplace orders) теряются"
    assert [o.id for o in match_offers(catalog, text, [], "ru")] == ["ru-kw", "en-kw"]
    assert [o.id for o in match_offers(catalog, text, [], "en")] == ["en-kw", "ru-kw"]


def test_a_problem_with_nothing_in_common_matches_nothing(sample):
    assert match_offers(sample, "The weather was lovely at the meeting", ["weather"], "en") == []
    assert match_offers(sample, "", [], "ru") == []


def test_the_readme_example_catalog_loads_and_matches(tmp_path):
    import re

    text = (bundled_banks_dir() / "README.md").read_text("utf-8")
    [example] = [b for b in re.findall(r"```toml\n(.*?)```", text, flags=re.S) if "[catalog]" in b]
    catalog = load_catalog(write(tmp_path, "catalog.toml", example))
    assert match_offers(catalog, "Клиенты платят с опозданием", [], "ru")[0].id == "dso-sprint"
