"""``@name`` at the start of a note: who said it."""

from __future__ import annotations

from spin_coach.mentions import leading_mention, match_people, transliterate
from spin_coach.models import Stakeholder

ANNA = Stakeholder(deal_id="d", name="Anna Schmidt")
ANDREY = Stakeholder(deal_id="d", name="Андрей Волков")
OLGA = Stakeholder(deal_id="d", name="Ольга Сёмина")
PEOPLE = [ANNA, ANDREY, OLGA]


def test_a_leading_mention_is_split_from_what_was_said():
    assert leading_mention("@anna: we use SAP") == ("anna", "we use SAP")
    assert leading_mention("  @Ольга, всё медленно") == ("Ольга", "всё медленно")
    assert leading_mention("@anna") == ("anna", "")


def test_a_mention_in_the_middle_of_a_line_is_not_who_said_it():
    assert leading_mention("budget sits with @andrey") is None
    assert leading_mention("mail anna@example.com") is None


def test_prefix_of_any_word_of_the_name_matches_in_either_alphabet():
    assert match_people("an", PEOPLE) == [ANNA]  # Latin first: Андрей is not "an" as typed
    assert match_people("schm", PEOPLE) == [ANNA]
    assert match_people("анд", PEOPLE) == [ANDREY]
    assert match_people("ВОЛ", PEOPLE) == [ANDREY]
    assert match_people("семин", PEOPLE) == [OLGA]  # ё typed as е


def test_a_latin_keyboard_reaches_cyrillic_names_and_back():
    assert match_people("olg", PEOPLE) == [OLGA]
    assert match_people("andr", PEOPLE) == [ANDREY]
    assert match_people("анна", PEOPLE) == [ANNA]
    assert transliterate("Щукин") == "shchukin"


def test_no_match_or_several_matches_are_reported_as_such():
    assert match_people("zz", PEOPLE) == []
    assert match_people("", PEOPLE) == []
    both = [ANNA, Stakeholder(deal_id="d", name="Annika Berg")]
    assert match_people("ann", both) == both
