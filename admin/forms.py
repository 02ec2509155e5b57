"""Base for the app's own forms: CSRF from Flask-WTF, messages from our WTForms catalogue."""

from flask_admin.babel import Translations
from flask_wtf import FlaskForm


class RegistryForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            # Flask-WTF would load WTForms' own catalogues, which have no Vietnamese.
            return Translations()
