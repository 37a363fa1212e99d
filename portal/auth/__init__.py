"""Sign-in, sign-out, invites and password resets."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from portal.auth import views  # noqa: E402,F401  (registers the routes)
