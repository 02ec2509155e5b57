"""Base classes for forms: CSRF from Flask-WTF, messages from our WTForms catalogue."""

from typing import Any

from flask_admin.babel import Translations
from flask_wtf import FlaskForm


class RegistryForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            # Flask-WTF would load WTForms' own catalogues, which have no Vietnamese.
            return Translations()


class AdminForm(RegistryForm):
    """What Flask-Admin's BaseForm provides, on Flask-WTF: the edited object is kept as
    ``_obj``, which Flask-Admin's unique-value check needs to skip the record itself."""

    def __init__(
        self, formdata: Any = None, obj: Any = None, prefix: str = "", **kwargs: Any
    ) -> None:
        self._obj = obj
        if formdata is None:
            super().__init__(obj=obj, prefix=prefix, **kwargs)
        else:
            super().__init__(formdata=formdata, obj=obj, prefix=prefix, **kwargs)
