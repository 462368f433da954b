"""Helpers of the review tests: the payload a review page carries, the facts it is drawn from."""
from __future__ import annotations

import json
import re

from kommunrapport.models.report import Extraction


def payload_of(html: str) -> dict:
    """The JSON the page script builds the page from."""
    m = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', html, re.S)
    assert m, "no review data in the page"
    return json.loads(m.group(1))


def provenances(ex: Extraction) -> list:
    """The provenance of every fact the page lists, in its order: lines, goals (with their
    assessments), sick leave, indicators."""
    out = [line.provenance for line in ex.financial_lines]
    for goal in ex.goals:
        out.append(goal.provenance)
        if goal.assessment is not None:
            out.append(goal.assessment.provenance)
    out += [f.provenance for f in ex.sick_leave]
    out += [i.provenance for i in ex.indicators]
    return out


def with_bbox(ex: Extraction) -> int:
    return sum(1 for p in provenances(ex) if p.page is not None and p.bbox is not None)


def plain(text: str) -> str:
    """'−37 201 000 kr' with narrow spaces and a true minus -> '-37 201 000 kr'."""
    return re.sub(r"[\u202f\u00a0]", " ", text).replace("−", "-").strip()
