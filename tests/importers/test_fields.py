"""The one table of fields: each declares its header words, its label in both languages, its
reader, its unit and the model column it fills, and those are real."""

import pytest
from sqlmodel import SQLModel

from importers.fields import FIELDS, KIND_FIELDS
from importers.mapping import field_for
from registry.text import fold

#: Every column of every table, by name.
COLUMNS = {c.name for t in SQLModel.metadata.tables.values() for c in t.columns}


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_a_field_is_declared_whole(name):
    field = FIELDS[name]
    assert field.name == name
    assert field.label and field.label.en and str(field.label) != field.label.en
    assert all(fold(h) == h for h in field.headers), "header words are folded"
    assert field.clean is None or callable(field.clean)
    assert field.unit in (None, "money", "area")
    assert field.target is None or field.target in COLUMNS, field.target
    if field.unit == "money" and field.target:  # a payment is read to work out what is owed
        assert field.target.endswith("_vnd"), "amounts fill đồng columns"


@pytest.mark.parametrize("kind", sorted(KIND_FIELDS))
def test_each_header_word_names_its_own_field(kind):
    for name in KIND_FIELDS[kind]:
        for header in FIELDS[name].headers:
            if header in ("no", "tt"):  # the row number, only as a whole title
                continue
            assert field_for(header, kind) == name or header in {
                h for other in KIND_FIELDS[kind] if other != name for h in FIELDS[other].headers
            }, (kind, name, header)
