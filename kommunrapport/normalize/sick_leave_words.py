"""The words of sick leave: the vocabulary of `data/sick_leave.toml`, labels and bands onto the categories
of CONTRACT.md, and the spaCy Matcher that finds figures, years and category words in sentences.

    category_of_label('Dag 59>') -> 'days_60_plus'; category_of_label('Kvinnor') -> 'women'
    band_category('29 år och yngre') -> 'age_29_or_younger'; band_category('över 15 dagar') -> None
    mentions_in(span) -> [Mention(label, start, end, text)]; category_of_mentions(mentions) -> category
`LONG_TERM` ('Långtidssjukfrånvaro' alone) is no contract category: the extractor settles it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from kommunrapport.normalize.vocab import best_match, derived, load_vocab

LONG_TERM = "long_term"          # 'Långtidssjukfrånvaro' alone: a share of sick leave or of working time
YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
SPECIFIC = {"WOMEN", "MEN", "SHORT", "LONG", "BAND", "SHARE"}
AGE_BANDS = {"age_29_or_younger", "age_30_49", "age_50_or_older"}


# ---- vocabulary ---------------------------------------------------------------------------------


@derived
def vocabulary() -> dict:
    return load_vocab("sick_leave")


@derived
def topic_regex() -> re.Pattern:
    return re.compile(vocabulary()["topic"]["regex"], re.I)


def is_about_sick_leave(text: str) -> bool:
    return bool(topic_regex().search(text or ""))


@derived
def word_synonyms() -> tuple[tuple[str, str], ...]:
    """(spelling, category) pairs of the labels without digits: what rapidfuzz matches labels onto."""
    pairs = []
    for category, entry in vocabulary()["categories"].items():
        pairs.extend((s, category) for s in entry.get("synonyms", []) if not re.search(r"\d", s))
    return tuple(pairs)


# ---- categories of labels -----------------------------------------------------------------------


def category_of_label(label: str) -> str | None:
    """The category of a row label or indicator name: its band ('Dag 59>'), a vocabulary spelling
    (rapidfuzz: 'Kvinnor', 'Total sjukfrånvaro'), or the category words in it ('Kontinuerlig
    sjukstatistik från HR'); a band with other category words ('Andel av total sjukfrånvaro som avser
    60 dagar eller mer', 'Kvinnor 50 år>') is read as a whole. None for a count or a cost."""
    text = clean_label(label)
    if not text or not_a_level(text):
        return None
    words = [m for m in mentions_in(nlp_doc(text)) if m.label != "BAND"]
    if is_a_cross(words):
        return None
    if re.search(r"\d", YEAR.sub(" ", text)):
        if any(m.label in SPECIFIC for m in words):
            return category_of_mentions(words + [Mention("BAND", 0, 0, text)])
        return band_category(text)
    cutoff = float(vocabulary()["labels"].get("score_cutoff", 90))
    category, _ = best_match(text, word_synonyms(), scorer=fuzz.ratio, score_cutoff=cutoff)
    if category is not None:
        return category
    return category_of_mentions(words)


def not_a_level(text: str) -> bool:
    return any(re.search(p, text, re.I) for p in vocabulary()["labels"]["not_a_level"])


def clean_label(label: str) -> str:
    """'Total sjukfrånvaro (%)' -> 'Total sjukfrånvaro'; a word broken over two lines of a narrow label cell
    is one word again ('Sjukfrån- varo Kvinnor' -> 'Sjukfrånvaro Kvinnor'; 'Kultur- och' stays)."""
    text = re.sub(r"\(\s*%\s*\)|%|\*+|\s+\d\)$", " ", label or "")
    text = re.sub(r"([a-zåäö])-\s+(?!(?:och|eller|samt)\b)([a-zåäö])", r"\1\2", text)
    return " ".join(text.split()).strip(" ,:;")


def label_is_about_sick_leave(label: str) -> bool:
    """A row label about sick leave, also where a narrow cell broke its word ('Korttidssjukfrån varo',
    'Sjukfrån- varo')."""
    return is_about_sick_leave(clean_label(label)) or is_about_sick_leave(re.sub(r"[\s-]+", "", label or ""))


@derived
def _band_words() -> dict:
    bands = vocabulary()["bands"]
    return {key: sorted((w.lower() for w in bands[key]), key=len, reverse=True)
            for key in ("age_words", "day_words", "upper_words", "lower_words")}


def band_category(text: str) -> str | None:
    """The category of an age or day band in any usual spelling, or None ('över 15 dagar' has none)."""
    s = " " + YEAR.sub(" ", text.lower()).replace("–", "-").replace("—", "-") + " "
    numbers = [int(n) for n in re.findall(r"\d+", s)]
    if not numbers or len(numbers) > 2:
        return None
    units = _units_named(s) or ["age", "days"]
    candidates = set()
    for unit in units:
        for band in vocabulary()["bands"]["band"]:
            if band["unit"] == unit and _band_fits(band, numbers, s):
                candidates.add(band["category"])
    return candidates.pop() if len(candidates) == 1 else None


def _units_named(s: str) -> list[str]:
    words = _band_words()
    units = []
    if any(re.search(rf"(?<![a-zåäö]){re.escape(w)}(?![a-zåäö])", s) for w in words["age_words"]):
        units.append("age")
    if any(re.search(rf"(?<![a-zåäö]){re.escape(w)}(?![a-zåäö])", s) for w in words["day_words"]):
        units.append("days")
    return units


def _band_fits(band: dict, numbers: list[int], s: str) -> bool:
    if len(numbers) == 2:
        return [numbers[0], numbers[1]] in [list(r) for r in band.get("ranges", [])]
    n = numbers[0]
    direction = _open_direction(s, n)
    if direction == "upper":
        return n in band.get("upper", [])
    if direction == "lower":
        return n in band.get("lower", [])
    return False


def _open_direction(s: str, n: int) -> str | None:
    """'upper' for '<29', '-29 år', '29 år och yngre'; 'lower' for '50 år>', '50- år', '60 dagar eller mer'."""
    if re.search(rf"(?:^|[\s(])-\s?{n}(?!\d)", s):
        return "upper"
    if re.search(rf"(?<!\d){n}\s?-(?!\s?\d)", s):
        return "lower"
    words = _band_words()
    has_upper = any(_has_word(s, w) for w in words["upper_words"])
    has_lower = any(_has_word(s, w) for w in words["lower_words"])
    if has_upper != has_lower:
        return "upper" if has_upper else "lower"
    return None


def _has_word(s: str, word: str) -> bool:
    if not word[0].isalpha():
        return word in s
    return re.search(rf"(?<![a-zåäö]){re.escape(word)}(?![a-zåäö])", s) is not None


# ---- prose: the Matcher -------------------------------------------------------------------------


@derived      # rebuilt with nlp() when a user vocabulary is added: its StringStore is the docs'
def matcher():
    from spacy.matcher import Matcher

    from kommunrapport.normalize.nlp import nlp

    m = Matcher(nlp().vocab)
    for label, patterns in vocabulary()["prose"]["patterns"].items():
        m.add(label, patterns)
    return m


def nlp_doc(text: str):
    from kommunrapport.normalize.nlp import nlp

    return nlp()(text)


@dataclass(frozen=True)
class Mention:
    label: str
    start: int      # token index in the doc
    end: int
    text: str


def mentions_in(doclike) -> list[Mention]:
    """Every Matcher match in a doc or a span (a sentence), in the doc's token indices."""
    from spacy.tokens import Span

    offset = doclike.start if isinstance(doclike, Span) else 0
    strings = matcher().vocab.strings     # the labels live in the matcher's vocab (a doc may come from a newer nlp)
    return [Mention(strings[match_id], start + offset, end + offset, doclike[start:end].text)
            for match_id, start, end in matcher()(doclike)]



def is_a_cross(mentions: list[Mention]) -> bool:
    """'Korttidssjukfrånvaro Kvinnor', 'andel 60 dagar eller mer Män': one measure broken down by another."""
    labels = {m.label for m in mentions}
    bands = {band_category(m.text) for m in mentions if m.label == "BAND"}
    return bool(labels & {"WOMEN", "MEN"} or bands & AGE_BANDS) and bool(labels & {"SHARE", "SHORT", "LONG"})


def category_of_mentions(mentions: list[Mention]) -> str | None:
    """The one category a set of category words names, or None where they name none or several. A
    breakdown of one measure by another ('Korttidssjukfrånvaro Kvinnor', 'andel 60 dagar eller mer Män')
    has no category of the contract: None, never the nearer of the two."""
    labels = {m.label for m in mentions}
    bands = {band_category(m.text) for m in mentions if m.label == "BAND"}
    if is_a_cross(mentions):
        return None
    if "SHARE" in labels:
        long_words = "LONG" in labels or "days_60_plus" in bands
        return "long_term_share" if long_words and None not in bands else None
    if None in bands:
        return None                      # a band outside the categories ('över 15 dagar')
    categories = set(bands)
    if "WOMEN" in labels:
        categories.add("women")
    if "MEN" in labels:
        categories.add("men")
    if not categories:
        if "SHORT" in labels and "LONG" not in labels:
            return "short_term"
        if "LONG" in labels and "SHORT" not in labels:
            return LONG_TERM
        if "SHORT" in labels:
            return None
        return "total" if labels & {"TOTAL", "TOPIC"} else None
    return categories.pop() if len(categories) == 1 else None
