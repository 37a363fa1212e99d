"""Real-browser fixtures: the portal in a live server, Debian's Chromium driven by Playwright.

Page checks (axe, weight, origin) live in `tests/browser/helpers.py`.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from dataclasses import field

import pytest
from werkzeug.serving import make_server

from portal.db import bind
from portal.db import connected
from tests.browser.helpers import DESKTOP
from tests.browser.helpers import PHONE
from tests.browser.html_check import check_pages
from tests.browser.html_check import checker_missing
from tests.browser.html_check import keep_pages
from tests.support import make_test_app

CHROMIUM = os.environ.get("DEBRIEF_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def valid_html():
    """After the last browser test, the Nu HTML Checker reads every page the tests opened."""
    missing = checker_missing()
    if missing:
        pytest.fail(missing)
    yield
    errors = check_pages()
    assert not errors, f"The HTML checker found {len(errors)} errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def playwright_instance():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the README's test command")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@dataclass
class LiveServer:
    """The portal served on 127.0.0.1 in a thread, on its own fresh database."""

    app: object
    url: str
    _server: object = field(repr=False, default=None)

    def data(self):
        """A connection for building test data directly (use as a context manager)."""
        bind(self.app)
        return connected()


@pytest.fixture
def live_server(app_config, request):
    app = make_test_app({**app_config, "COUNT_QUERIES": True})
    keep_pages(app, request.node.nodeid)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}", _server=server)
    yield live
    server.shutdown()
    thread.join(5)


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context (no cookies, no cache) and its page."""
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server):
    """A fresh desktop-sized browser context and its page."""
    context = browser.new_context(base_url=live_server.url, **DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_phone(browser, live_server):
    """Make more phone contexts (another person on another phone)."""
    contexts = []

    def _make():
        context = browser.new_context(base_url=live_server.url, **PHONE)
        contexts.append(context)
        return context.new_page()

    yield _make
    for context in contexts:
        context.close()
