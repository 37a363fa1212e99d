"""The portal's Flask and Jinja environment: Flask's and Jinja's own, without two costs
they pay on every request for features the portal does not use."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask import Flask
from flask.templating import Environment


class PageEnvironment(Environment):
    """Flask's Jinja environment, its templates reading the environment's globals as
    they are."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals themselves when a template brings none of its own
        (the portal's never do). Jinja would lay an empty dict over them in a ChainMap,
        which every page and macro then copies key by key in Python to start its context
        (about 3 % of a drawn page)."""
        if d:
            return super().make_globals(d)
        return self.globals


class Portal(Flask):
    """Flask, with the page environment above, running plain functions as they are."""

    jinja_environment = PageEnvironment

    def ensure_sync(self, func):
        """`func` as it is: Flask would ask `inspect` whether it is a coroutine for every
        hook and view of every request. The portal has no async function to run (its
        workers are sync; tests/test_startup.py checks that none is registered)."""
        return func
