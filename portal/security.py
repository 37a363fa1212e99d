"""Security headers on every response: a strict CSP with no inline script, and friends."""

from flask import Flask, request

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
        defaults.append(("Strict-Transport-Security", "max-age=31536000"))

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        # One pass over what the view set, rather than a lookup per header.
        present = {name.lower() for name, _ in headers.items()}
        for name, value in defaults:
            if name.lower() not in present:
                headers.add(name, value)
        if request.endpoint != "static" and "cache-control" not in present:
            # Pages carry personal data: never keep them in shared caches.
            headers.add("Cache-Control", "private, no-cache")
        return response
