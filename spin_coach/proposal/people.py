"""The buying group as documents show it: each stakeholder as a :class:`~.views.Person`, once."""

from __future__ import annotations

from ..coach.evidence import Statement as Said
from ..coach.index import DealIndex
from .views import Person, Statement
from .wording import doc


class PeopleDirectory:
    """The deal's people as template views, built once per document, and what they said as template statements."""

    def __init__(self, index: DealIndex, lang: str):
        self.index = index
        self.lang = lang
        self.key = set(index.key_ids)
        self.people: dict[str, Person] = {p.id: self._person(p.id) for p in index.record.stakeholders}

    def _person(self, person_id: str) -> Person:
        p = self.index.people[person_id]
        influence = p.influence
        return Person(
            id=p.id,
            name=p.name,
            title=p.title,
            role=p.role,
            role_label=self.index.banks.role_label(p.role, self.lang),
            influence=influence,
            influence_label=doc(f"influence.{influence}", self.lang),
            key=p.id in self.key,
            external=p.external,
            label=f"{p.name}, {p.title}" if p.title else p.name,
        )

    def person(self, person_id: str | None) -> Person | None:
        """The template view of a stakeholder, or None for nobody or an unknown id."""
        return self.people.get(person_id or "")

    def persons(self, ids: list[str] | tuple[str, ...]) -> list[Person]:
        """The template views of these stakeholders, skipping unknown ids."""
        return [self.people[i] for i in ids if i in self.people]

    def statement(self, said: Said) -> Statement:
        """What someone said (an answer or a meeting line), with the question it answered in the document's language."""
        question = self.index.banks.questions.get(said.question_id or "")
        asked = question.ask(self.lang) if question else said.question_text
        return Statement(text=said.text, said_by=self.person(said.stakeholder_id), question=asked, stage=said.stage)
