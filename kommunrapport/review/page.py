"""The one self-contained HTML file: the template, its style and script, and the data, inlined.

The HTML, CSS and JavaScript are package data (review/template/), not strings in Python; the data is
one JSON object the script builds the page from. Nothing is fetched when the file is opened.
"""
from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources

SLOTS = ("title", "style", "script", "data")


@cache
def _template_file(name: str) -> str:
    return resources.files("kommunrapport.review").joinpath("template", name).read_text(encoding="utf-8")


def render_page(payload: dict, title: str, template: str = "review") -> str:
    """The HTML of the review page for `payload` (see build.py for its shape)."""
    values = {
        "title": html.escape(title),
        "style": _template_file(f"{template}.css"),
        "script": _template_file(f"{template}.js"),
        "data": script_json(payload),
    }
    return fill(_template_file(f"{template}.html"), values)


def fill(template: str, values: dict[str, str]) -> str:
    """Put each value into its {{slot}}; every slot is filled exactly once, in one pass."""
    def one(m: re.Match) -> str:
        return values[m.group(1)]

    found = re.findall(r"\{\{(\w+)\}\}", template)
    missing = set(found) ^ set(values)
    if missing:
        raise ValueError(f"template slots do not match the values: {sorted(missing)}")
    return re.sub(r"\{\{(\w+)\}\}", one, template)


def script_json(payload: dict) -> str:
    """JSON that is safe inside <script>: no '<' can close the element or open a comment."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
