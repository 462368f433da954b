"""docs/CONTRACT.md is the contract of the pydantic models and is kept with them: every field and
every enum value of models/ is named in it."""
from __future__ import annotations

import enum
import re
from pathlib import Path

from pydantic import BaseModel

import kommunrapport.models.provenance as provenance
import kommunrapport.models.report as report

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "CONTRACT.md"


def _names_in_contract() -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", CONTRACT.read_text(encoding="utf-8")))


def _declared(module, kind):
    return {name: obj for name, obj in vars(module).items()
            if isinstance(obj, type) and issubclass(obj, kind) and obj.__module__ == module.__name__}


def test_every_field_of_every_model_is_in_the_contract():
    words = _names_in_contract()
    missing = {name: [f for f in model.model_fields if f not in words]
               for module in (report, provenance) for name, model in _declared(module, BaseModel).items()}
    assert not {k: v for k, v in missing.items() if v}, "fields missing from docs/CONTRACT.md"


def test_every_enum_value_is_in_the_contract():
    words = _names_in_contract()
    missing = {name: [m.value for m in kind if m.value not in words]
               for name, kind in _declared(report, enum.Enum).items()}
    assert not {k: v for k, v in missing.items() if v}, "enum values missing from docs/CONTRACT.md"
    assert "municipality" in words and "amount_sek" in words
