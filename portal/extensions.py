"""Flask extensions, created unbound here and bound to the app in `init_app`.

Keeping them out of `portal/__init__.py` lets blueprints import them without
circular imports.
"""

from flask import Flask
from flask import has_request_context
from flask import session
from flask_babel import gettext
from flask_compress import Compress
from flask_login import LoginManager
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from portal.services.vocabulary import N_

csrf = CSRFProtect()
login_manager = LoginManager()
compress = Compress()


def init_app(app: Flask) -> None:
    """Bind every extension to `app`."""
    csrf.init_app(app)
    compress.init_app(app)

    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(_template_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to continue.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    # "basic" rather than "strong": phone users change IP address all the time.
    login_manager.session_protection = "basic"


def _template_user() -> dict:
    """`current_user` for templates, as Flask-Login's own context processor gives it, except
    that with no one signed in it is the proxy: Flask-Login would look the visitor up for
    every page drawn (a hash of their address and browser), on pages that never name them
    (a client's share page). A template that reads it gets the same answer."""
    if not has_request_context() or "_user_id" in session:
        return {"current_user": current_user._get_current_object()}
    return {"current_user": current_user}
