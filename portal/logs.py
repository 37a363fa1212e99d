"""Logs never carry a one-time token: share, invite and reset tokens live in URL paths.

`redact` cuts them out of any text; `RedactTokens` applies it to log records of
the development server and the app; gunicorn's access log uses `redact` too
(gunicorn.conf.py).
"""

from __future__ import annotations

import logging
import re

from flask import Flask

_TOKEN_IN_PATH = re.compile(r"(/(?:s|invite|reset)/)[^/\s?\"]+")


def redact(text: str) -> str:
    """`text` with any token in a /s/, /invite/ or /reset/ path replaced by '…'."""
    return _TOKEN_IN_PATH.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    """A log filter that cuts tokens out of a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


_FILTER = RedactTokens()


def init_app(app: Flask) -> None:
    """Filter the development server's request log and the app's own (error) log."""
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
