"""Response headers that hold the browser to what this application does: its own scripts only
(no inline script: Flask-Admin's inline handlers are replaced, see ``page_actions.js``), no
framing, no sniffing, no caching of pages that show the registry's data."""

from __future__ import annotations

from flask import Flask, request

#: Styles may be inline: Flask-Admin's and our templates set ``style`` attributes, which
#: cannot run code. Everything else comes from this site alone; nothing may frame it.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Pages and downloads of the registry's data are not kept by the browser or a proxy
        # (a shared office computer); the app's own scripts, styles and fonts may be.
        if not (request.endpoint or "").endswith("static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
