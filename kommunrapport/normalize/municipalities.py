"""The 290 municipalities (SCB codes) and which one a document is about.

Evidence, each weighted (normalize/data/municipalities.toml): 'X kommun' / 'X kommuns' / 'Xs stad'
(organisation), e-mail and web domains ('@sala.se', 'www.ljungby.se'), bare place names ('I Linköping
ska fler ...', 'Ett tryggare Ale'; not for names that are also everyday words). Mentions on the title
page count several times over. The municipality with most weight wins; a runner-up close behind is
reported (`Identification.close`) for the caller to warn `ambiguous_municipality`. A document of a
kommunalförbund or a region, which speaks of itself as one, is no municipality's (`body_kind`).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from kommunrapport.models import Municipality
from kommunrapport.normalize.vocab import DATA_DIR, derived, load_vocab

_LETTER = "A-Za-zÅÄÖåäöÉéÜü"


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    county: str


@dataclass
class Identification:
    municipality: Municipality | None
    score: float = 0.0
    runner_up: Municipality | None = None
    runner_up_score: float = 0.0
    evidence: dict[str, list[str]] = field(default_factory=dict)   # code -> the mentions that counted
    body_kind: str | None = None     # 'kommunalförbund' / 'region': the document's body is no municipality

    @property
    def close(self) -> bool:
        share = float(_settings().get("ambiguous_share", 0.6))
        return self.runner_up is not None and self.runner_up_score >= share * self.score


@cache
def municipalities() -> tuple[Entry, ...]:
    with (DATA_DIR / "kommuner.csv").open(encoding="utf-8") as f:
        return tuple(Entry(r["code"].strip(), r["name"].strip(), r["county"].strip()) for r in csv.DictReader(f))


@cache
def _by_code() -> dict[str, Entry]:
    return {e.code: e for e in municipalities()}


def by_code(code: str) -> Municipality | None:
    e = _by_code().get(code.strip().zfill(4))
    return Municipality(name=e.name, code=e.code) if e else None


def by_name(name: str) -> Municipality | None:
    """'Alingsås', 'Alingsås kommun', 'Linköpings kommun', 'GÖTEBORGS STAD' -> the municipality."""
    words = name.strip()
    words = re.sub(rf"\s+({'|'.join(_settings()['organisation_words'])})$", "", words, flags=re.I)
    for candidate in (words, words[:-1] if words.lower().endswith("s") else None):
        if candidate:
            e = _by_folded().get(_fold(candidate))
            if e:
                return Municipality(name=e.name, code=e.code)
    return None


def _settings() -> dict:
    return load_vocab("municipalities")


def _fold(text: str) -> str:
    """Lower case, no accents, letters only: 'Upplands Väsby' -> 'upplandsvasby' (as in a domain)."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in nfkd if not unicodedata.combining(c)))


@cache
def _by_folded() -> dict[str, Entry]:
    return {_fold(e.name): e for e in municipalities()}


@derived
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    names = sorted((e.name for e in municipalities()), key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace(r"\-", r"\s*-\s*") for n in names)
    org_words = "|".join(re.escape(w) for w in _settings()["organisation_words"])
    organisation = re.compile(rf"(?<![{_LETTER}-])({alt})s?\s+(?:{org_words})(?![{_LETTER}])", re.I)
    place = re.compile(rf"(?<![{_LETTER}-])({alt})s?(?![{_LETTER}-])")
    domain = re.compile(r"(?:@|www\.|\b)((?:[a-z0-9-]+\.)*?)([a-z0-9-]+)\.se\b", re.I)
    return organisation, place, domain


def _entry_of(name: str) -> Entry | None:
    return _by_folded().get(_fold(name))


def _mentions(text: str) -> Iterable[tuple[Entry, str, str]]:
    """(municipality, kind, the words) for every mention in one text."""
    organisation, place, domain = _patterns()
    common = {w.lower() for w in _settings().get("common_words", [])}
    taken: list[tuple[int, int]] = []
    for m in organisation.finditer(text):
        e = _entry_of(m.group(1))
        if e:
            taken.append(m.span())
            yield e, "organisation", m.group(0)
    for m in domain.finditer(text):
        e = _by_folded().get(_fold(m.group(2)))
        if e:
            yield e, "domain", m.group(0)
    for m in place.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name = m.group(1)
        # a bare name (matched case-sensitively: not 'SALA' in a shouted heading), not an everyday word
        e = _entry_of(name)
        if e is None or e.name.lower() in common:
            continue
        if _starts_sentence(text, m.start()):
            continue
        yield e, "place", m.group(0)


def _starts_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:•-–\n\t"


def _body_kind(texts: Sequence[str], municipal_mentions: int) -> str | None:
    """'kommunalförbund' or 'region' where the document speaks of itself as one ('förbundet',
    'medlemskommunerna', 'regionfullmäktige') at least `self_mentions` times and more often than it names any
    one municipality (its members are named too: 'Budgeterat medlemsbidrag ... för Alingsås kommun')."""
    kinds = _settings().get("not_a_municipality", {})
    need = int(_settings().get("self_mentions", 3))
    best, best_count = None, 0
    for kind, words in kinds.items():
        pattern = re.compile(rf"(?<![{_LETTER}])(?:{'|'.join(re.escape(w) for w in words)})(?![{_LETTER}])", re.I)
        count = sum(len(pattern.findall(t or "")) for t in texts)
        if count >= need and count >= municipal_mentions and count > best_count:
            best, best_count = kind, count
    return best


def identify(texts: Sequence[str], title_texts: Sequence[str] = ()) -> Identification:
    """The municipality the texts are about (title_texts: the title page, which counts more)."""
    s = _settings()
    weights = {"organisation": float(s["weight_organisation"]), "domain": float(s["weight_domain"]),
               "place": float(s["weight_place"])}
    factor = float(s.get("title_factor", 3.0))
    score: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    first: dict[str, int] = {}
    order = 0
    for group, multiplier in ((title_texts, factor), (texts, 1.0)):
        for text in group:
            for e, kind, words in _mentions(text or ""):
                score[e.code] += weights[kind] * multiplier
                evidence[e.code].append(words)
                first.setdefault(e.code, order)
                order += 1
    kind = _body_kind(list(title_texts) + list(texts), max((len(v) for v in evidence.values()), default=0))
    if kind is not None:
        return Identification(None, body_kind=kind, evidence=dict(evidence))
    if not score:
        return Identification(None)
    # equal weight: the one named first (the title page before a neighbour in the text)
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], first[kv[0]]))
    best_code, best = ranked[0]
    ident = Identification(by_code(best_code), best, evidence={k: v for k, v in evidence.items()})
    if len(ranked) > 1:
        ident.runner_up, ident.runner_up_score = by_code(ranked[1][0]), ranked[1][1]
    return ident
