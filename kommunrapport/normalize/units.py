"""The money unit of a table (tkr, mkr, ...) -> a factor to whole kronor.

INTERFACE (the normalize work fills it in; extend, don't rename):
    find_unit(*texts) -> MoneyUnit | None    texts: caption, header cells, the sentence above ...
    MoneyUnit(raw='tkr', factor=1000); MoneyUnit.to_sek(value: float) -> int

The words are data (normalize/data/units.toml). The texts are searched in the order given (the
first text that states a unit decides); a unit word counts only as a whole word, not right after a
number ('7 Mkr' is an amount in prose, not the unit of a table) and not as a rate ('kr per invånare',
'tkr/årsarbetare').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kommunrapport.normalize.vocab import derived, load_vocab

_WORD = r"0-9A-Za-zÅÄÖåäöÉé_"


@dataclass(frozen=True)
class MoneyUnit:
    raw: str
    factor: int

    def to_sek(self, value: float) -> int:
        return int(round(value * self.factor))


@derived
def _unit_pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    factors: dict[str, int] = {}
    for entry in load_vocab("units").values():
        if not isinstance(entry, dict):
            continue
        for word in entry.get("synonyms", []):
            factors[_key(word)] = int(entry["factor"])
    words = sorted(factors, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    pattern = re.compile(
        rf"(?<![{_WORD}])(?<!\d\s)(?<!\d)({alternatives})(?![{_WORD}])(?!\s*(?:/|per\b))",
        re.IGNORECASE,
    )
    return pattern, factors


def _key(word: str) -> str:
    return " ".join(word.lower().split())


def find_unit(*texts: str | None) -> MoneyUnit | None:
    """The money unit the first of `texts` that states one states, or None (then: no amounts, a warning)."""
    pattern, factors = _unit_pattern()
    for text in texts:
        if not text:
            continue
        clean = re.sub(r"<[^>]+>", " ", text)
        m = pattern.search(clean)
        if m:
            raw = " ".join(m.group(1).split())
            if factors[_key(raw)] == 1 and _multiplier_before(clean[:m.start()]):
                return None     # 'i tusentals kr' not in the vocabulary: no unit rather than a factor 1000 off
            return MoneyUnit(raw=raw, factor=factors[_key(raw)])
    return None


def _multiplier_before(text: str) -> bool:
    """Whether the words just before a bare 'kr' scale it ('tusentals', 'miljoner', 'mn')."""
    words = load_vocab("units").get("scaling", {}).get("multiplier_words", [])
    m = re.search(r"([A-Za-zÅÄÖåäö]+)\.?\s*$", text)
    return bool(m) and any(m.group(1).lower().startswith(w) for w in words)

