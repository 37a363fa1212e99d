"""Flask extensions, created unbound here and bound to the app in `init_app`.

Keeping them out of `portal/__init__.py` lets blueprints import them without
circular imports.
"""

from flask import Flask
from flask_babel import gettext
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.services.vocabulary import N_

csrf = CSRFProtect()
login_manager = LoginManager()
compress = Compress()


def init_app(app: Flask) -> None:
    """Bind every extension to `app`."""
    csrf.init_app(app)
    compress.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to continue.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    # "basic" rather than "strong": phone users change IP address all the time.
    login_manager.session_protection = "basic"
