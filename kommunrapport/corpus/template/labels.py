"""The Swedish words of the draft (normalize/data/template.toml), loaded once."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def labels() -> dict:
    data = resources.files("kommunrapport.normalize").joinpath("data/template.toml")
    return tomllib.loads(data.read_text(encoding="utf-8"))


def word(key: str, **fields) -> str:
    return labels()["words"][key].format(**fields)


def name_of(group: str, value) -> str:
    """The Swedish name of an enum value (`name_of('assessment', 'fulfilled')` -> 'Uppfyllt')."""
    key = getattr(value, "value", value)
    return labels()[group].get(key, key)
