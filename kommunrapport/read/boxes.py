"""Boxes on a PDF page, (x0, top, x1, bottom) in points: the one test the PDF reader's parts share."""
from __future__ import annotations


def within(inner, outer, tol: float = 2.0) -> bool:
    """Whether `inner` lies inside `outer`, `tol` points of slack on every side."""
    return inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol and inner[2] <= outer[2] + tol \
        and inner[3] <= outer[3] + tol
