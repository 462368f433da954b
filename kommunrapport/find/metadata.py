"""-> Report: municipality, committee, document type, fiscal year, period, decision date, diarienummer.

Everything is read first from the title page (the blocks before the table of contents, or the first
page of a PDF), then from the whole document; the words are data (normalize/data/report.toml).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from kommunrapport.find.committee import choose_committee
from kommunrapport.find.context import Context
from kommunrapport.models import Block, BlockKind, Committee, Document, DocumentType, Report
from kommunrapport.normalize.municipalities import identify
from kommunrapport.normalize.periods import month_end, month_number, month_pattern
from kommunrapport.normalize.vocab import load_vocab, synonyms_of

TITLE_MAX_BLOCKS = 12
TITLE_MAX_CHARS = 160
_L = "A-Za-zÅÄÖåäöÉé"
_YEAR = r"(?:19[89]\d|20\d\d)"


def extract_report(ctx: Context) -> Report:
    doc = ctx.doc
    title = title_blocks(doc)
    title_text = [b.text for b in title]
    texts = [b.text for b in doc.blocks]
    doc_type, doc_type_raw, type_at = document_type(title_text)
    fiscal_year = fiscal_year_of(title_text, type_at)
    start, end = reporting_period(texts, title_text, doc_type, fiscal_year)
    if fiscal_year is None and end is not None:
        fiscal_year = end.year
    if doc_type is DocumentType.interim_report and end is None:
        ctx.warn("unknown_period", "an interim report whose period end could not be read")
    return Report(
        municipality=_municipality(ctx, texts, title_text),  # the title page and the running lines
        committee=committee_of(ctx, title),
        document_type=doc_type,
        document_type_raw=doc_type_raw,
        fiscal_year=fiscal_year,
        period_start=start,
        period_end=end,
        decision_date=decision_date(texts, fiscal_year),
        registration_number=registration_number(texts) or bare_registration_number(title_text),
    )


def _vocab() -> dict:
    return load_vocab("report")


# --- title page -------------------------------------------------------------------------------------

def title_blocks(doc: Document) -> list[Block]:
    """The blocks of the title page: a PDF's first page with text, else those before the contents."""
    blocks = [b for b in doc.blocks if b.text.strip()]
    if not blocks:
        return []
    pages = [b.provenance.page for b in blocks if b.provenance.page]
    if pages:
        first = min(pages)
        on_first = [b for b in blocks if b.provenance.page == first]
        if len(on_first) < 2:
            on_first += [b for b in blocks if b.provenance.page == first + 1]
        return on_first[:TITLE_MAX_BLOCKS * 2]
    out = []
    for b in blocks:
        if b.kind is BlockKind.toc or (b.kind is BlockKind.heading and _is_toc_heading(b.text)):
            break
        if out and b.kind is BlockKind.paragraph and len(b.text) > TITLE_MAX_CHARS:
            break           # running text: the title page (short lines) is over
        out.append(b)
        if len(out) >= TITLE_MAX_BLOCKS:
            break
    return out


def _is_toc_heading(text: str) -> bool:
    return text.strip().lower() in {"innehåll", "innehållsförteckning"}


def _word_re(word: str) -> str:
    body = r"\s+".join(re.escape(w) for w in word.split())
    return rf"(?<![{_L}]){body}(?:en|et|er)?(?![{_L}])"


def document_type(title: list[str]) -> tuple[DocumentType, str | None, int | None]:
    """The type named first on the title page, the words as written, and the block it stood in."""
    pairs = synonyms_of(_vocab().get("document_types", {}))
    for i, text in enumerate(title):
        hits = []
        for word, kind in pairs:
            m = re.search(_word_re(word), text, re.I)
            if m:
                hits.append((m.start(), -len(m.group(0)), m.group(0), kind))
        if hits:
            _, _, raw, kind = min(hits)
            return DocumentType(kind), raw, i
    return DocumentType.other, None, None


def fiscal_year_of(title: list[str], type_at: int | None) -> int | None:
    """The year by the document type ('Nämndplan med budget 2024', 'Delårsbokslut' / 'Socialnämnden 2023'),
    else the year the title page names most."""
    if type_at is not None:
        for text in title[type_at:type_at + 4]:
            years = _years(text)
            if years:
                return years[0]
    counts = Counter(y for text in title for y in _years(text))
    return counts.most_common(1)[0][0] if counts else None


def _years(text: str) -> list[int]:
    return [int(y) for y in re.findall(rf"(?<![\d/-]){_YEAR}(?!\d)", text)]


# --- reporting period ---------------------------------------------------------------------------------

def reporting_period(texts: list[str], title: list[str], doc_type: DocumentType,
                     year: int | None) -> tuple[date | None, date | None]:
    if year is None:
        return None, None
    if doc_type is DocumentType.annual_report:
        return date(year, 1, 1), date(year, 12, 31)
    if doc_type not in (DocumentType.interim_report, DocumentType.monthly_report):
        return None, None
    votes: dict[date, float] = defaultdict(float)
    for text in title:
        for d in _period_ends(text, year, dated_only=False):
            votes[d] += 5
    for text in texts:
        for d in _period_ends(text, year, dated_only=True):
            votes[d] += 1
    votes = {d: v for d, v in votes.items() if d.year == year and (d.month, d.day) != (12, 31)}
    if not votes:
        return None, None
    end = max(votes, key=lambda d: (votes[d], d))
    one_month = doc_type is DocumentType.monthly_report and _month_alone(texts, end)
    start = date(year, end.month, 1) if one_month else date(year, 1, 1)
    return start, end


def _month_alone(texts: list[str], end: date) -> bool:
    """A monthly follow-up reports the year to date ('Ackumulerat utfall per maj': 1 January - 31 May) unless
    it says its period is the month alone ('1-30 november', 'perioden 2017-11-01 - 2017-11-30')."""
    months = month_pattern()
    days = re.compile(rf"\b1\s*(?:({months})\.?\s*)?[-–]\s*(?:{end.day})\s+({months})\b", re.I)
    dates = re.compile(rf"\b{end.year}-{end.month:02d}-01\s*[-–]+\s*{end.isoformat()}\b")
    for text in texts:
        for m in days.finditer(text or ""):
            if month_number(m.group(2).lower()) == end.month and (not m.group(1) or
                                                                  month_number(m.group(1).lower()) == end.month):
                return True
        if dates.search(text or ""):
            return True
    return False


def _period_ends(text: str, year: int, dated_only: bool) -> list[date]:
    """Month-end dates a text gives as the end of a period: 'per den 31 augusti 2018', '2024-08-31',
    'januari-augusti', 'jan-aug 2024', 'Utfall 31 aug 2023'. Title pages may also just name a date."""
    out: list[date] = []
    months = month_pattern()
    low = text.lower()
    for m in re.finditer(rf"(?<!\d)({_YEAR})-(\d\d)-(\d\d)(?!\d)", low):
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d and d == month_end(d.year, d.month) and (not dated_only or _per_before(low, m.start())):
            out.append(d)
    for m in re.finditer(rf"(?<!\d)(\d{{1,2}})\s*(?:/\s*(\d{{1,2}})|\.?\s*({months})\b\.?)(?:\s*({_YEAR}))?", low):
        month = int(m.group(2)) if m.group(2) else month_number(m.group(3))
        y = int(m.group(4)) if m.group(4) else year
        d = _valid(y, month or 0, int(m.group(1)))
        if d is None or d != month_end(d.year, d.month):
            continue
        if not dated_only or _per_before(low, m.start()) or re.search(r"[-–]\s*$", low[:m.start()]):
            out.append(d)
    # 'Ackumulerat utfall per maj', 't.o.m. oktober': the end of that month; 'Utfall 201711': of November 2017
    for m in re.finditer(rf"(?:\bper|t\.o\.m\.?|\btill och med)\s+({months})\b(?:\s+({_YEAR}))?", low):
        month = month_number(m.group(1))
        if month:
            out.append(month_end(int(m.group(2)) if m.group(2) else year, month))
    for m in re.finditer(rf"(?:\butfall|\back\w*|\bbokslut)\.?\s+({_YEAR})(0[1-9]|1[0-2])(?!\d)", low):
        out.append(month_end(int(m.group(1)), int(m.group(2))))
    if not dated_only:
        out.extend(_title_month_ends(low, year, months))
    for m in re.finditer(rf"\b(?:jan|januari)\.?\s*(?:[-–]|till|t\.o\.m\.?)\s*(?:\d{{1,2}}\s*)?({months})\b"
                         rf"(?:\.?\s*({_YEAR}))?", low):
        y = int(m.group(2)) if m.group(2) else year
        month = month_number(m.group(1))
        if month:
            out.append(month_end(y, month))
    return out


def _title_month_ends(low: str, year: int, months: str) -> list[date]:
    """A title's bare month ('Delårsrapport augusti 2024', 'Månadsrapport april') or tertial number
    ('Tertialrapport 1 2024', 'T2') -> the last day of that month."""
    out = []
    for m in re.finditer(rf"\b({months})\b\.?(?:\s+({_YEAR}))?", low):
        if re.search(r"\d\s*$", low[:m.start(1)]):   # '31 augusti': a dated end, read elsewhere
            continue
        month = month_number(m.group(1))
        if month:
            out.append(month_end(int(m.group(2)) if m.group(2) else year, month))
    tertials = _vocab().get("tertial_ends", {})
    for m in re.finditer(r"\b(?:tertial\w*\s*|t)([123])\b", low):
        month = tertials.get(m.group(1))
        if month:
            out.append(month_end(year, int(month)))
    return out


def _per_before(low: str, pos: int) -> bool:
    return re.search(r"(?:\bper|\bden|t\.o\.m\.?|\butfall|\bbokslut|\bredovisning)\s*$", low[:pos]) is not None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- municipality, committee ----------------------------------------------------------------------------

def _municipality(ctx: Context, texts: list[str], title: list[str]):
    found = identify(texts, [" ".join(title), *ctx.doc.running_lines])
    if found.body_kind:
        ctx.warn("not_a_municipality", f"the document speaks of itself as a {found.body_kind}: no municipality's")
    if found.municipality is not None and found.close:
        ctx.warn("ambiguous_municipality",
                 f"{found.municipality.name} ({found.score:g}) chosen over {found.runner_up.name} "
                 f"({found.runner_up_score:g}) by the weight of their mentions")
    return found.municipality


def committee_of(ctx: Context, title: list[Block]) -> Committee | None:
    """The body whose report it is (find/committee.py); a tie is left null with a warning."""
    choice = choose_committee(ctx.doc.blocks, title, ctx.doc.running_lines)
    if choice.tie:
        ctx.warn("ambiguous_committee", "no committee chosen: " + " and ".join(choice.tie)
                 + " are named with the same weight")
    return choice.committee


# --- decision date, registration number -------------------------------------------------------------------

def decision_date(texts: list[str], fiscal_year: int | None = None) -> date | None:
    """The date after a decision label: 'Datum för beslut: 2023-09-19'. A date years before the report's
    year dates another paper ('Planen antagen av nämnden 2019-05-12' in a report on 2023)."""
    labels = _vocab().get("labels", {}).get("decision_date", [])
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    months = month_pattern()
    # 'Beslutad av nämnden 2024-05-22', 'Antagen av tekniska nämnden den 12 mars 2025'
    by = (rf"(?:\s+(?:av|i)\s+(?P<by>[{_L}][{_L}\s-]{{0,60}}?))?(?:\s*,?\s*§\s*\d+\s*,?)?"
          rf"(?:\s+(?:den|på\s+sitt\s+sammanträde(?:\s+den)?))?")
    pattern = re.compile(
        rf"(?<![{_L}])(?:{alt}){by}\s*:?\s*(?:(\d{{4}})-(\d\d)-(\d\d)|(\d{{1,2}})\s+({months})\s+({_YEAR}))(?!\d)",
        re.I)
    others = [w.lower() for w in _vocab().get("committees", {}).get("not_deciding_for", [])]
    for m in (m for text in texts for m in pattern.finditer(text or "")):
        if m.group("by") and any(x.endswith(w) for x in m.group("by").lower().split() for w in others):
            continue        # the council adopting its own budget, not the committee deciding on this report
        if m:
            g = m.groups()[1:]
            if g[0]:
                d = _valid(int(g[0]), int(g[1]), int(g[2]))
            else:
                d = _valid(int(g[5]), month_number(g[4].lower()) or 0, int(g[3]))
            if d and (fiscal_year is None or d.year >= fiscal_year - 1):
                return d
    return None


# an organ's letters may stand before the number's own ('VO VO-2024-00167', 'KFKS 2018/1127')
_REG_VALUE = (r"((?:[A-ZÅÄÖ]{1,8}\s(?=[A-ZÅÄÖ]{1,8}\s?[/.-]?\s?\d))?(?:[A-ZÅÄÖ]{1,8}\s?[/.-]?\s?)?\d{2,4}[./:;-]\d{1,6}(?:[./:;-]\d{1,6})?"
              r"(?:\s?[/-]?\s?[A-ZÅÄÖ]{1,8}(?![\wåäö]))?)")


def registration_number(texts: list[str]) -> str | None:
    """The diarienummer as written, after its label; not one in brackets or inside a sentence (a reference
    to another paper: 'beslutade i ärendet, dnr 2021/45 KS, att ...'): the label starts its line, stands in a
    row of fields ('Datum: ... Diarienummer: ...') or a short block, or the number ends its line
    ('Granskning av kommunstyrelsen 2025, stadsrevisionen dnr SRV-2025-00071')."""
    labels = _vocab().get("labels", {}).get("registration_number", [])
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    pattern = re.compile(rf"(?<![{_L}])(?:{alt})\.?\s*:?\s*{_REG_VALUE}", re.I)
    candidates: list[tuple[int, int, str]] = []
    for i, text in enumerate(texts):
        for m in pattern.finditer(text or ""):
            before = text[:m.start()]
            if before.count("(") > before.count(")"):
                continue
            line = before[before.rfind("\n") + 1:]
            rest = text[m.end():].split("\n", 1)[0]
            if len(text.strip()) >= 80 and line.strip() and ":" not in line and re.search(rf"[{_L}]", rest):
                continue        # inside a sentence that goes on: another paper's number
            value = re.sub(r"\s+", " ", m.group(1)).strip()
            if not _case_ok(value):
                continue
            standalone = 0 if len(text.strip()) < 80 else 1
            candidates.append((standalone, i, value))
    return min(candidates)[2] if candidates else None


_BARE_REG = re.compile(rf"^(?:[A-ZÅÄÖ]{{2,6}}\s?[/-]?\s?{_YEAR}[./:-]\d{{1,6}}|{_YEAR}[./:-]\d{{1,6}}\s?[A-ZÅÄÖ]{{2,6}})$")


def bare_registration_number(title: list[str]) -> str | None:
    """A diarienummer without its label, a line of its own on the title page ('KFN 2019.045',
    '2023.073 SN'): letters of a register and a year before the running number."""
    for text in title:
        value = " ".join(text.split())
        if _BARE_REG.match(value):
            return value
    return None


def _case_ok(value: str) -> bool:
    # the letters of a diarienummer are capitals; 'Dnr 2023.073 Socialnämnden' must not take 'S'
    return not re.search(r"[a-zåäö]", value)
