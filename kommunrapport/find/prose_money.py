"""Money stated in running text that no finder reads: said, not skipped in silence.

The finders read money from tables (and sick leave from prose too). A page whose paragraphs state
amounts with a money unit (`357 kronor per invånare år 2023 till 392 kr`) and that gave no fact and
no warning would leave a reader of the output wondering whether the page was seen at all: it gets
one `prose_money` warning naming the first such sentence. Pages that gave facts or already carry
a warning are left alone; nothing is extracted from the prose.
"""
from __future__ import annotations

import re
from functools import cache

from kommunrapport.find.context import Context
from kommunrapport.models import BlockKind, Provenance
from kommunrapport.normalize.vocab import load_vocab

PROSE_MONEY_SETTINGS = {
    "min_amounts": 2,        # amounts in money sentences of one page before it is said
    "quote_chars": 120,      # how much of the first such sentence the warning quotes
}
# an amount-shaped number: '1 234', '12,5', '357'; a year or a one-digit count is not one
_AMOUNT = re.compile(r"(?<![\w,.])-?\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?(?![\w,])|(?<![\w,.])-?\d+,\d+(?![\w,])"
                     r"|(?<![\w,.])-?\d{2,}(?![\w,])")
_YEAR = re.compile(r"^(19|20)\d\d$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


@cache
def _money_amount() -> re.Pattern[str]:
    """An amount followed by a money unit of units.toml: '392 kr', '2 miljoner kronor', '1,5 mnkr'."""
    words = sorted({w for entry in load_vocab("units").values() if isinstance(entry, dict)
                    for w in entry.get("synonyms", [])}, key=len, reverse=True)
    units = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    return re.compile(rf"\d(?:[ \u00a0]?\d)*(?:,\d+)?\s*(?:{units})(?![\wåäö])", re.IGNORECASE)


def amounts_in(sentence: str) -> list[str]:
    return [m.group(0) for m in _AMOUNT.finditer(sentence) if not _YEAR.match(m.group(0).lstrip("-"))]


def note_prose_money(ctx: Context, fact_pages: set[int], settings: dict | None = None) -> None:
    settings = {**PROSE_MONEY_SETTINGS, **(settings or {})}
    warned = {w.provenance.page for w in ctx.warnings if w.provenance is not None}
    found: dict[int, tuple[int, str, Provenance]] = {}
    for block in ctx.doc.blocks:
        page = block.provenance.page
        if block.kind not in (BlockKind.paragraph, BlockKind.list_item) or page is None:
            continue
        if page in fact_pages or page in warned:
            continue
        for sentence in _SENTENCE.split(block.text):
            amounts = amounts_in(sentence)
            if amounts and _money_amount().search(sentence):
                count, first, prov = found.get(page, (0, sentence, block.provenance))
                found[page] = (count + len(amounts), first, prov)
    for page, (count, first, prov) in sorted(found.items()):
        if count >= settings["min_amounts"]:
            quote = " ".join(first.split())[:settings["quote_chars"]]
            ctx.warn("prose_money", f"page {page}: {count} amounts in running text are not read as financial "
                     f"lines (e.g. '{quote}')", prov)
