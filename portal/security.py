"""Security headers on every response: a strict CSP with no inline script, and friends,
and `Cache-Control: no-store` wherever a view set no Cache-Control of its own."""

from flask import Flask
from flask import request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def init_app(app: Flask) -> None:
    """Add the headers; views may set a stricter Referrer-Policy of their own."""
    defaults = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        # Not no-referrer: Flask-WTF checks the Referer of HTTPS form posts.
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ]
    if app.config["HTTPS"]:
        defaults.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        # One pass over what the view set, rather than a lookup per header.
        present = {name.lower() for name, _ in headers.items()}
        for name, value in defaults:
            if name.lower() not in present:
                headers.add(name, value)
        if request.endpoint != "static" and "cache-control" not in present:
            # Pages carry personal data and one-time links: no cache keeps
            # them, so a shared phone's Back button shows nothing after
            # sign-out. A view that knows better (a candidate page
            # revalidated by ETag) sets its own Cache-Control.
            headers.add("Cache-Control", "no-store")
        return response
