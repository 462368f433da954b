"""Space-aligned tables inside Markdown (stub)."""
from __future__ import annotations


def find_regions(src) -> dict[int, int]:
    return {}


def table_lines(src, repairs):
    return []
