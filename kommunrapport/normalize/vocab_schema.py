"""A user's vocabulary file checked against the shipped vocabularies with pydantic, so that a
misspelt name is an error that lists the valid ones instead of a rule that silently matches nothing.

The schema is read off the shipped files themselves (normalize/data/*.toml): a user file may name
only the shipped vocabularies and, in each, only the keys the shipped file has, at every depth; a
table keyed by the values of a contract enum (`[sections.kinds.goals]`) may name any of those
values; the tables of OPEN_TABLES take new keys (a new token set, a new kind of committee). A
value must have the shipped value's shape: a list where a list is shipped, a number where a number is.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, create_model, model_validator

from kommunrapport.models import report as contract

# tables keyed by the values of an enum: path -> the keys valid besides the shipped ones
ENUM_KEYED: dict[tuple[str, ...], list[str]] = {
    ("sections", "kinds"): [k.value for k in contract.SectionKind],
    ("finance", "categories"): [k.value for k in contract.FinanceCategory],
    ("finance", "column_categories"): [k.value for k in contract.FinanceCategory],
    ("sick_leave", "categories"): [k.value for k in contract.SickLeaveCategory],
    ("report", "document_types"): [k.value for k in contract.DocumentType],
    ("template", "assessment"): [k.value for k in contract.AssessmentLevel],
    ("template", "finance_category"): [k.value for k in contract.FinanceCategory],
    ("template", "sick_leave"): [k.value for k in contract.SickLeaveCategory],
    ("kolada", "gender"): [k.value for k in contract.SickLeaveCategory],
}
# tables a user may add keys to, the shape of a new entry taken from the shipped ones
OPEN_TABLES: set[tuple[str, ...]] = {
    ("assessments", "tokens"),          # a token set a user's own pattern names ("@my_words")
    ("compare", "committee_kinds"),     # a kind of committee
    ("kolada", "kpi"),                  # a metric's Kolada KPI id
    ("units",),                         # a unit word with its factor
}
_CLOSED = ConfigDict(extra="forbid")


def _shape(value: Any, path: tuple[str, ...]) -> Any:
    if isinstance(value, bool):
        return bool
    if isinstance(value, int | float):
        return float
    if isinstance(value, str):
        return str
    if isinstance(value, list):
        return list[str] if value and all(isinstance(v, str) for v in value) else list
    if isinstance(value, dict):
        return table_model(path, value)
    return Any


def _field_name(key: str, taken: set[str]) -> str:
    name = re.sub(r"\W", "_", f"k_{key}")
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def table_model(path: tuple[str, ...], shipped: dict[str, Any]):
    """The model of one table: its shipped keys (and an enum's values) with their shapes; closed
    unless the table is one of OPEN_TABLES, where a new key takes the shape of the shipped entries."""
    keys = dict.fromkeys([*shipped, *ENUM_KEYED.get(path, [])])
    sample = next(iter(shipped.values()), None)
    entry = _shape(sample, (*path, "*")) if sample is not None else Any
    taken: set[str] = set()
    fields = {_field_name(k, taken): (_shape(shipped[k], (*path, k)) if k in shipped else entry,
                                      Field(None, alias=k))
              for k in keys}
    name = "_".join(path) or "vocabulary"
    if path in OPEN_TABLES:
        return _open_model(name, fields, entry)
    return create_model(name, __config__=_CLOSED, **fields)


def _open_model(name: str, fields: dict, entry: Any):
    """A table open to new keys, each new entry checked against the shape of the shipped ones."""
    def check_new(cls, values):
        if isinstance(values, dict) and entry is not Any:
            known = {f.alias for f in cls.model_fields.values()}
            adapter = TypeAdapter(entry)
            for key, value in values.items():
                if key not in known:
                    try:
                        adapter.validate_python(value)
                    except ValidationError as exc:
                        problem = exc.errors()[0]
                        where = ".".join([key, *map(str, problem["loc"])])
                        raise ValueError(f"{where}: {problem['msg'].lower()} (got {problem.get('input')!r})") from None
        return values

    return create_model(name, __config__=ConfigDict(extra="allow"),
                        __validators__={"check_new": model_validator(mode="before")(check_new)}, **fields)


@cache
def vocabulary_model(vocab: str, path: Path):
    """The pydantic model of one shipped vocabulary file."""
    from kommunrapport.normalize.vocab import read_vocabulary_file

    data = read_vocabulary_file(path)
    if set(data) == {vocab} and isinstance(data[vocab], dict):
        data = data[vocab]
    return table_model((vocab,), data)


def shipped_vocabularies() -> dict[str, Path]:
    from kommunrapport.normalize.vocab import DATA_DIR

    return {p.stem: p for p in sorted(DATA_DIR.glob("*.toml"))}


def check_user_file(path: Path, data: dict[str, Any]) -> None:
    """Raise VocabError naming the file, the key and the valid keys where `data` does not fit."""
    from kommunrapport.normalize.vocab import VocabError

    shipped = shipped_vocabularies()
    for vocab, value in data.items():
        if vocab not in shipped:
            raise VocabError(f"vocabulary file {path}: no vocabulary '{vocab}' (the vocabularies: "
                             f"{', '.join(shipped)})")
        if not isinstance(value, dict):
            raise VocabError(f"vocabulary file {path}: '{vocab}' must be a table ([{vocab}] or [{vocab}.KEY])")
        model = vocabulary_model(vocab, shipped[vocab])
        try:
            model.model_validate(value)
        except ValidationError as exc:
            raise VocabError(f"vocabulary file {path}: {_describe(exc, vocab, model)}") from None


def _describe(exc: ValidationError, vocab: str, model) -> str:
    errors = exc.errors()
    first = errors[0]
    loc = [str(p) for p in first["loc"]]
    if first["type"] == "extra_forbidden":
        parent = ".".join([vocab, *loc[:-1]])
        text = f"[{parent}] has no key '{loc[-1]}' (valid keys: {', '.join(_keys_at(model, loc[:-1]))})"
    elif first["type"] == "value_error":         # a new entry of an open table: the message names it
        text = f"{'.'.join([vocab, *loc])}.{first['msg'].removeprefix('Value error, ')}"
    else:
        text = f"{'.'.join([vocab, *loc])}: {first['msg'][:1].lower()}{first['msg'][1:]} (got {first.get('input')!r})"
    more = len(errors) - 1
    return text + (f"; and {more} more problem(s)" if more else "")


def _keys_at(model, path: list[str]) -> list[str]:
    for part in path:
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None or not hasattr(field.annotation, "model_fields"):
            return []
        model = field.annotation
    return [f.alias for f in model.model_fields.values()]
