"""Who may reach a route: every view declares one access rule with `@access(...)`.

Rules:
- "anonymous": anyone, signed in or not.
- "candidate": a signed-in candidate; the view must scope every object to them.
- "recruiter": a signed-in recruiter (the recruiter blueprint adds one more guard).
- "share": anyone holding a valid share token; the view checks the token.

A test walks the URL map and fails on any view without a rule.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager
from portal.web import signed_in_user

RULES = ("anonymous", "candidate", "recruiter", "share")


def access(rule: str):
    """Declare and enforce who may reach the decorated view."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorate(view):
        if rule in ("candidate", "recruiter"):

            @wraps(view)
            def guarded(*args, **kwargs):
                user = signed_in_user()  # one proxy lookup, not two
                if not user.is_authenticated:
                    return login_manager.unauthorized()
                if user.role != rule:
                    abort(403)
                return view(*args, **kwargs)

        else:

            @wraps(view)
            def guarded(*args, **kwargs):
                return view(*args, **kwargs)

        guarded.access_rule = rule
        return guarded

    return decorate


def require_recruiter():
    """The recruiter blueprint's own guard, run before every one of its views (each view's
    `@access("recruiter")` checks the same again)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_recruiter:
        abort(403)
    return None


def safe_next(target: str | None, fallback: str) -> str:
    """A local path to go to after sign-in; anything pointing off-site becomes `fallback`."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target
