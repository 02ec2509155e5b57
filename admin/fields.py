"""Form fields that read and show values the Vietnamese way."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum

from flask_babel import gettext as _
from wtforms import fields, widgets

from admin.formatting import label, num

_MONEY_NOISE = re.compile(r"[\s.₫đ]|đồng|vnd", re.IGNORECASE)


class EnumLabel:
    """An enum member's label, rendered in the language of the request."""

    def __init__(self, member: Enum) -> None:
        self.member = member

    def __str__(self) -> str:
        return label(self.member)

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


def enum_choices(enum_cls: type[Enum]) -> list[tuple[str, EnumLabel]]:
    return [(m.value, EnumLabel(m)) for m in enum_cls]


class MoneyField(fields.IntegerField):
    """Whole đồng. Accepts ``1.250.000.000``, ``1250000000`` or ``1.250.000.000 ₫``; a text
    input, since a number input would refuse the dots."""

    widget = widgets.TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return num(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = _MONEY_NOISE.sub("", valuelist[0])
        if not re.fullmatch(r"-?\d+", text):
            self.data = None
            # A plain str: Flask-Admin shows only str errors (not lazy strings) under a field.
            raise ValueError(_("Enter a whole amount in đồng, such as 1.250.000."))
        self.data = int(text)


class VnDateField(fields.DateField):
    """dd/mm/yyyy, as officers write dates; ISO yyyy-mm-dd is accepted too. A text input: a
    browser's date input would show and send its own format."""

    widget = widgets.TextInput()

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("format", "%d/%m/%Y")
        render_kw = kwargs.setdefault("render_kw", {})
        render_kw.setdefault("placeholder", "dd/mm/yyyy")
        render_kw.setdefault("autocomplete", "off")
        super().__init__(*args, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = " ".join(valuelist).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                self.data = datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(self.gettext("Not a valid date value."))


class FormOnly:
    """A field the form reads but never writes to the model (SQLModel refuses attributes it
    does not declare)."""

    def populate_obj(self, obj, name) -> None:
        return None


class FormOnlyString(FormOnly, fields.StringField):
    pass


class FormOnlyPassword(FormOnly, fields.PasswordField):
    pass


class FormOnlyHidden(FormOnly, fields.HiddenField):
    pass


class FormOnlyDate(FormOnly, VnDateField):
    pass


def form_only_select(*args, **kwargs):
    from flask_admin.form import Select2Field

    class FormOnlySelect(FormOnly, Select2Field):
        pass

    return FormOnlySelect(*args, **kwargs)
