"""-> Committee: the body whose report it is.

A body is named with its organ word last ('Socialnämnden', 'Kultur- och fritidsnämnden', the same body
written 'Kultur och fritidsnämnden', 'Tekniska nämnden', 'Revisorskollegiet') or first ('Nämnden för
Vård & Omsorg', 'nämnden för funktionsstöd'). Every mention is evidence, weighed by where it stands
(COMMITTEE_SETTINGS):

- a labelled field ('Organisation: Kultur- och fritidsnämnden', 'Nämnd:', 'Beslutande instans:') beats
  any counting;
- an owner's phrase: the name alone on a line of the title page or after the report's title there
  ('Årsredovisning 2024 - Nämnden för Vård & Omsorg'), 'Förslag till beslut i X', 'X:s årsredovisning'
  (the genitive before a word of a report);
- a mention on the title page or in a running header or footer, then any mention in running text;
  table cells are not evidence (a table of every committee's budget names them all);
- only a body named on the report's first pages, in a labelled field or an owner's phrase can be the
  committee: one named only further on is one the report speaks about;
- a mention after 'till', 'mot', 'granskning av' ... is a body the report is sent to or speaks about:
  no evidence; bodies that receive or decide over reports (Kommunfullmäktige, Kommunstyrelsen) weigh
  little unless an owner's phrase names them; a state body (Länsstyrelsen) or an activity
  ('räkenskapsrevisionen') is never one.

The words are data (normalize/data/report.toml [report.committees]). Two bodies with the same weight
leave the committee null with a warning: never an alphabetical choice.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kommunrapport.models import Block, BlockKind, Committee
from kommunrapport.normalize.vocab import derived, load_vocab, synonyms_of

COMMITTEE_SETTINGS = {
    "field_weight": 100.0,           # 'Organisation: X', 'Nämnd: X': decides over counting
    "owner_weight": 10.0,            # the name alone on a title-page line; 'Förslag till beslut i X'; 'X:s rapport'
    "title_weight": 3.0,             # any other mention on the title page
    "mention_weight": 1.0,           # a mention in running text
    "only_mentioned_factor": 0.2,    # Kommunfullmäktige, Kommunstyrelsen outside an owner's phrase
    "front_pages": 2,                # a PDF's first pages: where a report names its own body ...
    "front_blocks": 40,              # ... or a text's first blocks
}

_L = "A-Za-zÅÄÖåäöÉéÜü"
_UPPER = "A-ZÅÄÖÉÜ"
_MONEY = re.compile(r"\d\s*(?:tkr|mkr|mnkr|kr|kronor|miljoner)\b", re.I)
_AMOUNT = re.compile(r"[-−–+]?\s?\d[\d\s.,]*%?")


@dataclass(frozen=True)
class Name:
    """One mention of a body in a text."""

    key: str          # the body whichever way it is written: lower case, no hyphens, spaces, '&' or 'och'
    name: str         # the body's name as a name: 'Kultur- och fritidsnämnden', 'Nämnden för Vård & Omsorg'
    raw: str          # the words as written
    start: int
    end: int


def _cfg() -> dict:
    return load_vocab("report").get("committees", {})


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@derived
def _patterns() -> tuple[re.Pattern, re.Pattern] | None:
    cfg = _cfg()
    endings = _alt(cfg.get("endings", []))
    if not endings:
        return None
    adjective = _alt(cfg.get("adjective_endings", []))
    not_adj = _alt(cfg.get("not_adjectives", []))
    adj = rf"(?:(?!(?:{not_adj})\s)[{_L}]+(?:{adjective})\s+(?={endings}))?" if adjective else ""
    # 'Kultur- och fritids-': the first part with its hyphen; 'Kultur och fritids-' without it, where the first
    # word is a capitalised part that is no body of its own ('Kommunstyrelsen och socialnämnden' is two)
    hyphened = rf"[{_L}]+-\s*(?:och|eller|samt)\s+"
    stems = _alt(cfg.get("organ_stems", []))
    bare = rf"(?-i:[{_UPPER}])(?![{_L}]*(?:{stems}))(?![{_L}]*(?:an|en|et|na)\s)[{_L}]+\s+(?:och|samt)\s+[{_L}]+?"
    plain = rf"(?:{hyphened})?(?:[{_L}]+-\s+)?{adj}[{_L}]*?"
    last_first = re.compile(rf"(?<![{_L}-])((?:{bare}|{plain})(?:{endings}))(s?)(?![{_L}])", re.I)
    organ = _alt(cfg.get("organ_first", []))
    word = rf"[{_L}]+(?:-\s*(?:och|samt)\s+[{_L}]+)?"
    organ_first = re.compile(
        rf"(?<![{_L}-])({organ})\s+för\s+({word}(?:\s*(?:,|&|och|samt)\s*{word}){{0,3}})", re.I)
    return last_first, organ_first


def key_of(name: str) -> str:
    """'Kultur- och fritidsnämnden', 'Kultur och fritidsnämnden' -> 'kulturfritidsnämnden'."""
    s = re.sub(r"(?<![a-zåäöéü])(och|samt)(?![a-zåäöéü])", " ", name.lower())
    return re.sub(r"[\s&,\-]+", "", s)


def names_in(text: str) -> list[Name]:
    """Every body named in one text, in order."""
    patterns = _patterns()
    if patterns is None or not text:
        return []
    last_first, organ_first = patterns
    found: list[Name] = []
    for m in organ_first.finditer(text):
        name, length = _organ_first_name(m.group(1), m.group(2))
        if name:
            end = m.start(2) + length
            found.append(Name(key_of(name), name, " ".join(text[m.start():end].split()), m.start(), end))
    taken = [(n.start, n.end) for n in found]
    for m in last_first.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name = _last_first_name(" ".join(m.group(1).split()))
        if name:
            found.append(Name(key_of(name), name, " ".join(m.group(0).split()), m.start(), m.end()))
    return sorted(found, key=lambda n: n.start)


def _last_first_name(raw: str) -> str | None:
    """'SOCIAL- OCH ARBETS- MARKNADSNÄMNDEN' -> 'Social- och arbetsmarknadsnämnden'; None for a bare 'nämnden'."""
    s = re.sub(rf"([{_L}])-\s+(?!och\b|eller\b|samt\b)([{_L}])", r"\1\2", raw, flags=re.I).lower()
    words = s.split()
    cfg = _cfg()
    if len(words) == 1 and words[0] in {e.lower() for e in cfg.get("endings", [])}:
        return None
    if len(words) >= 3 and words[1] in ("och", "samt") and not words[0].endswith("-"):
        words[0] += "-"          # 'Kultur och fritidsnämnden' is 'Kultur- och fritidsnämnden' written without its hyphen
        s = " ".join(words)
    if words[-1].endswith("nämnd"):
        s += "en"
    elif words[-1].endswith("styrelse"):
        s += "n"
    return s[0].upper() + s[1:]


def _organ_first_name(organ: str, words: str) -> tuple[str | None, int]:
    """'Nämnden' + 'Vård & Omsorg godkänner' -> ('Nämnden för Vård & Omsorg', length of the words kept); the
    words stop at the first that is no part of a name ('nämnden för att ...', '... och förvaltningen',
    '... samt vård- och omsorgsnämnden')."""
    cfg = _cfg()
    stop = {w.lower() for w in cfg.get("not_name_words", [])}
    endings = tuple(e.lower() for e in cfg.get("endings", []))
    # 'vård- och omsorgsnämnden' is one part: its 'och' is kept from the split (a protected space)
    protected = re.sub(r"-(\s+)(och|samt)(\s+)", lambda m: "-" + m.group(0)[1:].replace(" ", "_"), words)
    parts = [p.replace("_", " ") for p in re.split(r"(\s*(?:,|&|\boch\b|\bsamt\b)\s*)", protected)]
    kept, length = [], 0
    for i in range(0, len(parts), 2):
        part = parts[i]
        tokens = [t.strip("-").lower() for t in part.split()]
        if not tokens or tokens[0] in stop or _definite(tokens[0]) or any(t.endswith(endings) for t in tokens):
            break
        kept.extend(([parts[i - 1]] if i else []) + [part])
        length = sum(len(p) for p in parts[:i + 1])
    if not kept:
        return None, 0
    return f"{organ[0].upper()}{organ[1:].lower()} för {' '.join(''.join(kept).split())}", length


def _definite(word: str) -> bool:
    """'förvaltningen', 'året', 'verksamheterna': a definite noun names a thing, not a body."""
    return re.search(r"(?:[^e]en|et|erna|arna|orna)$", word) is not None and len(word) > 4


# ---- where a mention stands ---------------------------------------------------------------------------


@derived
def _context_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    cfg = _cfg()
    genitives = rf"(?:\s+(?-i:[{_UPPER}])[{_L}]*s)*"     # 'till Göteborgs kommunfullmäktige'
    field = re.compile(rf"(?:^|\n|\s)(?:{_alt(cfg.get('field_labels', []))})\s*:\s*$", re.I)
    mentioned = re.compile(rf"(?<![{_L}])(?:{_alt(cfg.get('mentioned_after', []))}){genitives}\s*$", re.I)
    owner_before = re.compile(rf"(?<![{_L}])(?:{_alt(cfg.get('owner_after', []))}){genitives}\s*$", re.I)
    report_words = [w for w, _ in synonyms_of(load_vocab("report").get("document_types", {}))]
    report_words += cfg.get("report_words", [])
    owner_after = re.compile(rf"^\s+[{_L}]*(?:{_alt(report_words)})", re.I)
    return field, mentioned, owner_before, owner_after


def _weight(text: str, name: Name, on_title: bool, only_mentioned: bool) -> float:
    s = COMMITTEE_SETTINGS
    field, mentioned, owner_before, owner_after = _context_patterns()
    before, after = text[:name.start], text[name.end:]
    if field.search(before):
        return s["field_weight"]
    if mentioned.search(before):
        return 0.0
    genitive_report = name.raw.lower().endswith("s") and owner_after.match(after)
    titled = on_title and (_alone_on_line(text, name) or _after_report_word(text, name))
    if owner_before.search(before) or genitive_report or titled:
        return s["owner_weight"]
    weight = s["title_weight"] if on_title else s["mention_weight"]
    return weight * (s["only_mentioned_factor"] if only_mentioned else 1.0)


def _after_report_word(text: str, name: Name) -> bool:
    """'Årsredovisning 2024 - Nämnden för Vård & Omsorg': a title that names the report, then its body."""
    line = text[text.rfind("\n", 0, name.start) + 1:name.start]
    return _report_word_pattern().search(line) is not None


@derived
def _report_word_pattern() -> re.Pattern:
    words = [w for w, _ in synonyms_of(load_vocab("report").get("document_types", {}))]
    return re.compile(rf"(?<![{_L}])[{_L}]*(?:{_alt(words)})(?![{_L}])", re.I)


def _alone_on_line(text: str, name: Name) -> bool:
    line_start = text.rfind("\n", 0, name.start) + 1
    line_end = text.find("\n", name.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return " ".join(line.split()) == name.raw


# ---- the choice -----------------------------------------------------------------------------------------


@dataclass
class CommitteeChoice:
    committee: Committee | None
    scores: dict[str, float]            # key -> weight of its evidence
    tie: list[str]                      # the names that tied for first place, where they did


def choose_committee(blocks: list[Block], title: list[Block], running: list[str] = ()) -> CommitteeChoice:
    """The body whose report it is, from the document's blocks (title: the title page's blocks; running: the
    running headers and footers, which name the report's body on every page as a title page does)."""
    cfg = _cfg()
    never = {key_of(w) for w in cfg.get("never_reporting", [])}
    only_mentioned = {key_of(w) for w in cfg.get("not_reporting", [])}
    running_blocks = [Block(kind=BlockKind.paragraph, text=t) for t in running]
    title_ids = {id(b) for b in title} | {id(b) for b in running_blocks}
    front_ids = _front(blocks) | title_ids
    score: dict[str, float] = defaultdict(float)
    anchored: set[str] = set()
    names: dict[str, list[str]] = defaultdict(list)
    raws: dict[str, list[str]] = defaultdict(list)
    for block in [*running_blocks, *blocks]:
        on_title = id(block) in title_ids
        for text, name in _mentions(block, on_title):
            if name.key in never or any(name.key.endswith(k) for k in never):
                continue
            weight = _weight(text, name, on_title, name.key in only_mentioned)
            score[name.key] += weight
            if weight > 0 and (id(block) in front_ids or weight >= COMMITTEE_SETTINGS["owner_weight"]):
                anchored.add(name.key)
            names[name.key].append(name.name)
            raws[name.key].append(name.raw)
    _merge_genitives(score, names, raws, anchored)
    ranked = sorted(((v, k) for k, v in score.items() if v > 0 and k in anchored), reverse=True)
    if not ranked:
        return CommitteeChoice(None, dict(score), [])
    best, key = ranked[0]
    ties = [k for v, k in ranked if abs(v - best) < 1e-9]
    if len(ties) > 1:
        return CommitteeChoice(None, dict(score), sorted(_display(names[k]) for k in ties))
    return CommitteeChoice(Committee(name=_display(names[key]), raw=_display_raw(raws[key])), dict(score), [])


def _mentions(block: Block, on_title: bool) -> list[tuple[str, Name]]:
    """(text, name) of the block's mentions. A table's cells are no evidence (a table of every committee's
    budget names them all) unless it is the title page's or a cell is a labelled field ('Nämnd' |
    'Socialnämnden', 'Beslutande instans: Socialnämnden'); nor is a list item that holds an amount."""
    if block.kind is BlockKind.list_item and _MONEY.search(block.text):
        return []               # '• Barn- och ungdomsnämnden, Ingaredsskolan (6 000 tkr)': a line of a list of money
    if block.kind is not BlockKind.table or block.table is None:
        return [(block.text, n) for n in names_in(block.text)]
    field = _context_patterns()[0]
    out = []
    for row in block.table.rows:
        cells = [" ".join(t.split()) for t in row.texts]
        if sum(bool(_AMOUNT.fullmatch(c)) for c in cells) >= 2:
            continue            # a row of figures: its label is a line of the table, whatever it names
        if on_title:
            text = "\n".join(c for c in cells if c)
            out.extend((text, n) for n in names_in(text))
            continue
        for i, cell in enumerate(cells):
            label = f"{cells[i - 1]}:" if i and not cells[i - 1].endswith(":") else (cells[i - 1] if i else "")
            for text in (cell, f"{label} {cell}"):
                hits = [(text, n) for n in names_in(text) if field.search(text[:n.start])]
                if hits:
                    out.extend(hits)
                    break
    return out


def _front(blocks: list[Block]) -> set[int]:
    """The blocks of the report's first pages, where it names its own body (a body named only further on
    is one the report speaks about)."""
    s = COMMITTEE_SETTINGS
    pages = sorted({b.provenance.page for b in blocks if b.provenance.page})
    if pages:
        front = set(pages[:s["front_pages"]])
        return {id(b) for b in blocks if b.provenance.page in front}
    return {id(b) for b in blocks[:s["front_blocks"]]}


def _merge_genitives(score: dict, names: dict, raws: dict, anchored: set[str]) -> None:
    """'Nämnden för Vård & Omsorgs tjänsteskrivelse': the genitive is the same body."""
    for key in [k for k in score if k.endswith("s") and k[:-1] in score]:
        if key in anchored:
            anchored.add(key[:-1])
        score[key[:-1]] += score.pop(key)
        names[key[:-1]].extend(names.pop(key))
        raws[key[:-1]].extend(raws.pop(key))


def _display(spellings: list[str]) -> str:
    """The body's name as it is most often written, hyphenated parts and mixed case preferred."""
    def rank(s: str) -> tuple:
        return (not s.isupper(), "-" in s or " och " not in s, spellings.count(s), -spellings.index(s))
    return max(set(spellings), key=rank)


def _display_raw(raws: list[str]) -> str:
    mixed = [r for r in raws if not r.isupper()]
    return (mixed or raws)[0]
