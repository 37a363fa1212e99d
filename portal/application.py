"""The portal's Flask and Jinja environment: Flask's and Jinja's own, without three costs
they pay on every request for features the portal does not use (async views, templates
with globals of their own, template functions asked what they want passed)."""

from __future__ import annotations

from collections.abc import MutableMapping
from types import FunctionType
from typing import Any

from flask import Flask
from flask.templating import Environment
from jinja2 import pass_eval_context
from jinja2.runtime import Context

# How Jinja marks a function that takes the evaluation context (`pass_eval_context`).
_WANTS_EVAL_CONTEXT = getattr(pass_eval_context(lambda: None), "jinja_pass_arg")  # noqa: B009


class PageContext(Context):
    """Jinja's template context, calling a plain function from a template directly."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        """`__obj(*args, **kwargs)`. Jinja first asks every callable whether it wants the
        context, the environment or the evaluation context passed: two failed attribute
        lookups (each an exception inside Python) on every `_()`, `url_for` and field a
        page draws. A plain function is called as it is, given the evaluation context
        first if it asks for it (the template's `_()` does); any other callable goes
        through Jinja's own `call`."""
        if type(__obj) is FunctionType:
            wants = __obj.__dict__.get("jinja_pass_arg")
            if wants is None or wants is _WANTS_EVAL_CONTEXT:
                # Jinja adds these two to calls made in loops and blocks, for functions
                # that take the context; these do not.
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
                if wants is not None:
                    args = (__self.eval_ctx, *args)
                try:
                    return __obj(*args, **kwargs)
                except StopIteration:  # as Jinja does: a value that is undefined
                    return __self.environment.undefined(
                        "value was undefined because a callable raised a StopIteration exception"
                    )
        return super().call(__obj, *args, **kwargs)


class PageEnvironment(Environment):
    """Flask's Jinja environment, its templates reading the environment's globals as
    they are, its contexts calling plain functions directly."""

    context_class = PageContext

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
