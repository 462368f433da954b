"""Words -> assessment levels: verdict sentences, status cells, legend labels, colours.

The vocabulary and the spaCy Matcher patterns are data (data/assessments.toml). The matcher runs
over the lower-cased text so that the lookup lemmas work at a sentence start too; negation and
degree words are read from the tokens a verdict pattern matched, forecast wording from its sentence.

INTERFACE:
    verdicts(text, short=False) -> list[Verdict]     every verdict in a text (short: a cell or a label)
    label_verdict(text) -> Verdict | None            the one verdict of a status cell / legend label
    mentions_forecast(text) -> bool                  'Prognos måluppfyllelse', 'förväntas'
    colour_of(name_or_word) -> str | None            canonical colour name ('green', ...)
    default_colour_level(name) -> AssessmentLevel | None
    level_rank(level) -> int                         0 = best
    is_symbol(text) -> bool                          a bare marker such as '●'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kommunrapport.models import AssessmentLevel
from kommunrapport.normalize.nlp import MatchGate, nlp
from kommunrapport.normalize.vocab import derived, load_vocab

SHORT_TOKENS = 7     # a status cell or a legend label: at most this many words before its first comma


@dataclass(frozen=True)
class Verdict:
    level: AssessmentLevel
    is_forecast: bool
    raw: str            # the words of the verdict, as written
    start: int          # character offsets into the text given
    end: int
    rule: str           # the pattern that found it


@derived
def vocab() -> dict:
    return load_vocab("assessments")


def _expand(pattern: list[dict]) -> list[dict]:
    """`{IN = "@name"}` -> the token set [tokens].name."""
    tokens = vocab().get("tokens", {})

    def fix(value):
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, str) and value.startswith("@"):
            return list(tokens[value[1:]])
        return value

    return [fix(dict(t)) for t in pattern]


@derived
def _matchers():
    from spacy.matcher import Matcher

    built = {}
    for group in ("verdict_patterns", "not_assessed_patterns", "forecast_patterns", "goal_statement_patterns",
                  "status_noise_patterns"):
        long_m, short_m = Matcher(nlp().vocab), Matcher(nlp().vocab)
        for entry in vocab().get(group, []):
            target = short_m if entry.get("short_only") else long_m
            target.add(entry["id"], [_expand(entry["pattern"])], greedy="LONGEST")
        built[group] = (long_m if len(long_m) else None, short_m if len(short_m) else None)
    return built


@derived
def _gate(*groups: str) -> MatchGate:
    """The words without which no pattern of these groups can match: spaCy is not run without them."""
    return MatchGate(_expand(e["pattern"]) for g in groups for e in vocab().get(g, []))


@derived
def _degree_words() -> dict[str, list[tuple[str, ...]]]:
    return {k: [tuple(w) for w in v] for k, v in vocab().get("degrees", {}).items()}


def _prepare(text: str) -> str:
    """Lower case, markup stars to spaces: the same length as `text`, so offsets carry over."""
    return text.lower().replace("*", " ").replace("_", " ")


def _doc(text: str):
    return nlp()(_prepare(text))


def _matches(doc, group: str, short: bool):
    """The longest non-overlapping matches of a pattern group, each a Span labelled with its rule."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    long_m, short_m = _matchers()[group]
    spans = [Span(doc, s, e, label=mid) for mid, s, e in long_m(doc)] if long_m else []
    if short and short_m:
        spans += [Span(doc, s, e, label=mid) for mid, s, e in short_m(doc)]
    return filter_spans(spans)


def _has_sequence(words: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(tuple(words[i:i + n]) == seq for i in range(len(words) - n + 1))


def _level_of_span(span) -> AssessmentLevel:
    # degree words may follow the participle too: 'Uppfylls delvis', 'uppnått till stor del'
    after = span.doc[span.end:min(span.sent.end, span.end + 3)]
    words = [t.lower_ for t in span] + [t.lower_ for t in after if not t.is_punct]
    negated = any(w in vocab()["tokens"]["negations"] for w in words)
    degrees = _degree_words()
    before = [t.lower_ for t in span.doc[max(span.sent.start, span.start - 3):span.start]]
    if any(w in vocab()["tokens"].get("uncertain", []) for w in before):
        return AssessmentLevel.partially_fulfilled
    if any(_has_sequence(words, s) for s in degrees.get("largely_fulfilled", [])):
        degree = "largely"
    elif any(_has_sequence(words, s) for s in degrees.get("partially_fulfilled", [])):
        degree = "partial"
    elif any(_has_sequence(words, s) for s in degrees.get("full", [])):
        degree = "full"
    else:
        degree = None
    if negated:
        return AssessmentLevel.partially_fulfilled if degree in ("full", "largely") else AssessmentLevel.not_fulfilled
    return {"largely": AssessmentLevel.largely_fulfilled,
            "partial": AssessmentLevel.partially_fulfilled}.get(degree, AssessmentLevel.fulfilled)


def _is_condition(span) -> bool:
    """'Målet uppnås när alla enheter ...', 'Målet är uppnått om 90 % ...': what reaching the goal
    takes, no verdict; 'Målet nås genom att ...' says how it is to be reached."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is None or span[-1].lower_ in vocab()["tokens"]["goal_nouns"]:
        return False            # 'nått målet om budget i balans': 'om' names the goal
    words = vocab().get("conditions", {})
    if nxt.lower_ in words.get("after_any", []):
        return True
    passive_present = span[-1].lower_.endswith("s") and span[-1].lower_ not in words.get("not_passive", [])
    return passive_present and nxt.lower_ in words.get("after_passive", [])


def _is_short(doc) -> bool:
    words = 0
    for t in doc:
        if t.text in {",", ";", ".", ":", "\n"} or t.is_space and "\n" in t.text:
            break
        if not t.is_punct and not t.is_space:
            words += 1
    return words <= SHORT_TOKENS


def verdicts(text: str, short: bool = False) -> list[Verdict]:
    """Every verdict in `text`, in order. `short`: a status cell or legend label, where a bare
    'Uppfyllt' counts; in prose a verdict must name the goal ('Målet är uppnått') or be a
    judgement ('bedöms därmed vara uppfyllt')."""
    if not text or not text.strip() or not _gate("verdict_patterns", "not_assessed_patterns").may_match(text):
        return []
    doc = _doc(text)
    short = short and _is_short(doc)
    found: list[Verdict] = []
    forecast_spans = _matches(doc, "forecast_patterns", short)
    verdict_spans = _matches(doc, "verdict_patterns", short)
    for span in verdict_spans:
        if _is_condition(span):
            continue
        sent = span.sent
        forecast = any(f.start >= sent.start and f.end <= sent.end for f in forecast_spans)
        found.append(Verdict(_level_of_span(span), forecast, text[span.start_char:span.end_char].strip(" *"),
                             span.start_char, span.end_char, span.label_))
    judged_sents = {v_sent.start for v_sent in (doc.char_span(v.start, v.end, alignment_mode="expand").sent
                                                 for v in found)}
    for span in _matches(doc, "not_assessed_patterns", short):
        if span.sent.start in judged_sents:
            continue
        forecast = any(f.start >= span.sent.start and f.end <= span.sent.end for f in forecast_spans)
        found.append(Verdict(AssessmentLevel.not_assessed, forecast, text[span.start_char:span.end_char].strip(" *"),
                             span.start_char, span.end_char, span.label_))
    return sorted(found, key=lambda v: v.start)


def label_verdict(text: str) -> Verdict | None:
    """The verdict of a status cell or legend label ('Delvis uppfyllt', 'Mål ej uppfyllt, se nedan'):
    the first one, or None."""
    found = verdicts(text, short=True)
    return found[0] if found else None


_STATUS_LABEL = re.compile(r"^\s*\**(?P<label>[^:\n]{2,40}?)\**\s*:\s*(?P<rest>\S.{0,80})$", re.S)


def labelled_verdict(text: str) -> Verdict | None:
    """'Bedömning: Delvis uppfyllt', 'Prognos måluppfyllelse: Målet bedöms inte uppnås': a line whose
    label is an assessment column's header, read as that column's cell."""
    m = _STATUS_LABEL.match(text or "")
    if not m or column_role(m.group("label"))[0] != "assessment":
        return None
    v = label_verdict(m.group("rest"))
    if v is None:
        return None
    shift = m.start("rest")
    return Verdict(v.level, v.is_forecast or mentions_forecast(m.group("label")), v.raw, v.start + shift,
                   v.end + shift, f"labelled_{v.rule}")


def mentions_forecast(text: str) -> bool:
    if not text or not _gate("forecast_patterns").may_match(text):
        return False
    doc = _doc(text)
    return bool(_matches(doc, "forecast_patterns", True))


@derived
def _colour_words() -> dict[str, str]:
    return {w: name for name, words in vocab().get("colours", {}).items() for w in words}


def colour_of(word: str | None) -> str | None:
    """'Grön' / 'green' / 'gul' -> 'green' / 'yellow'; None for no colour word."""
    if not word:
        return None
    key = word.strip().lower()
    words = _colour_words()
    if key in words:
        return words[key]
    return key if key in vocab().get("colour_default", {}) else None


def default_colour_level(name: str | None) -> AssessmentLevel | None:
    level = vocab().get("colour_default", {}).get(colour_of(name) or "")
    return AssessmentLevel(level) if level else None


def level_rank(level: AssessmentLevel) -> int:
    order = vocab().get("levels", {}).get("order", [])
    return order.index(level.value) if level.value in order else len(order)


def is_symbol(text: str) -> bool:
    s = (text or "").strip()
    marks = set(vocab().get("symbols", {}).get("marks", []))
    return bool(s) and all(ch in marks or ch.isspace() for ch in s)


_WORD = re.compile(r"[\wåäöÅÄÖ%-]+")


def words_of(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


# ---- goal levels, labels and columns ----------------------------------------------------

_NUMBER_PREFIX = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?=\S)")
_TRAILING_PERIOD = re.compile(r"(\s+(för|per|år|inför|under)?\s*(19|20)\d\d([-/–]\d{2,4})?)+\s*$", re.I)
_TRAILING_OWNER = re.compile(r"\s+(för|inom|i)\s+\S+$", re.I)   # 'Nämndspecifika uppdrag för socialnämnden'


def strip_number(text: str) -> str:
    """'3.1.2 Fokus på kundnytta' -> 'Fokus på kundnytta'."""
    return _NUMBER_PREFIX.sub("", text or "", count=1).strip()


def number_of(text: str) -> str | None:
    m = _NUMBER_PREFIX.match(text or "")
    return m.group(1) if m else None


def _term_at_end(words: list[str], term: list[str]) -> bool:
    n = len(term)
    if n > len(words):
        return False
    tail = words[-n:]
    if tail[1:] != term[1:]:
        return False
    return tail[0] == term[0] or (n > 1 and tail[0].endswith(term[0]))


@derived
def _level_terms() -> list[tuple[list[str], str]]:
    terms = []
    for level, words in vocab().get("goal_levels", {}).items():
        terms.extend((words_of(w), level) for w in words)
    return sorted(terms, key=lambda t: -len(" ".join(t[0])))


def goal_level_of_heading(text: str) -> str | None:
    """The goal level a heading announces by its head noun phrase ('Uppföljning av nämndens mål'
    -> 'committee'; 'Mål och uppdrag' -> 'mixed'), or None. A named goal ('Uppdrag kunddialog')
    does not end in such a phrase."""
    core = _TRAILING_PERIOD.sub("", strip_number(text)).strip(" :.")
    words = words_of(core)
    if " ".join(words) in {" ".join(words_of(t)) for t in vocab().get("not_goal_headings", {}).get("words", [])}:
        return None
    if is_structure_heading(core):
        return None
    if words and not any(_term_at_end(words, t) for t, _ in _level_terms()):
        words = words_of(_TRAILING_OWNER.sub("", core))
    if not words or len(words) > 8:
        return None
    for term, level in _level_terms():
        if _term_at_end(words, term):
            return None if _coordinated_with_other(words, len(term)) else level
    return None


def _coordinated_with_other(words: list[str], size: int) -> bool:
    """'Uppföljning av särskilda beslut och uppdrag': the goal term is one of two things the heading
    names, the other no goal word, so the heading does not announce goals."""
    before = words[:-size]
    if len(before) < 2 or before[-1] not in ("och", "samt", "&"):
        return False
    other = before[-2]
    return not any(other == t[-1] or other.endswith(t[-1]) for t, _ in _level_terms())


_LABEL = re.compile(r"^\s*\**(?P<label>[^:;\n]{2,60}?)\**\s*[:;]\s*(?P<rest>\S.*)$", re.S)
_EMPHASIS = re.compile(r"^\s*[\"”“]?\*{1,2}(?P<text>[^*]+)\*{1,2}")


_QUOTED_TITLE = re.compile(r"^\s*\**(?P<label>[^\"”“:;\n]{2,40}?)\s*[-–:]?\s*[\"”“](?P<text>[^\"”“]{3,200})[\"”“]\s*\**\s*$")


def goal_label(text: str) -> tuple[str, str] | None:
    """'Socialnämndens mål: Ökat inflytande ...' -> ('committee', 'Ökat inflytande ...');
    'Nämndens arbetsmiljömål för 2023; *Att ...*, togs fram' -> ('committee', 'Att ...');
    'Fokusområde 2 ”Trygg och säker vård”' -> ('committee', 'Trygg och säker vård')."""
    quoted = _QUOTED_TITLE.match(strip_number(text or ""))
    if quoted:
        level = _label_level(words_of(quoted.group("label")))
        return (level, quoted.group("text").strip()) if level else None
    m = _LABEL.match(text or "")
    if not m:
        return None
    label = _TRAILING_PERIOD.sub("", m.group("label")).strip()
    level = _label_level(words_of(label))
    if level is None:
        return None
    rest = m.group("rest")
    emph = _EMPHASIS.match(rest)
    goal = emph.group("text") if emph else _first_sentence(rest)
    goal = " ".join(goal.split()).strip(" *")
    if not emph and (len(goal) > 300 or "\n" in rest.strip()):
        return None
    return (level, goal) if len(words_of(goal)) >= 2 else None


def _label_level(words: list[str]) -> str | None:
    """The goal level a label names: an owner before a goal noun ('Socialnämndens mål', 'Nämndens
    arbetsmiljömål'), or a goal-level term on its own ('Inriktningsmål', 'Effektmål', 'KF-mål')."""
    numbered = bool(words) and words[-1].isdigit()
    while words and words[-1].isdigit():
        words = words[:-1]         # 'Mål 1', 'Nämndmål 2'
    if not words or len(words) > 4:
        return None
    joined = " ".join(words)
    if numbered and joined in vocab().get("goal_label_terms", {}).get("numbered", []):
        return "committee"
    for level in ("council", "committee", "assignment"):
        if joined in {" ".join(words_of(t)) for t in vocab().get("goal_label_terms", {}).get(level, [])}:
            return level
    head, owner = words[-1], words[0]
    if len(words) < 2 or not (head.endswith("mål") or head.endswith("uppdrag")):
        return None
    owners = vocab().get("goal_owners", {})
    level = next((lv for lv, ws in owners.items() if any(owner == w or owner.endswith(w) for w in ws)), None)
    if level is not None and head.endswith("uppdrag"):
        return "assignment"
    return level


def _first_sentence(text: str) -> str:
    from kommunrapport.normalize.nlp import sentences

    sents = sentences(text)
    return sents[0].text if sents else text


def perspective_of(text: str) -> str | None:
    """'Perspektiv Invånare' -> 'Invånare'."""
    words = (text or "").split()
    labels = vocab().get("perspectives", {}).get("label", [])
    if 2 <= len(words) <= 4 and words[0].lower().rstrip(":") in labels:
        return " ".join(words[1:]).strip(" :")
    return None


@derived
def _column_choices() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from kommunrapport.normalize.vocab import synonyms_of

    pairs = synonyms_of(vocab().get("columns", {}))
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def column_role(header: str) -> tuple[str | None, float]:
    """A goal-table header cell -> its role (council_goal, committee_goal, assignment, assessment,
    comment, perspective, indicator) and the rapidfuzz score of the match."""
    from rapidfuzz import fuzz, process, utils

    text = " ".join((header or "").replace("¹", " ").split())
    text = re.sub(r"\s*[\d¹²³]+$", "", text)
    text = _owner_generic(text)
    if not text:
        return None, 0.0
    choices, roles = _column_choices()
    best = process.extractOne(text, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=86)
    if best is None:
        return _goal_level_column(text)
    return roles[best[2]], float(best[1])


_LEVEL_ROLES = {"council": "council_goal", "committee": "committee_goal", "assignment": "assignment"}


def _goal_level_column(header: str) -> tuple[str | None, float]:
    """A header of at most three words that ends in a goal-level term ('Kommunfullmäktiges
    inriktningsmål', 'Nämndens effektmål'): a goal column of that level."""
    words = words_of(header)
    if not words or len(words) > 3 or len(words) > 1 and not words[0].endswith("s"):
        return None, 0.0
    role = _LEVEL_ROLES.get(goal_level_of_heading(header) or "")
    return (role, 86.0) if role else (None, 0.0)


_OWNER_GENITIVE = re.compile(r"^(?:[\wåäöÅÄÖ]+-\s*(?:och|samt)\s+|[\wåäöÅÄÖ]+a\s+)?[\wåäöÅÄÖ]*?(nämndens|styrelsens|fullmäktiges)\b", re.I)


def _owner_generic(header: str) -> str:
    """'Barn- och utbildningsnämndens mål' -> 'nämndens mål': whose goals they are, not which committee."""
    return _OWNER_GENITIVE.sub(lambda m: m.group(1).lower(), header, count=1)


def is_indicator_head(text: str) -> bool:
    """The first header cell of an indicator table: 'Nyckeltal', 'Socialnämndens indikatorer'."""
    words = words_of(text)
    if not words or len(words) > 4:
        return False
    heads = vocab().get("indicator_tables", {}).get("heads", [])
    joined = " ".join(words)
    return joined in heads or words[-1] in heads or any(words[-1].endswith(h) for h in ("indikatorer", "nyckeltal"))


def is_indicator_list_head(text: str) -> bool:
    return " ".join(words_of(text)) in vocab().get("indicator_tables", {}).get("list_heads", [])


def value_kind(header: str) -> str | None:
    """'Mål 31 dec 2023' -> 'target'; 'Utfall 31 aug 2023' -> 'outcome'; 'Prognos' -> 'forecast'."""
    words = words_of(header)
    kinds = vocab().get("value_kinds", {})
    for kind in ("forecast", "target", "outcome"):
        for w in kinds.get(kind, []):
            term = words_of(w)
            if any(words[i:i + len(term)] == term for i in range(len(words))):
                return kind
    return None


def unit_of(*texts: str | None) -> str | None:
    """An indicator's unit from its name, header or cells: percent, count, sek, days, index."""
    for text in texts:
        if not text:
            continue
        low = text.lower()
        words = set(words_of(low))
        for unit, marks in vocab().get("units", {}).items():
            for mark in marks:
                if (mark in low) if not mark.isalpha() else (mark in words or any(w.startswith(mark) and
                                                                                     len(mark) > 4 for w in words)):
                    return unit
    return None


def stated_goals(text: str) -> list[str]:
    """Goals stated inside sentences ('Ett av revisorernas egna delmål är att X.') -> [X]."""
    if not text or "mål" not in text.lower():
        return []
    doc = _doc(text)
    out = []
    for span in _matches(doc, "goal_statement_patterns", False):
        rest = text[span.end_char:span.sent.end_char].strip().rstrip(".").strip()
        if len(words_of(rest)) >= 3:
            out.append(rest)
    return out


def names_goals(text: str) -> bool:
    """A line that introduces a list of goals: it names goals or assignments ('... följande mål:')."""
    heads = vocab().get("goal_lists", {}).get("intro_heads", [])
    return any(w in heads or (w.endswith("mål") and len(w) > 5) for w in words_of(text))


def is_assignment_text(text: str) -> bool:
    """A goal line that gives an assignment ('... får i uppdrag att ...')."""
    return "uppdrag" in words_of(text)


# ---- labelled goal records ------------------------------------------------------------------
# A goal printed as a heading followed by labelled fields: `Beslutats av` / `Kommunfullmäktige`,
# `Kommunövergripande bedömning` / `Vi har inte nått målet men är på rätt väg`. A reader may keep
# each field on its own line or run them together, so labels are found inside the text; a label
# starts with a capital letter as printed (`gör en bedömning` in a sentence is none).

@dataclass(frozen=True)
class RecordLabel:
    kind: str            # "decided_by" or "verdict"
    start: int
    end: int
    value: str           # the words after the label, up to the end of the next line


@derived
def _record_label_pattern() -> re.Pattern | None:
    labels = vocab().get("record_labels", {})
    phrases = [(kind, p) for kind in ("decided_by", "verdict") for p in labels.get(kind, [])]
    if not phrases:
        return None
    alternatives = sorted({r"\s+".join(re.escape(w) for w in p.split()) for _, p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])\s*:?", re.I)


@derived
def _record_label_kinds() -> dict[str, str]:
    labels = vocab().get("record_labels", {})
    return {" ".join(p.lower().split()): kind for kind in ("decided_by", "verdict") for p in labels.get(kind, [])}


def record_labels(text: str) -> list[RecordLabel]:
    """The decided-by and verdict labels in a goal's record, in order, each with the words after it
    (the rest of its line, or the next line where the label stands alone)."""
    pattern = _record_label_pattern()
    if pattern is None or not text:
        return []
    found = []
    for m in pattern.finditer(text):
        if not m.group(0)[:1].isupper():
            continue
        key = " ".join(m.group(0).rstrip(": ").lower().split())
        rest = text[m.end():]
        lines = [ln.strip() for ln in rest.split("\n")]
        value = next((ln for ln in lines if ln), "") if not lines[0] else lines[0]
        found.append(RecordLabel(_record_label_kinds().get(key, "verdict"), m.start(), m.end(), value))
    return found


def decided_by_level(value: str) -> str | None:
    """'Kommunfullmäktige' -> 'council'; 'Nämnd', 'Nämnden för Vård & Omsorg', 'Socialnämnden' ->
    'committee': the level of a goal by the body the document says decided it."""
    words = words_of(value)
    if not words:
        return None
    first = words[0]
    bodies = vocab().get("record_labels", {}).get("bodies", {})
    for level in ("council", "committee"):
        for body in bodies.get(level, []):
            if first == body or (len(body) > 4 and first.endswith(body)):
                return level
    return None


def strip_leading_label(text: str) -> str:
    """'Fokusområde: Rätt kompetens i rätt tid' -> 'Rätt kompetens i rätt tid': a short label before
    the title of a goal record; a title with a dash ('Direktiv - Civil beredskap') keeps it."""
    head, sep, rest = text.partition(":")
    if sep and rest.strip() and 1 <= len(words_of(head)) <= 3 and head[:1].isupper():
        return rest.strip()
    return text


def is_structure_heading(text: str) -> bool:
    """A heading that names a part of the report ('Uppföljning', 'Analys', 'Verksamhetsuppföljning',
    'Enheternas uppdrag'), never a goal of its own."""
    core = " ".join(words_of(_TRAILING_PERIOD.sub("", strip_number(text or ""))))
    if not core:
        return False
    words = vocab().get("structure_headings", {}).get("words", [])
    return core in {" ".join(words_of(w)) for w in words} or _is_remit(core)


def _is_remit(core: str) -> bool:
    """'<owner>s uppdrag' where the owner gives no assignments ('Enheternas uppdrag', 'Bibliotekets
    uppdrag'): what a unit is for, not an assignment given to it."""
    words = core.split()
    if len(words) != 2 or words[1] not in ("uppdrag", "uppdraget"):
        return False
    givers = vocab().get("assignment_givers", {}).get("words", [])
    return words[0].endswith("s") and not any(words[0] == g or words[0].endswith(g) for g in givers)


def is_grouping_heading(text: str) -> bool:
    """A heading that groups goals by perspective or dimension ('Sociala dimensionen',
    'Perspektiv Medarbetare'), never a goal of its own."""
    words = words_of(strip_number(text or ""))
    heads = vocab().get("grouping_headings", {}).get("heads", [])
    return bool(words) and len(words) <= 4 and (words[-1] in heads or words[0] in heads)


def is_generic_goal_term(header: str) -> bool:
    """'Verksamhetsmål': a goal column header that names no owner, set by fullmäktige in some
    municipalities and by the committee in others (see data [goal_level_contrast])."""
    words = " ".join(words_of(header))
    return words in {" ".join(words_of(w)) for w in vocab().get("goal_level_contrast", {}).get("generic", [])}


def ends_dangling(text: str) -> bool:
    """The text stops on a word no clause ends on ('... inom kultur och', '... genom möjligheterna i'):
    a line wrapped before its end."""
    words = words_of(text)
    return bool(words) and words[-1] in vocab().get("wrapping", {}).get("dangling", [])


def is_status_line(line: str) -> bool:
    """'Pågår', 'Halvår 1 2026', 'Uppdragsår 2024': a line of status, not of text."""
    return _is_noise(line)


@derived
def _noise_words() -> frozenset[str]:
    """Every word the status-noise patterns name: a line without one of them, or a digit, is no noise."""
    words: set[str] = set()

    def collect(value):
        if isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, str) and not value.startswith("@"):
            words.add(value.lower())

    for entry in vocab().get("status_noise_patterns", []):
        collect(entry.get("pattern", []))
    return frozenset(words)


def _is_noise(line: str, statuses: bool = True) -> bool:
    """A line that is wholly a status, a due period, a date or an 'Uppdragsår' (status_noise_patterns);
    without `statuses`, only those that hold a number (a status word may end a sentence: 'ska vara klar')."""
    line = line.strip(" -–:;,.")
    if not line:
        return True
    first = line.split()[0].lower().strip(":")
    if not first[:1].isdigit() and first not in _noise_words():
        return False
    doc = _doc(line)
    covered = set()
    for span in _matches(doc, "status_noise_patterns", True):
        if statuses or any(t.like_num or t.shape_.startswith("dddd") for t in span):
            covered.update(range(span.start, span.end))
    return all(t.i in covered or t.is_punct or t.is_space for t in doc)


def strip_status_noise(text: str) -> str:
    """An uppdrag cell without the status, date and 'Uppdragsår' lines the record table prints in it:
    whole lines, and dates or due periods at the very start or end of the cell."""
    lines = [ln for ln in (text or "").split("\n") if not _is_noise(ln)]
    words = " ".join(" ".join(lines).split()).split(" ")
    for _ in range(4):     # 'Halvår 1 2026 Uppdragsår 2025 <text>': a few runs at each edge
        for n in range(min(5, len(words) - 1), 0, -1):
            if _is_noise(" ".join(words[:n]), statuses=n > 1 or words[0][:1].isupper()):
                words = words[n:]
                break
        for n in range(min(5, len(words) - 1), 0, -1):
            # a status word only after a finished sentence ('... utreda Y. Pågår', not '... ska vara klar')
            if _is_noise(" ".join(words[-n:]), statuses=words[-n - 1].endswith((".", ":"))):
                words = words[:-n]
                break
    return " ".join(words).strip()


def is_caption_line(text: str) -> bool:
    """'Tabell 101-1', 'Figur 3. Sjukfrånvaro': a table's or figure's caption line."""
    words = words_of(text)
    return bool(words) and len(words) <= 12 and words[0] in vocab().get("captions", {}).get("words", []) \
        and len(words) > 1 and words[1][:1].isdigit()


def is_focus_area_head(header: str) -> bool:
    """'Fokusområde', 'Strategiskt fokusområde': the first column of a scorecard (styrkort)."""
    words = " ".join(words_of(header))
    return bool(words) and words in {" ".join(words_of(w)) for w in vocab().get("scorecards", {}).get("focus_heads", [])}
