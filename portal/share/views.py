"""The client's read-only view of a candidate packet."""

from flask import render_template

from portal.auth.guards import access
from portal.share import bp


@bp.get("/<token>")
@access("share")
def packet(token: str):
    """Show the packet a valid link names; every invalid link gets the same answer."""
    response = render_template("share/gone.html")
    return (
        response,
        404,
        {
            "X-Robots-Tag": "noindex, nofollow",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )
