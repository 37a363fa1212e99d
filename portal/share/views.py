"""The client's read-only view of a candidate packet, and the stylesheet that confirms a view.

Both answer every dead link (unknown, malformed, expired, revoked, candidate deactivated)
with the same page and status, so a stranger learns nothing from trying.
"""

from flask import current_app, render_template, request, session
from flask_login import current_user

from portal.auth.guards import access
from portal.services import sharing
from portal.services.errors import NotFound, Throttled
from portal.share import bp

# Real CSS, and the page's last stylesheet: its request is what marks a person's view.
SEEN_CSS = "/* Debrief share page */\n.packet{display:block}\n"


def _limits() -> dict:
    cfg = current_app.config
    return {
        "address": request.remote_addr or "",
        "limit": cfg.get("SHARE_FAILURES_PER_ADDRESS", sharing.BAD_TOKENS_PER_ADDRESS),
        "window": cfg.get("SHARE_WINDOW_SECONDS", sharing.BAD_TOKEN_WINDOW),
    }


def _staff() -> bool:
    # A recruiter checking a link is not the client: their openings are not counted.
    # A client has no session user: no need to ask Flask-Login.
    return "_user_id" in session and current_user.is_authenticated and current_user.is_recruiter


def _gone(status: int = 404, retry_after: int | None = None):
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return render_template("share/gone.html"), status, headers


@bp.get("/<token>", provide_automatic_options=False)
@access("share")
def packet(token: str):
    """Show the packet a valid link names; every invalid link gets the same answer."""
    staff = _staff()
    try:
        link_id = sharing.open_link(
            raw=token,
            user_agent=request.headers.get("User-Agent", ""),
            head=request.method == "HEAD",
            staff=staff,
            **_limits(),
        )
    except Throttled as exc:
        return _gone(429, exc.retry_after)
    except NotFound:
        return _gone()
    # Drawn anew for every opening, like the opening's log entry above: the page is
    # sent `no-store` (share/__init__.py), so no browser or proxy keeps a copy to reuse.
    return render_template("share/packet.html", packet=sharing.packet_for(link_id), token=token)


@bp.get("/<token>/seen.css", provide_automatic_options=False)
@access("share")
def seen(token: str):
    """The packet page's stylesheet: loading it confirms a person opened the page."""
    try:
        sharing.confirm_view(
            raw=token,
            user_agent=request.headers.get("User-Agent", ""),
            head=request.method == "HEAD",
            staff=_staff(),
            **_limits(),
        )
    except Throttled as exc:
        return _gone(429, exc.retry_after)
    except NotFound:
        return _gone()
    return SEEN_CSS, 200, {"Content-Type": "text/css; charset=utf-8"}
