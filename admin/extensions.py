"""Flask extensions, created once and bound to each app in ``create_app``."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlmodel import Session

#: One session per request, of SQLModel's class so the audit listener sees it.
db = SQLAlchemy(session_options={"class_": Session, "expire_on_commit": False})
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
