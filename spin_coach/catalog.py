"""The seller's service catalog: load it, check it, and match its offers to a client's problem.

Pre-sell research maps the client's problem onto the seller's list of services; the
proposal uses :func:`match_offers` for that. The catalog is a TOML file with a
``[catalog]`` table and ``[[offers]]`` (see ``question_banks/README.md``). The user's
own ``catalog.toml`` in the config folder wins; otherwise the bundled sample is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .banks import BankError, BankProblem, TomlLines, _read_toml, pydantic_problems
from .models import ServiceCatalog, ServiceOffer
from .paths import bundled_banks_dir, config_dir

__all__ = [
    "CatalogProblem",
    "OfferMatch",
    "bundled_catalog_path",
    "load_catalog",
    "match_offers",
    "rank_offers",
    "user_catalog_path",
]

# Weights of the evidence that an offer fits a problem: a shared tag is deliberate
# (someone tagged both), a keyword found in free text is circumstantial.
TAG_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
OTHER_LANGUAGE_WEIGHT = 0.5  # notes mix languages; the text's own language counts more
MIN_STEM = 4  # a keyword word this long also matches longer words that start with it


@dataclass(frozen=True)
class CatalogProblem(BankProblem):
    """A fault in a catalog file; names the offer (kept in ``question``) instead of a question."""

    kind: str = "offer"

    @property
    def offer(self) -> str | None:
        return self.question


def user_catalog_path() -> Path:
    return config_dir() / "catalog.toml"


def bundled_catalog_path() -> Path:
    """The sample catalog shipped with the banks (inside the package in a wheel)."""
    return bundled_banks_dir() / "catalogs" / "sample.toml"


# ---------------------------------------------------------------- loading


def load_catalog(path: Path | None = None) -> ServiceCatalog:
    """Read and validate a catalog; None means the user's catalog.toml if present, else the sample.

    Raises :class:`~spin_coach.banks.BankError` whose problems name the file, the
    line, the offer id and the field of every fault found.
    """
    if path is None:
        path = user_catalog_path()
        if not path.is_file():
            path = bundled_catalog_path()
    path = Path(path)
    name = str(path)
    try:
        empty = path.is_file() and not path.read_bytes().strip()
    except OSError:
        empty = False  # _read_toml reports unreadable files
    if empty:
        raise BankError([CatalogProblem(name, "file is empty; a catalog needs a [catalog] table and [[offers]]")])
    data, lines = _read_toml(path)
    problems: list[BankProblem] = _content_problems(name, data, lines)
    try:
        catalog = ServiceCatalog.model_validate(data)
    except ValidationError as exc:
        known = {(p.question, p.field) for p in problems}
        for plain in pydantic_problems(name, data, exc, lines):
            if (plain.question, plain.field) not in known:
                problems.append(CatalogProblem(plain.file, plain.message, line=plain.line, question=plain.question, field=plain.field))
        raise BankError(problems) from None
    if problems:
        raise BankError(problems)
    return catalog


def _content_problems(name: str, data: dict, lines: TomlLines) -> list[BankProblem]:
    """Faults the models cannot see: no offers, duplicate ids, empty keywords."""
    offers = data.get("offers")
    if not offers:
        return [CatalogProblem(name, "no offers; add at least one [[offers]] table")]
    if not isinstance(offers, list):
        return []  # the model reports the wrong type
    out: list[BankProblem] = []
    seen: set[str] = set()
    for i, offer in enumerate(offers):
        if not isinstance(offer, dict):
            continue
        oid = offer.get("id")
        label = str(oid) if oid else f"#{i + 1}"
        if isinstance(oid, str) and oid in seen:
            out.append(CatalogProblem(name, "duplicate offer id in this catalog", line=lines.field("offers", i, "id"), question=oid, field="id"))
        seen.add(oid)
        keywords = offer.get("keywords")
        if isinstance(keywords, dict):
            for lang, words in keywords.items():
                if isinstance(words, list) and any(isinstance(w, str) and not _tokens(w) for w in words):
                    out.append(
                        CatalogProblem(
                            name, "a keyword has no letters or digits; it would match every problem",
                            line=lines.field("offers", i, "keywords"), question=label, field=f"keywords.{lang}",
                        )
                    )
    return out


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class OfferMatch:
    """An offer that fits a problem, how well, and why (to show the seller)."""

    offer: ServiceOffer
    score: float
    tags: tuple[str, ...]
    keywords: tuple[str, ...]


_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("ё", "е"))


def _mentions(words: set[str], keyword: list[str]) -> bool:
    """Every word of the keyword is in the text, whole or (if long enough) as a stem."""
    return all(k in words or (len(k) >= MIN_STEM and any(w.startswith(k) for w in words)) for k in keyword)


def rank_offers(catalog: ServiceCatalog, text: str, tags: list[str], lang: str = "en") -> list[OfferMatch]:
    """Offers that share tags with the problem or whose keywords occur in its text, best first.

    Keywords in ``lang`` (the language the text is written in) weigh more than those
    in other languages; ties keep catalog order. Offers with nothing in common are left out.
    """
    words = set(_tokens(text))
    wanted = {t.casefold() for t in tags}
    ranked: list[tuple[float, int, OfferMatch]] = []
    for order, offer in enumerate(catalog.offers):
        shared = tuple(t for t in offer.tags if t.casefold() in wanted)
        weights: dict[str, float] = {}  # normalised keyword → best weight, so "erp" in two languages counts once
        shown: dict[str, str] = {}
        for kw_lang, keywords in offer.keywords.items():
            weight = KEYWORD_WEIGHT if kw_lang == lang else KEYWORD_WEIGHT * OTHER_LANGUAGE_WEIGHT
            for keyword in keywords:
                parts = _tokens(keyword)
                if parts and _mentions(words, parts):
                    key = " ".join(parts)
                    if weight > weights.get(key, 0.0):
                        weights[key] = weight
                        shown[key] = keyword
        score = TAG_WEIGHT * len(shared) + sum(weights.values())
        if score > 0:
            match = OfferMatch(offer, score, shared, tuple(shown[k] for k in weights))
            ranked.append((-score, order, match))
    ranked.sort(key=lambda item: item[:2])
    return [match for _, _, match in ranked]


def match_offers(catalog: ServiceCatalog, text: str, tags: list[str], lang: str = "en") -> list[ServiceOffer]:
    """The catalog's offers that fit a problem (its statement, implications and tags), best first."""
    return [m.offer for m in rank_offers(catalog, text, tags, lang)]
