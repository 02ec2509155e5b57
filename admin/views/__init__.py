"""The screens, registered on one Flask-Admin instance."""
